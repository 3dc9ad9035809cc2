/** pdf.js ships its worker module without types; we only hand it to pdf.js (globalThis.pdfjsWorker). */
declare module 'pdfjs-dist/build/pdf.worker.mjs' {
  export const WorkerMessageHandler: unknown;
}
