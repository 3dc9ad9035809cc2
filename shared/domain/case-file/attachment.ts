/**
 * Attachments (evidence files). Content: crypto_secretstream_xchacha20poly1305 in 64 KiB
 * chunks in the attachment_chunks table; metadata: a sealed record of kind 'attachment' in the
 * case's collection. Uploads and reads travel over IPC in base64 pieces of at most 1 MiB.
 */
import { z } from 'zod';
import { RecordId } from '../case';

export const ATTACHMENT_PIECE_MAX_BYTES = 1024 * 1024;
/** base64 of 1 MiB. */
export const ATTACHMENT_PIECE_MAX_BASE64 = 4 * Math.ceil(ATTACHMENT_PIECE_MAX_BYTES / 3);
/** Largest file accepted (evidence videos are out of scope for now). */
export const ATTACHMENT_MAX_BYTES = 512 * 1024 * 1024;

export const ATTACHMENT_CATEGORIES = ['injury-photo', 'medical-certificate', 'police-report', 'messages', 'legal-document', 'other'] as const;
export const AttachmentCategory = z.enum(ATTACHMENT_CATEGORIES);

export const Base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64');

export const AttachmentBegin = z.strictObject({
  caseId: RecordId,
  fileName: z.string().trim().min(1).max(255),
  mimeType: z.string().trim().min(1).max(120),
  /** Announced size; finish refuses a different total. */
  size: z.number().int().nonnegative().max(ATTACHMENT_MAX_BYTES),
  category: AttachmentCategory.default('other'),
  description: z.string().max(2000).default('')
});
export type AttachmentBegin = z.input<typeof AttachmentBegin>;

export const UploadId = z.string().regex(/^[0-9a-f]{32}$/);

export const AttachmentAppend = z.strictObject({
  uploadId: UploadId,
  /** 0, 1, 2… in order; a gap or repeat is refused. */
  seq: z.number().int().nonnegative(),
  data: Base64.max(ATTACHMENT_PIECE_MAX_BASE64)
});

export const Attachment = z.strictObject({
  id: RecordId,
  caseId: RecordId,
  revision: z.number().int().positive(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number().int().nonnegative(),
  /** SHA-256 of the plaintext, lower-case hex (for legal use). */
  sha256: z.string(),
  /** ISO time the file was imported. */
  importedAt: z.string(),
  importedBy: z.string(),
  category: AttachmentCategory,
  description: z.string()
});
export type Attachment = z.infer<typeof Attachment>;

export const AttachmentRead = z.strictObject({
  caseId: RecordId,
  id: RecordId,
  offset: z.number().int().nonnegative().default(0),
  length: z.number().int().positive().max(ATTACHMENT_PIECE_MAX_BYTES).default(ATTACHMENT_PIECE_MAX_BYTES)
});

export const AttachmentBytes = z.strictObject({
  offset: z.number().int().nonnegative(),
  data: Base64,
  /** Total size of what is being read (the file, or the export). */
  total: z.number().int().nonnegative(),
  done: z.boolean()
});

/**
 * Export: 'encrypted' (default) = an Anxin export file (see docs/case-files.md) sealed under a
 * passphrase the user types; 'unencrypted' = the original bytes, only on an explicit choice,
 * and audited as such.
 */
export const AttachmentExportBegin = z.discriminatedUnion('format', [
  z.strictObject({ caseId: RecordId, id: RecordId, format: z.literal('encrypted'), passphrase: z.string().min(8).max(1024) }),
  z.strictObject({ caseId: RecordId, id: RecordId, format: z.literal('unencrypted') })
]);
export const AttachmentExportStarted = z.strictObject({
  exportId: UploadId,
  /** Suggested file name for the download ('<name>.anxin' when encrypted). */
  fileName: z.string(),
  mimeType: z.string(),
  total: z.number().int().nonnegative()
});
export const AttachmentExportRead = z.strictObject({
  exportId: UploadId,
  offset: z.number().int().nonnegative(),
  length: z.number().int().positive().max(ATTACHMENT_PIECE_MAX_BYTES).default(ATTACHMENT_PIECE_MAX_BYTES)
});
