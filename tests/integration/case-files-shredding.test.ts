// Deleting a case is crypto-shredding: its collection key row and every row of its collection are
// gone, its sealed rows no longer open even with the master key, and a tombstone tells other
// devices to do the same.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initCrypto, randomKey } from '../../main/services/crypto';
import { DATABASE_FILE, openUnlockedSession, type UnlockedSession } from '../../main/services/unlocked-session';
import type { SealedRow } from '../../main/services/sealed-store';
import { makeTempDir } from '../helpers/temp-dir';
import { AppError } from '../../shared/errors';

let tmp: ReturnType<typeof makeTempDir>;
let masterKey: Uint8Array;
const sessions: UnlockedSession[] = [];

function unlock(): UnlockedSession {
  // The session wipes the key it is given at close: hand it a copy.
  const s = openUnlockedSession({ profileId: '0123456789abcdef', displayName: 'Sara', profileDir: tmp.dir, masterKey: new Uint8Array(masterKey), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
  sessions.push(s);
  return s;
}
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'ok';
};

beforeAll(async () => {
  await initCrypto();
});
beforeEach(() => {
  tmp = makeTempDir('anxin-cf-shred-');
  masterKey = randomKey();
});
afterEach(() => {
  for (const s of sessions.splice(0)) s.close();
  tmp.cleanup();
});

function populate(s: UnlockedSession, pseudonym: string) {
  const c = s.cases.create({ pseudonym, status: 'active', summary: `${pseudonym} shelter intake` });
  s.cases.setIdentity(c.id, 0, { legalName: `${pseudonym} legal`, phone: '+32 470 000000' });
  s.caseFiles.incidents.save(c.id, undefined, 0, { date: { precision: 'day', value: '2026-01-02' }, description: `${pseudonym} incident` });
  s.consents.record(c.id, { scope: 'services', givenOn: '2026-01-02', method: 'written' });
  s.caseFiles.plans.saveTask(c.id, undefined, 0, { title: `${pseudonym} task`, dueOn: '2026-01-03' });
  const a = s.caseFiles.attachments.begin({ caseId: c.id, fileName: `${pseudonym}.jpg`, mimeType: 'image/jpeg', size: 100_000 });
  s.caseFiles.attachments.append(a.uploadId, 0, randomBytes(100_000).toString('base64'));
  s.caseFiles.attachments.finish(a.uploadId);
  return c;
}

describe('crypto-shredding a case', () => {
  it('destroys the key row and every row of the collection, leaves a tombstone, and the rows never open again', () => {
    const s = unlock();
    const keep = populate(s, 'Keep');
    const gone = populate(s, 'Gone');
    const collection = s.caseFiles.registry.get(gone.id).collection;
    const raw = new Database(join(tmp.dir, DATABASE_FILE));
    try {
      const ids = raw.prepare('SELECT id, MAX(revision) AS revision FROM records WHERE collection = ? GROUP BY id').all(collection) as Array<{ id: string; revision: number }>;
      expect(ids.length).toBeGreaterThanOrEqual(7); // core, identity, incident, consent, task, attachment, audit entries
      const sealed: SealedRow[] = ids.map((r) => s.store.exportSealed(r.id, r.revision));

      const head = s.cases.get(gone.id);
      expect(codeOf(() => s.cases.remove(gone.id, head.revision + 5))).toBe('record/conflict');
      s.cases.remove(gone.id, head.revision);

      // Key row, records and attachment chunks: gone from the database.
      expect(raw.prepare('SELECT COUNT(*) AS n FROM collections WHERE id = ?').get(collection)).toEqual({ n: 0 });
      expect(raw.prepare('SELECT COUNT(*) AS n FROM records WHERE collection = ?').get(collection)).toEqual({ n: 0 });
      expect(raw.prepare('SELECT COUNT(*) AS n FROM attachment_chunks WHERE collection = ?').get(collection)).toEqual({ n: 0 });
      // The other case is untouched.
      expect(s.cases.get(keep.id).pseudonym).toBe('Keep');
      expect(s.caseFiles.attachments.list(keep.id)).toHaveLength(1);
      expect(s.caseFiles.attachments.verify(keep.id, s.caseFiles.attachments.list(keep.id)[0]!.id).ok).toBe(true);

      // Gone from every read path and from the in-memory index.
      expect(codeOf(() => s.cases.get(gone.id))).toBe('record/not-found');
      expect(codeOf(() => s.cases.history(gone.id))).toBe('record/not-found');
      expect(codeOf(() => s.cases.reveal(gone.id))).toBe('record/not-found');
      expect(codeOf(() => s.caseFiles.incidents.list(gone.id))).toBe('record/not-found');
      expect(s.caseFiles.caseload.list().map((r) => r.id)).toEqual([keep.id]);
      expect(s.caseFiles.caseload.search('Gone')).toEqual([]);
      expect(s.index.search('incident').map((h) => h.id)).toEqual([keep.id]);
      expect(s.caseFiles.plans.due(365).map((t) => t.title)).toEqual(['Keep task']);

      // The tombstone names the case and its collection.
      expect(s.caseFiles.settings.shreds()).toEqual([expect.objectContaining({ caseId: gone.id, collection, actor: 'Sara' })]);

      // The saved sealed rows cannot be put back: their collection key no longer exists —
      // not in this session, and not after a fresh unlock with the same master key.
      for (const row of sealed) expect(codeOf(() => s.store.importSealed(row))).toBe('record/not-found');
      s.close();
      sessions.length = 0;
      const again = unlock();
      for (const row of sealed) expect(codeOf(() => again.store.importSealed(row))).toBe('record/not-found');
      expect(again.cases.list().map((c) => c.id)).toEqual([keep.id]);
      expect(again.caseFiles.settings.shreds().map((x) => x.caseId)).toEqual([gone.id]);
    } finally {
      raw.close();
    }
  });

  it('honours a tombstone that arrives from another device: the local copy is shredded at the next load', () => {
    const s = unlock();
    const c = populate(s, 'Elsewhere');
    const collection = s.caseFiles.registry.get(c.id).collection;
    // What sync delivers when another device shredded the case: a tombstone record in the
    // organisation's settings collection (written here through the same service).
    s.caseFiles.settings.addShred({ caseId: c.id, collection, at: '2026-01-05T00:00:00.000Z', actor: 'Other worker', device: 'ffffffffffffffff' });
    expect(s.cases.get(c.id).pseudonym).toBe('Elsewhere'); // not yet applied
    s.close();
    sessions.length = 0;
    const again = unlock();
    expect(codeOf(() => again.cases.get(c.id))).toBe('record/not-found');
    const raw = new Database(join(tmp.dir, DATABASE_FILE));
    try {
      expect(raw.prepare('SELECT COUNT(*) AS n FROM collections WHERE id = ?').get(collection)).toEqual({ n: 0 });
      expect(raw.prepare('SELECT COUNT(*) AS n FROM records WHERE collection = ?').get(collection)).toEqual({ n: 0 });
    } finally {
      raw.close();
    }
    expect(again.caseFiles.caseload.list()).toEqual([]);
  });
});
