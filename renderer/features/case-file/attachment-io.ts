/**
 * Moving attachment bytes over IPC in base64 pieces of at most 1 MiB (the contract's limit):
 * upload from a File, read back into memory for a preview (never to disk), or read an export.
 */
import { ATTACHMENT_PIECE_MAX_BYTES, type Attachment } from '../../../shared/domain/case-file';
import type { AnxinApi } from '../../../shared/ipc/api';
import type { Result } from '../../../shared/result';

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) binary += String.fromCharCode(...bytes.subarray(i, i + step));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export async function uploadFile(
  api: AnxinApi,
  caseId: string,
  file: File,
  meta: { category: Attachment['category']; description: string },
  onProgress: (fraction: number) => void
): Promise<Result<Attachment>> {
  const begun = await api.attachments.begin({
    caseId,
    fileName: file.name.slice(0, 255) || 'file',
    mimeType: (file.type || 'application/octet-stream').slice(0, 120),
    size: file.size,
    category: meta.category,
    description: meta.description
  });
  if (!begun.ok) return begun;
  const { uploadId } = begun.value;
  let seq = 0;
  for (let offset = 0; offset < file.size; offset += ATTACHMENT_PIECE_MAX_BYTES) {
    const piece = new Uint8Array(await file.slice(offset, offset + ATTACHMENT_PIECE_MAX_BYTES).arrayBuffer());
    const appended = await api.attachments.append({ uploadId, seq: seq++, data: toBase64(piece) });
    if (!appended.ok) {
      await api.attachments.abort({ uploadId });
      return appended;
    }
    onProgress(Math.min(1, (offset + piece.length) / Math.max(1, file.size)));
  }
  return api.attachments.finish({ uploadId });
}

/** Reads pieces until `done`; the bytes stay in memory (a Blob), nothing is written to disk. */
export async function readAll(
  readPiece: (offset: number) => Promise<Result<{ offset: number; data: string; total: number; done: boolean }>>
): Promise<Result<Uint8Array<ArrayBuffer>[]>> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  let offset = 0;
  for (;;) {
    const r = await readPiece(offset);
    if (!r.ok) return r;
    const bytes = fromBase64(r.value.data);
    parts.push(bytes);
    offset += bytes.length;
    if (r.value.done || bytes.length === 0) return { ok: true, value: parts };
  }
}
