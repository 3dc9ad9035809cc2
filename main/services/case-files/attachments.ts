/**
 * Attachments: evidence files sealed with crypto_secretstream_xchacha20poly1305 in 64 KiB
 * messages (table attachment_chunks, migration 0002), metadata in a sealed 'attachment'
 * record of the case (file name, MIME type, size, SHA-256 of the plaintext, import time, the
 * stream key and header, the chunk count).
 *
 * - Upload (begin → append… → finish | abort): each ≤ 1 MiB piece is hashed and sealed as it
 *   arrives; at most one partial 64 KiB chunk of plaintext waits in memory. Plaintext never
 *   touches disk and never sits whole in memory or in the WASM heap.
 * - Read (preview): decrypts sequentially from the start (a stream cannot be entered in the
 *   middle); a per-attachment reader continues where the last read stopped, so reading a file
 *   front to back costs one pass. A chunk that does not authenticate (altered, reordered, from
 *   another attachment), a missing chunk, a FINAL tag before the end or no FINAL tag at the
 *   end → AppError('attachment/corrupt'); nothing of a refused chunk is returned.
 * - Export: only on request; 'encrypted' by default (an .anxin file, see EXPORT FORMAT below),
 *   'unencrypted' only as an explicit choice, audited as 'exported-unencrypted'.
 *
 * EXPORT FORMAT (.anxin, version 1), all integers big-endian:
 *   "ANXINEX1" | opsLimit u32 | memLimitKiB u32 | salt 16 | secretstream header 24 |
 *   messages: [length u32 | ciphertext]…
 *   key = Argon2id(passphrase, salt, opsLimit, memLimit); every message has the first 32
 *   bytes (magic, parameters, salt) as associated data. Message 0 is JSON metadata
 *   {fileName, mimeType, size, sha256, importedAt, exportedAt}; then the content in 64 KiB
 *   messages, the last one tagged FINAL. openExportFile() reads it back.
 */
import { Buffer } from 'node:buffer';
import { AppError } from '../../../shared/errors';
import type { Attachment, AttachmentBegin } from '../../../shared/domain/case-file';
import { AttachmentBegin as AttachmentBeginSchema, ATTACHMENT_PIECE_MAX_BYTES } from '../../../shared/domain/case-file';
import * as crypto from '../crypto';
import type { StoredRecord } from '../sealed-store';
import type { AuditLog } from './audit';
import { recordInCase, type CaseFileDeps } from './deps';
import { KIND } from './kinds';
import { attachmentText } from './search-text';

export const CHUNK_BYTES = 64 * 1024;
const EXPORT_MAGIC = 'ANXINEX1';
const EXPORT_KDF = crypto.KDF_FLOOR;

type Body = Omit<Attachment, 'id' | 'caseId' | 'revision'> & {
  streamKey: string;
  streamHeader: string;
  chunkCount: number;
  chunkBytes: number;
};

type Upload = {
  caseId: string;
  collection: string;
  attachmentId: string;
  meta: ReturnType<typeof AttachmentBeginSchema.parse>;
  key: Uint8Array;
  pusher: crypto.StreamPusher;
  hash: ReturnType<typeof crypto.sha256Stream>;
  pending: Buffer;
  nextPiece: number;
  received: number;
  sealed: number;
  chunks: number;
  finalPushed: boolean;
};

type Reader = { puller: crypto.StreamPuller; nextSeq: number; key: Uint8Array };

type Export = {
  caseId: string;
  rec: StoredRecord<Body>;
  total: number;
  delivered: number;
  /** Produces the next piece of output, or null at the end. */
  next(): Buffer | null;
  queue: Buffer[];
  queued: number;
  close(): void;
};

const adFor = (attachmentId: string) => crypto.utf8.encode(`anxin-attachment:${attachmentId}`);
const corrupt = (id: string, reason: string) => new AppError('attachment/corrupt', 'the attachment failed to open: altered, truncated or reordered', { id, reason });
const uploadInvalid = (reason: string) => new AppError('attachment/upload-invalid', `upload refused: ${reason}`, { reason });

export const chunkCountFor = (size: number) => Math.max(1, Math.ceil(size / CHUNK_BYTES));

export function createAttachmentService(deps: CaseFileDeps, audit: AuditLog) {
  const { db, store, registry, actor, now } = deps;
  const uploads = new Map<string, Upload>();
  const readers = new Map<string, Reader>();
  const exports = new Map<string, Export>();
  const viewed = new Set<string>();

  const insertChunk = db.prepare('INSERT INTO attachment_chunks (attachment_id, seq, collection, data) VALUES (?, ?, ?, ?)');
  const selectChunk = db.prepare<[string, number], { data: Uint8Array }>('SELECT data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?');
  const countChunks = db.prepare<[string], { n: number; maxSeq: number | null }>('SELECT COUNT(*) AS n, MAX(seq) AS maxSeq FROM attachment_chunks WHERE attachment_id = ?');
  const deleteChunks = db.prepare('DELETE FROM attachment_chunks WHERE attachment_id = ?');

  const toAttachment = (caseId: string, { header, body }: StoredRecord<Body>): Attachment => ({
    id: header.id,
    caseId,
    revision: header.revision,
    fileName: body.fileName,
    mimeType: body.mimeType,
    size: body.size,
    sha256: body.sha256,
    importedAt: body.importedAt,
    importedBy: body.importedBy,
    category: body.category,
    description: body.description
  });

  function getUpload(uploadId: string): Upload {
    const u = uploads.get(uploadId);
    if (!u) throw uploadInvalid('unknown-upload');
    return u;
  }

  function dropUpload(uploadId: string, u: Upload): void {
    uploads.delete(uploadId);
    u.pusher.close();
    crypto.wipe(u.key);
    u.pending.fill(0);
    deleteChunks.run(u.attachmentId);
  }

  /** Seals full chunks (and the last one, tagged FINAL, once `size` bytes are in). */
  function sealPending(u: Upload): void {
    let buf = u.pending;
    const chunks: Array<{ seq: number; data: Uint8Array }> = [];
    while (buf.length >= CHUNK_BYTES || (buf.length > 0 && u.sealed + buf.length === u.meta.size)) {
      const n = Math.min(CHUNK_BYTES, buf.length);
      const plain = buf.subarray(0, n);
      const final = u.sealed + n === u.meta.size;
      chunks.push({ seq: u.chunks, data: u.pusher.push(plain, adFor(u.attachmentId), final) });
      plain.fill(0);
      u.sealed += n;
      u.chunks++;
      if (final) u.finalPushed = true;
      buf = buf.subarray(n);
    }
    u.pending = Buffer.from(buf); // a copy: the old buffer is wiped below by the caller's fill
    buf.fill(0);
    if (chunks.length > 0) {
      store.transaction(() => {
        for (const c of chunks) insertChunk.run(u.attachmentId, c.seq, u.collection, c.data);
      });
    }
  }

  function metaOf(caseId: string, id: string): StoredRecord<Body> {
    return recordInCase<Body>(deps, caseId, id, KIND.attachment);
  }

  function openReader(rec: StoredRecord<Body>): Reader {
    const { n, maxSeq } = countChunks.get(rec.header.id)!;
    if (n !== rec.body.chunkCount || maxSeq !== rec.body.chunkCount - 1) throw corrupt(rec.header.id, 'chunk-count');
    const key = crypto.fromBase64(rec.body.streamKey);
    try {
      return { puller: crypto.streamPull(key, crypto.fromBase64(rec.body.streamHeader)), nextSeq: 0, key };
    } catch {
      crypto.wipe(key);
      throw corrupt(rec.header.id, 'header');
    }
  }

  function closeReader(r: Reader): void {
    r.puller.close();
    crypto.wipe(r.key);
  }

  /** The next chunk's plaintext from a reader; checks the FINAL tag position. */
  function pullNext(rec: StoredRecord<Body>, r: Reader): Uint8Array {
    const seq = r.nextSeq;
    const row = selectChunk.get(rec.header.id, seq);
    if (!row) throw corrupt(rec.header.id, 'missing-chunk');
    let out: { message: Uint8Array; final: boolean };
    try {
      out = r.puller.pull(row.data, adFor(rec.header.id));
    } catch {
      throw corrupt(rec.header.id, 'authentication');
    }
    const last = seq === rec.body.chunkCount - 1;
    if (out.final !== last) {
      crypto.wipe(out.message);
      throw corrupt(rec.header.id, last ? 'no-final-tag' : 'early-final-tag');
    }
    r.nextSeq++;
    return out.message;
  }

  /** Bytes [offset, offset+length) of the plaintext, through the reader kept under `readerKey`. */
  function readRange(rec: StoredRecord<Body>, offset: number, length: number, readerKey: string): { bytes: Buffer; done: boolean } {
    const size = rec.body.size;
    if (offset > size) throw new AppError('ipc/invalid-request', 'offset beyond the end of the file');
    const end = Math.min(size, offset + length);
    const firstSeq = Math.floor(offset / CHUNK_BYTES);
    let r = readers.get(readerKey);
    if (!r || r.nextSeq > firstSeq) {
      if (r) closeReader(r);
      readers.delete(readerKey);
      r = openReader(rec);
      readers.set(readerKey, r);
    }
    const parts: Buffer[] = [];
    try {
      while (r.nextSeq * CHUNK_BYTES < Math.max(end, 1) && r.nextSeq < rec.body.chunkCount) {
        const chunkStart = r.nextSeq * CHUNK_BYTES;
        const plain = pullNext(rec, r);
        const from = Math.max(offset, chunkStart) - chunkStart;
        const to = Math.min(end, chunkStart + plain.length) - chunkStart;
        if (to > from) parts.push(Buffer.from(plain.subarray(from, to)));
        crypto.wipe(plain);
      }
    } catch (e) {
      closeReader(r);
      readers.delete(readerKey);
      throw e;
    }
    const done = end >= size;
    if (done || r.nextSeq >= rec.body.chunkCount) {
      closeReader(r);
      readers.delete(readerKey);
    }
    return { bytes: Buffer.concat(parts), done };
  }

  function forgetReaders(attachmentId: string): void {
    for (const [k, r] of readers) {
      if (k === attachmentId || k.startsWith(`${attachmentId}:`)) {
        closeReader(r);
        readers.delete(k);
      }
    }
  }

  function startEncryptedExport(rec: StoredRecord<Body>, passphrase: string): Omit<Export, 'caseId' | 'rec' | 'delivered' | 'queue' | 'queued'> {
    const salt = crypto.randomBytes(16);
    const prefix = Buffer.alloc(32);
    prefix.write(EXPORT_MAGIC, 0, 'ascii');
    prefix.writeUInt32BE(EXPORT_KDF.opsLimit, 8);
    prefix.writeUInt32BE(EXPORT_KDF.memLimitBytes / 1024, 12);
    Buffer.from(salt).copy(prefix, 16);
    const key = crypto.derivePassphraseKey(passphrase, salt, EXPORT_KDF);
    const pusher = crypto.streamPush(key);
    const meta = Buffer.from(
      JSON.stringify({
        fileName: rec.body.fileName,
        mimeType: rec.body.mimeType,
        size: rec.body.size,
        sha256: rec.body.sha256,
        importedAt: rec.body.importedAt,
        exportedAt: new Date(now()).toISOString()
      })
    );
    const n = rec.body.chunkCount;
    const total = prefix.length + crypto.STREAM_HEADER_BYTES + (4 + meta.length + crypto.STREAM_ABYTES) + rec.body.size + n * (4 + crypto.STREAM_ABYTES);
    const framed = (c: Uint8Array) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(c.length, 0);
      return Buffer.concat([len, c]);
    };
    const reader = openReader(rec);
    let stage: 'head' | 'body' | 'end' = 'head';
    const close = () => {
      pusher.close();
      closeReader(reader);
      crypto.wipe(key);
    };
    return {
      total,
      close,
      next() {
        if (stage === 'head') {
          stage = 'body';
          const m = pusher.push(meta, prefix, false);
          meta.fill(0);
          return Buffer.concat([prefix, Buffer.from(pusher.header), framed(m)]);
        }
        if (stage === 'end') return null;
        const plain = pullNext(rec, reader);
        const last = reader.nextSeq === n;
        const c = pusher.push(plain, prefix, last);
        crypto.wipe(plain);
        if (last) {
          stage = 'end';
          close();
        }
        return framed(c);
      }
    };
  }

  function startPlainExport(rec: StoredRecord<Body>): Omit<Export, 'caseId' | 'rec' | 'delivered' | 'queue' | 'queued'> {
    const reader = openReader(rec);
    const hash = crypto.sha256Stream();
    let ended = false;
    const close = () => closeReader(reader);
    return {
      total: rec.body.size,
      close,
      next() {
        if (ended || reader.nextSeq >= rec.body.chunkCount) return null;
        const plain = pullNext(rec, reader);
        hash.update(plain);
        if (reader.nextSeq === rec.body.chunkCount) {
          ended = true;
          close();
          if (crypto.toHex(hash.digest()) !== rec.body.sha256) throw corrupt(rec.header.id, 'sha256');
        }
        const out = Buffer.from(plain);
        crypto.wipe(plain);
        return out;
      }
    };
  }

  return {
    list(caseId: string): Attachment[] {
      const c = registry.get(caseId);
      return store
        .listInCollection<Body>(c.collection, KIND.attachment)
        .map((r) => toAttachment(caseId, r))
        .sort((a, b) => b.importedAt.localeCompare(a.importedAt));
    },

    begin(input: AttachmentBegin): { uploadId: string } {
      const parsed = AttachmentBeginSchema.safeParse(input);
      if (!parsed.success) throw new AppError('ipc/invalid-request', 'invalid attachment');
      const c = registry.get(parsed.data.caseId);
      const key = crypto.streamKey();
      const uploadId = crypto.randomId();
      uploads.set(uploadId, {
        caseId: c.id,
        collection: c.collection,
        attachmentId: crypto.randomId(),
        meta: parsed.data,
        key,
        pusher: crypto.streamPush(key),
        hash: crypto.sha256Stream(),
        pending: Buffer.alloc(0),
        nextPiece: 0,
        received: 0,
        sealed: 0,
        chunks: 0,
        finalPushed: false
      });
      return { uploadId };
    },

    append(uploadId: string, seq: number, data: string): { received: number } {
      const u = getUpload(uploadId);
      if (seq !== u.nextPiece) throw uploadInvalid('out-of-order');
      const bytes = Buffer.from(data, 'base64');
      try {
        if (bytes.length > ATTACHMENT_PIECE_MAX_BYTES) throw uploadInvalid('piece-too-large');
        if (u.received + bytes.length > u.meta.size) throw uploadInvalid('larger-than-announced');
        u.hash.update(bytes);
        const joined = Buffer.concat([u.pending, bytes]);
        u.pending.fill(0);
        u.pending = joined;
        sealPending(u);
        joined.fill(0);
        u.received += bytes.length;
        u.nextPiece++;
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'attachment/upload-invalid') dropUpload(uploadId, u);
        throw e;
      } finally {
        bytes.fill(0);
      }
      return { received: u.received };
    },

    finish(uploadId: string): Attachment {
      const u = getUpload(uploadId);
      if (u.received !== u.meta.size) {
        dropUpload(uploadId, u);
        throw uploadInvalid('size-mismatch');
      }
      if (!u.finalPushed) {
        // size 0: one empty FINAL message, so every stream ends with FINAL.
        const c = u.pusher.push(new Uint8Array(0), adFor(u.attachmentId), true);
        insertChunk.run(u.attachmentId, u.chunks, u.collection, c);
        u.chunks++;
        u.finalPushed = true;
      }
      const body: Body = {
        fileName: u.meta.fileName,
        mimeType: u.meta.mimeType,
        size: u.meta.size,
        sha256: crypto.toHex(u.hash.digest()),
        importedAt: new Date(now()).toISOString(),
        importedBy: actor.name,
        category: u.meta.category,
        description: u.meta.description,
        streamKey: crypto.toBase64(u.key),
        streamHeader: crypto.toBase64(u.pusher.header),
        chunkCount: u.chunks,
        chunkBytes: CHUNK_BYTES
      };
      const header = store.transaction(() => {
        const h = store.put({ id: u.attachmentId, kind: KIND.attachment, collection: u.collection, body });
        audit.append(u.caseId, 'attachment-added', 'attachment', h.id);
        return h;
      });
      uploads.delete(uploadId);
      u.pusher.close();
      crypto.wipe(u.key);
      registry.setPart(u.caseId, header.id, attachmentText(body));
      return toAttachment(u.caseId, { header, body });
    },

    abort(uploadId: string): void {
      const u = uploads.get(uploadId);
      if (u) dropUpload(uploadId, u);
    },

    read(caseId: string, id: string, offset = 0, length = ATTACHMENT_PIECE_MAX_BYTES): { offset: number; data: string; total: number; done: boolean } {
      const rec = metaOf(caseId, id);
      const { bytes, done } = readRange(rec, offset, Math.min(length, ATTACHMENT_PIECE_MAX_BYTES), id);
      if (!viewed.has(id)) {
        viewed.add(id);
        audit.append(caseId, 'attachment-viewed', 'attachment', id);
      }
      const data = bytes.toString('base64');
      bytes.fill(0);
      return { offset, data, total: rec.body.size, done };
    },

    /** Reads the whole attachment once, checking every chunk, the FINAL tag and the SHA-256. */
    verify(caseId: string, id: string): { ok: true; sha256: string } {
      const rec = metaOf(caseId, id);
      const r = openReader(rec);
      const hash = crypto.sha256Stream();
      try {
        while (r.nextSeq < rec.body.chunkCount) {
          const plain = pullNext(rec, r);
          hash.update(plain);
          crypto.wipe(plain);
        }
      } finally {
        closeReader(r);
      }
      const sha256 = crypto.toHex(hash.digest());
      if (sha256 !== rec.body.sha256) throw corrupt(id, 'sha256');
      return { ok: true, sha256 };
    },

    export(
      caseId: string,
      id: string,
      opts: { format: 'encrypted'; passphrase: string } | { format: 'unencrypted' }
    ): { exportId: string; fileName: string; mimeType: string; total: number } {
      const rec = metaOf(caseId, id);
      const producer = opts.format === 'encrypted' ? startEncryptedExport(rec, opts.passphrase) : startPlainExport(rec);
      const exportId = crypto.randomId();
      exports.set(exportId, { ...producer, caseId, rec, delivered: 0, queue: [], queued: 0 });
      audit.append(caseId, opts.format === 'encrypted' ? 'exported' : 'exported-unencrypted', 'attachment', id);
      return {
        exportId,
        fileName: opts.format === 'encrypted' ? `${rec.body.fileName}.anxin` : rec.body.fileName,
        mimeType: opts.format === 'encrypted' ? 'application/octet-stream' : rec.body.mimeType,
        total: producer.total
      };
    },

    /** Sequential: `offset` must be where the previous read ended. */
    exportRead(exportId: string, offset: number, length = ATTACHMENT_PIECE_MAX_BYTES): { offset: number; data: string; total: number; done: boolean } {
      const x = exports.get(exportId);
      if (!x) throw new AppError('record/not-found', 'no such export', { id: exportId });
      if (offset !== x.delivered) throw new AppError('ipc/invalid-request', 'exports are read in order', { expected: x.delivered });
      const want = Math.min(length, ATTACHMENT_PIECE_MAX_BYTES);
      try {
        while (x.queued < want) {
          const b = x.next();
          if (b === null) break;
          x.queue.push(b);
          x.queued += b.length;
        }
      } catch (e) {
        x.close();
        exports.delete(exportId);
        throw e;
      }
      const all = Buffer.concat(x.queue);
      const out = all.subarray(0, Math.min(want, all.length));
      const rest = Buffer.from(all.subarray(out.length));
      for (const q of x.queue) q.fill(0);
      x.queue = rest.length > 0 ? [rest] : [];
      x.queued = rest.length;
      x.delivered += out.length;
      const data = out.toString('base64');
      all.fill(0);
      const done = x.delivered >= x.total;
      if (done) {
        x.close();
        exports.delete(exportId);
      }
      return { offset, data, total: x.total, done };
    },

    remove(caseId: string, id: string): void {
      const rec = metaOf(caseId, id);
      forgetReaders(id);
      store.transaction(() => {
        store.remove(id, rec.header.revision);
        deleteChunks.run(id);
        audit.append(caseId, 'attachment-deleted', 'attachment', id);
      });
      registry.setPart(caseId, id, null);
    },

    /** Chunks of uploads that never finished (crash, lock): ciphertext whose key is gone. */
    dropOrphanChunks(): number {
      return db.prepare('DELETE FROM attachment_chunks WHERE attachment_id NOT IN (SELECT id FROM records)').run().changes;
    },

    /** At lock: abandon uploads, readers and exports and wipe their keys. */
    close(): void {
      for (const [id, u] of uploads) dropUpload(id, u);
      for (const r of readers.values()) closeReader(r);
      readers.clear();
      for (const x of exports.values()) x.close();
      exports.clear();
    }
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;

/** Reads an .anxin export back (what Anxin's import does): metadata and the verified content. */
export function openExportFile(file: Uint8Array, passphrase: string): { meta: Record<string, unknown>; content: Buffer } {
  const buf = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const bad = () => new AppError('export/unreadable', 'not an Anxin export, or the wrong passphrase');
  if (buf.length < 56 || buf.toString('ascii', 0, 8) !== EXPORT_MAGIC) throw bad();
  const params = { opsLimit: buf.readUInt32BE(8), memLimitBytes: buf.readUInt32BE(12) * 1024 };
  if (crypto.isBelowKdfFloor(params)) throw bad();
  const prefix = buf.subarray(0, 32);
  const key = crypto.derivePassphraseKey(passphrase, new Uint8Array(buf.subarray(16, 32)), params);
  const puller = crypto.streamPull(key, new Uint8Array(buf.subarray(32, 56)));
  let pos = 56;
  const nextMessage = () => {
    if (pos + 4 > buf.length) throw bad();
    const len = buf.readUInt32BE(pos);
    if (pos + 4 + len > buf.length) throw bad();
    const c = new Uint8Array(buf.subarray(pos + 4, pos + 4 + len));
    pos += 4 + len;
    try {
      return puller.pull(c, new Uint8Array(prefix));
    } catch {
      throw bad();
    }
  };
  try {
    const head = nextMessage();
    const meta = JSON.parse(Buffer.from(head.message).toString('utf8')) as Record<string, unknown>;
    const parts: Buffer[] = [];
    const hash = crypto.sha256Stream();
    let final = false;
    while (!final) {
      const m = nextMessage();
      hash.update(m.message);
      parts.push(Buffer.from(m.message));
      final = m.final;
    }
    if (pos !== buf.length) throw bad();
    const content = Buffer.concat(parts);
    if (crypto.toHex(hash.digest()) !== meta.sha256) throw bad();
    return { meta, content };
  } finally {
    puller.close();
    crypto.wipe(key);
  }
}
