/**
 * Saving a file the user asked for (an export, a letter PDF): a short-lived Blob URL and a
 * click on a temporary link. In Electron the download is checked by main's will-download
 * handler (only blob: URLs of the app); in the browser host the browser saves it.
 */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Bytes the service gave as base64 (PDFs, encrypted exports). */
export function downloadBase64(file: { filename: string; mimeType: string; base64: string }): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  downloadBlob(file.filename, new Blob([bytes], { type: file.mimeType }));
}

/** Text the service gave as a string (CSV, JSON). */
export function downloadText(file: { filename: string; mimeType: string; content: string }): void {
  downloadBlob(file.filename, new Blob([file.content], { type: `${file.mimeType};charset=utf-8` }));
}
