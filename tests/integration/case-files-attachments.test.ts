// Attachments: a 50 MB file through upload pieces, sealed in 64 KiB secretstream chunks, read
// back with a matching SHA-256; altered, reordered and truncated streams are refused; exports.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, randomKey } from '../../main/services/crypto';
import Database from 'better-sqlite3';
import { DATABASE_FILE, openUnlockedSession, type UnlockedSession } from '../../main/services/unlocked-session';
import { CHUNK_BYTES, openExportFile } from '../../main/services/case-files/attachments';
import { makeTempDir } from '../helpers/temp-dir';
import { AppError } from '../../shared/errors';

const MiB = 1024 * 1024;
let tmp: ReturnType<typeof makeTempDir>;
let session: UnlockedSession;
let caseId: string;

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return `${e.code}${e.details?.reason ? `:${String(e.details.reason)}` : ''}`;
    throw e;
  }
  return 'ok';
};

/** Uploads `bytes` (or a file) the way the renderer does: ≤ 1 MiB base64 pieces. */
function upload(source: { bytes: Uint8Array } | { file: string; size: number }, fileName: string, mimeType = 'application/octet-stream') {
  const a = session.caseFiles.attachments;
  const size = 'bytes' in source ? source.bytes.length : source.size;
  const { uploadId } = a.begin({ caseId, fileName, mimeType, size, category: 'injury-photo' });
  const fd = 'file' in source ? openSync(source.file, 'r') : -1;
  try {
    const piece = Buffer.alloc(MiB);
    for (let off = 0, seq = 0; off < size; off += MiB, seq++) {
      const n = Math.min(MiB, size - off);
      let chunk: Buffer;
      if ('bytes' in source) chunk = Buffer.from(source.bytes.subarray(off, off + n));
      else {
        readSync(fd, piece, 0, n, off);
        chunk = piece.subarray(0, n);
      }
      a.append(uploadId, seq, chunk.toString('base64'));
    }
  } finally {
    if (fd !== -1) closeSync(fd);
  }
  return a.finish(uploadId);
}

function readAll(id: string, pieceBytes = MiB): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const r = session.caseFiles.attachments.read(caseId, id, offset, pieceBytes);
    const b = Buffer.from(r.data, 'base64');
    parts.push(b);
    offset += b.length;
    if (r.done) break;
  }
  return Buffer.concat(parts);
}

function exportAll(exportId: string): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const r = session.caseFiles.attachments.exportRead(exportId, offset);
    const b = Buffer.from(r.data, 'base64');
    parts.push(b);
    offset += b.length;
    if (r.done) return Buffer.concat(parts);
  }
}

/** A second connection to the same database file: what someone with the file could change. */
let rawDb: Database.Database;
const chunkRows = (id: string) =>
  rawDb.prepare('SELECT seq, data FROM attachment_chunks WHERE attachment_id = ? ORDER BY seq').all(id) as Array<{ seq: number; data: Buffer }>;

beforeAll(async () => {
  await initCrypto();
  tmp = makeTempDir('anxin-cf-attach-');
  session = openUnlockedSession({ profileId: '0123456789abcdef', displayName: 'Ana', profileDir: tmp.dir, masterKey: randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
  rawDb = new Database(join(tmp.dir, DATABASE_FILE));
  caseId = session.cases.create({ pseudonym: 'Iris', status: 'active', summary: '' }).id;
});
afterAll(() => {
  rawDb.close();
  session.close();
  tmp.cleanup();
});

describe('attachments', () => {
  it('round-trips a 50 MB file: SHA-256 of the plaintext recorded and matched, 64 KiB chunks, encrypted and plain export', () => {
    const size = 50 * MiB + 12_345; // not a multiple of the chunk size
    const file = join(tmp.dir, 'evidence.bin');
    const content = randomBytes(size);
    writeFileSync(file, content);
    const expected = createHash('sha256').update(content).digest('hex');

    const meta = upload({ file, size }, 'injuries-2026-03-01.jpg', 'image/jpeg');
    expect(meta).toMatchObject({ fileName: 'injuries-2026-03-01.jpg', mimeType: 'image/jpeg', size, sha256: expected, importedBy: 'Ana', category: 'injury-photo' });
    const rows = chunkRows(meta.id);
    expect(rows.length).toBe(Math.ceil(size / CHUNK_BYTES));
    expect(rows.slice(0, -1).every((r) => r.data.length === CHUNK_BYTES + 17)).toBe(true);
    expect(session.caseFiles.attachments.list(caseId).map((a) => a.id)).toEqual([meta.id]);

    const back = readAll(meta.id);
    expect(back.length).toBe(size);
    expect(createHash('sha256').update(back).digest('hex')).toBe(expected);
    expect(session.caseFiles.attachments.verify(caseId, meta.id).sha256).toBe(expected);
    // A preview read from the middle.
    const mid = session.caseFiles.attachments.read(caseId, meta.id, 3 * CHUNK_BYTES + 100, 1000);
    expect(Buffer.from(mid.data, 'base64').equals(content.subarray(3 * CHUNK_BYTES + 100, 3 * CHUNK_BYTES + 1100))).toBe(true);
    expect(mid.done).toBe(false);

    // Export, encrypted by default: an .anxin file that opens with the passphrase and nothing else.
    const enc = session.caseFiles.attachments.export(caseId, meta.id, { format: 'encrypted', passphrase: 'a long export passphrase' });
    expect(enc.fileName).toBe('injuries-2026-03-01.jpg.anxin');
    const encrypted = exportAll(enc.exportId);
    expect(encrypted.length).toBe(enc.total);
    expect(encrypted.indexOf(content.subarray(1000, 1064))).toBe(-1);
    const opened = openExportFile(encrypted, 'a long export passphrase');
    expect(opened.meta).toMatchObject({ fileName: 'injuries-2026-03-01.jpg', size, sha256: expected });
    expect(opened.content.equals(content)).toBe(true);
    expect(codeOf(() => openExportFile(encrypted, 'wrong passphrase!'))).toBe('export/unreadable');
    const cut = encrypted.subarray(0, encrypted.length - 100);
    expect(codeOf(() => openExportFile(cut, 'a long export passphrase'))).toBe('export/unreadable');

    // Plain export only on an explicit choice.
    const plain = session.caseFiles.attachments.export(caseId, meta.id, { format: 'unencrypted' });
    expect(plain.total).toBe(size);
    expect(exportAll(plain.exportId).equals(content)).toBe(true);
    const actions = session.caseFiles.audit.list(caseId).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['attachment-added', 'attachment-viewed', 'exported', 'exported-unencrypted']));
    expect(actions.filter((a) => a === 'attachment-viewed')).toHaveLength(1);

    session.caseFiles.attachments.remove(caseId, meta.id);
    expect(chunkRows(meta.id)).toEqual([]);
  });

  it('refuses a flipped bit, reordered chunks, a truncated stream and a chunk from another attachment', () => {
    const bytes = randomBytes(5 * CHUNK_BYTES + 777);
    const a = upload({ bytes }, 'a.pdf', 'application/pdf');
    const b = upload({ bytes: randomBytes(3 * CHUNK_BYTES) }, 'b.pdf', 'application/pdf');
    expect(readAll(a.id).equals(bytes)).toBe(true);
    const setChunk = (id: string, seq: number, data: Buffer) => rawDb.prepare('UPDATE attachment_chunks SET data = ? WHERE attachment_id = ? AND seq = ?').run(data, id, seq);
    const rows = chunkRows(a.id);

    const flipped = Buffer.from(rows[2]!.data);
    flipped[40]! ^= 1;
    setChunk(a.id, 2, flipped);
    expect(codeOf(() => readAll(a.id))).toBe('attachment/corrupt:authentication');
    // Nothing past the bad chunk is served, even when asked for directly.
    expect(codeOf(() => session.caseFiles.attachments.read(caseId, a.id, 3 * CHUNK_BYTES, 10))).toBe('attachment/corrupt:authentication');
    setChunk(a.id, 2, rows[2]!.data);
    expect(readAll(a.id).equals(bytes)).toBe(true);

    setChunk(a.id, 1, rows[2]!.data);
    setChunk(a.id, 2, rows[1]!.data);
    expect(codeOf(() => readAll(a.id))).toBe('attachment/corrupt:authentication');
    setChunk(a.id, 1, rows[1]!.data);
    setChunk(a.id, 2, rows[2]!.data);

    setChunk(a.id, 1, chunkRows(b.id)[1]!.data);
    expect(codeOf(() => readAll(a.id))).toBe('attachment/corrupt:authentication');
    setChunk(a.id, 1, rows[1]!.data);

    const last = rows.at(-1)!;
    rawDb.prepare('DELETE FROM attachment_chunks WHERE attachment_id = ? AND seq = ?').run(a.id, last.seq);
    expect(codeOf(() => readAll(a.id))).toBe('attachment/corrupt:chunk-count');
    // Even with the count "repaired" by renumbering, the stream without its FINAL chunk is refused.
    rawDb.prepare('INSERT INTO attachment_chunks (attachment_id, seq, collection, data) SELECT attachment_id, ?, collection, data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?').run(last.seq, a.id, last.seq - 1);
    expect(codeOf(() => readAll(a.id))).toBe('attachment/corrupt:authentication');
    rawDb.prepare('UPDATE attachment_chunks SET data = ? WHERE attachment_id = ? AND seq = ?').run(last.data, a.id, last.seq);
    expect(readAll(a.id).equals(bytes)).toBe(true);
    expect(session.caseFiles.attachments.verify(caseId, a.id).ok).toBe(true);
  });

  it('refuses malformed uploads and drops their chunks; empty files work', () => {
    const att = session.caseFiles.attachments;
    const { uploadId } = att.begin({ caseId, fileName: 'x.txt', mimeType: 'text/plain', size: 10 });
    expect(codeOf(() => att.append(uploadId, 1, Buffer.from('abc').toString('base64')))).toBe('attachment/upload-invalid:out-of-order');
    att.append(uploadId, 0, Buffer.from('abcdef').toString('base64'));
    expect(codeOf(() => att.append(uploadId, 1, Buffer.from('ghijklmnop').toString('base64')))).toBe('attachment/upload-invalid:larger-than-announced');
    expect(codeOf(() => att.finish(uploadId))).toBe('attachment/upload-invalid:size-mismatch');
    expect(codeOf(() => att.append(uploadId, 1, 'AAAA'))).toBe('attachment/upload-invalid:unknown-upload');

    const big = att.begin({ caseId, fileName: 'y.bin', mimeType: 'application/octet-stream', size: 3 * CHUNK_BYTES });
    att.append(big.uploadId, 0, randomBytes(2 * CHUNK_BYTES + 5).toString('base64'));
    const before = (rawDb.prepare('SELECT COUNT(*) AS n FROM attachment_chunks').get() as { n: number }).n;
    att.abort(big.uploadId);
    expect((rawDb.prepare('SELECT COUNT(*) AS n FROM attachment_chunks').get() as { n: number }).n).toBe(before - 2);

    const empty = upload({ bytes: new Uint8Array(0) }, 'empty.txt', 'text/plain');
    expect(empty.sha256).toBe(createHash('sha256').update(Buffer.alloc(0)).digest('hex'));
    expect(session.caseFiles.attachments.read(caseId, empty.id)).toEqual({ offset: 0, data: '', total: 0, done: true });
    expect(chunkRows(empty.id)).toHaveLength(1);
  });
});
