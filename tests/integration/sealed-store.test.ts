// The sealed record store on real SQLite files (GUIDE §4 test 2 and the store's own rules).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/connection';
import { SCHEMA_VERSION } from '../../main/db/migrations';
import { initCrypto, randomId, randomKey } from '../../main/services/crypto';
import { createSealedStore, type SealedRow, type SealedStore } from '../../main/services/sealed-store';
import { AppError } from '../../shared/errors';
import { compareHlc, parseHlc } from '../../shared/records/hlc';

let dir: string;
let file: string;
let masterKey: Uint8Array;
const open: Array<{ db: Database.Database; store?: SealedStore }> = [];

function openStore(opts: { now?: () => number; key?: Uint8Array } = {}) {
  const db = openDatabase(file);
  const store = createSealedStore({ db, masterKey: opts.key ?? masterKey, now: opts.now });
  open.push({ db, store });
  return { db, store };
}
function closeAll() {
  for (const o of open.splice(0)) {
    o.store?.close();
    if (o.db.open) o.db.close();
  }
}

/** Runs `fn` and returns the AppError code it threw (fails the test if it threw nothing). */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

beforeAll(async () => {
  await initCrypto();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anxin-store-'));
  file = join(dir, 'anxin.db');
  masterKey = randomKey();
});
afterEach(() => {
  closeAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('database', () => {
  it('applies pragmas and migrations, tracked in user_version', () => {
    const db = openDatabase(file);
    open.push({ db });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    // 0002 (case files): attachment_chunks; 0004 (sync): its sync_* tables; 0005 (referrals): referral_*.
    expect(tables.filter((t) => !String(t).startsWith('sync_') && !String(t).startsWith('referral_'))).toEqual(['attachment_chunks', 'collections', 'keyring', 'meta', 'records']);
    expect(tables.filter((t) => String(t).startsWith('referral_'))).toEqual(['referral_outbox', 'referral_parts', 'referral_state']);
    db.close();
    // Reopening does not re-run migrations (0001 would fail on existing tables).
    const again = openDatabase(file);
    open.push({ db: again });
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('refuses a database written by a newer schema, and leaves it untouched', () => {
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(codeOf(() => openDatabase(file))).toBe('vault/unsupported-format');
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });
});

describe('sealed store', () => {
  it('round-trips records and lists live heads by kind', () => {
    const { store } = openStore();
    expect(store.deviceId).toMatch(/^[0-9a-f]{16}$/);
    const c = store.createCollection();
    expect(c).toMatch(/^[0-9a-f]{32}$/);
    const h = store.put({ kind: 'case', collection: c, body: { name: '小雨', n: 1 } });
    expect(h).toMatchObject({ v: 1, kind: 'case', revision: 1, collection: c, device: store.deviceId, deleted: false });
    expect(h.id).toMatch(/^[0-9a-f]{32}$/);
    store.put({ kind: 'note', collection: c, body: 'a note' });
    expect(store.get(h.id)).toEqual({ header: h, body: { name: '小雨', n: 1 } });
    expect(store.get(randomId())).toBeNull();
    expect(store.list('case').map((r) => r.header.id)).toEqual([h.id]);
    expect(store.list('note')).toHaveLength(1);
    expect(store.list('other')).toEqual([]);
  });

  it('keeps every revision, newest first, and appends sealed tombstones', () => {
    const { store } = openStore();
    const c = store.createCollection();
    const r1 = store.put({ kind: 'case', collection: c, body: { v: 'one' } });
    const r2 = store.put({ id: r1.id, kind: 'case', collection: c, body: { v: 'two' }, baseRevision: 1 });
    expect(r2.revision).toBe(2);
    expect(compareHlc(r2.hlc, r1.hlc)).toBe(1);
    expect(store.get(r1.id)?.body).toEqual({ v: 'two' });
    const t = store.remove(r1.id, 2);
    expect(t).toMatchObject({ revision: 3, deleted: true, kind: 'case', collection: c });
    expect(store.get(r1.id)).toBeNull();
    expect(store.list('case')).toEqual([]);
    expect(store.history(r1.id).map((h) => [h.header.revision, h.header.deleted, h.body])).toEqual([
      [3, true, null],
      [2, false, { v: 'two' }],
      [1, false, { v: 'one' }]
    ]);
    // A tombstone is final for local edits.
    expect(codeOf(() => store.put({ id: r1.id, kind: 'case', collection: c, body: {}, baseRevision: 3 }))).toBe('record/conflict');
    expect(codeOf(() => store.remove(r1.id, 3))).toBe('record/conflict');
    expect(store.history(randomId())).toEqual([]);
  });

  it('refuses writes based on a stale revision, or that change kind or collection', () => {
    const { store } = openStore();
    const c = store.createCollection();
    const r1 = store.put({ kind: 'case', collection: c, body: 1 });
    store.put({ id: r1.id, kind: 'case', collection: c, body: 2, baseRevision: 1 });
    expect(codeOf(() => store.put({ id: r1.id, kind: 'case', collection: c, body: 3, baseRevision: 1 }))).toBe('record/conflict');
    expect(codeOf(() => store.put({ id: r1.id, kind: 'case', collection: c, body: 3 }))).toBe('record/conflict');
    expect(codeOf(() => store.remove(r1.id, 1))).toBe('record/conflict');
    expect(codeOf(() => store.put({ id: r1.id, kind: 'note', collection: c, body: 3, baseRevision: 2 }))).toBe('record/conflict');
    expect(codeOf(() => store.put({ id: r1.id, kind: 'case', collection: store.createCollection(), body: 3, baseRevision: 2 }))).toBe(
      'record/conflict'
    );
    expect(codeOf(() => store.put({ id: randomId(), kind: 'case', collection: c, body: 3, baseRevision: 4 }))).toBe('record/not-found');
    expect(codeOf(() => store.remove(randomId(), 1))).toBe('record/not-found');
    expect(codeOf(() => store.put({ kind: 'case', collection: randomId(), body: 1 }))).toBe('record/not-found');
    expect(store.get(r1.id)?.body).toBe(2);
    expect(store.history(r1.id)).toHaveLength(2);
  });

  it('commits a transaction of several puts together or not at all', () => {
    const { store } = openStore();
    const c = store.createCollection();
    expect(() =>
      store.transaction(() => {
        store.put({ kind: 'case', collection: c, body: 'a' });
        store.put({ kind: 'case', collection: c, body: 'b' });
        throw new Error('interrupted');
      })
    ).toThrow('interrupted');
    expect(store.list('case')).toEqual([]);
    store.transaction(() => {
      for (let i = 0; i < 5; i++) store.put({ kind: 'case', collection: c, body: i });
    });
    expect(store.list('case')).toHaveLength(5);
  });

  it('keeps its device id and never moves its clock backwards across reopen', () => {
    const T = Date.UTC(2025, 5, 1);
    const first = openStore({ now: () => T });
    const c = first.store.createCollection();
    const a = first.store.put({ kind: 'case', collection: c, body: 1 });
    const device = first.store.deviceId;
    closeAll();
    // The laptop's clock is now a day behind.
    const second = openStore({ now: () => T - 86_400_000 });
    expect(second.store.deviceId).toBe(device);
    const b = second.store.put({ kind: 'case', collection: c, body: 2 });
    expect(compareHlc(b.hlc, a.hlc)).toBe(1);
    expect(parseHlc(b.hlc).ms).toBe(T);
    expect(second.store.get(a.id)?.body).toBe(1); // collection key unwraps after restart
  });

  it('does not open under another master key, and refuses use after close', () => {
    const { store } = openStore();
    const c = store.createCollection();
    const id = store.put({ kind: 'case', collection: c, body: 1 }).id;
    store.close();
    expect(codeOf(() => store.get(id))).toBe('vault/locked');
    expect(codeOf(() => store.put({ kind: 'case', collection: c, body: 1 }))).toBe('vault/locked');
    closeAll();
    expect(codeOf(() => openStore({ key: randomKey() }))).toBe('vault/corrupt');
  });
});

describe('tampering (GUIDE §4 test 2)', () => {
  /** One store with two collections and a few records; `sql` edits the file behind the store's back. */
  function fixture() {
    const { db, store } = openStore();
    const c1 = store.createCollection();
    const c2 = store.createCollection();
    const a = store.put({ kind: 'case', collection: c1, body: { secret: 'A' } });
    const b = store.put({ kind: 'case', collection: c1, body: { secret: 'B' } });
    const n = store.put({ kind: 'note', collection: c2, body: { secret: 'N' } });
    return { db, store, c1, c2, a, b, n };
  }

  const expectTampered = (fn: () => unknown) => expect(codeOf(fn)).toBe('record/tampered');

  it('a ciphertext copied under another record id fails to open', () => {
    const { db, store, a, b } = fixture();
    // Replace b's sealed body with a's (same kind and collection: only the id differs).
    db.prepare('UPDATE records SET nonce = (SELECT nonce FROM records WHERE id = @a), ciphertext = (SELECT ciphertext FROM records WHERE id = @a) WHERE id = @b').run({
      a: a.id,
      b: b.id
    });
    expectTampered(() => store.get(b.id));
    expectTampered(() => store.list('case'));
    expect(store.get(a.id)?.body).toEqual({ secret: 'A' });
  });

  it('a row whose id, kind, revision, collection, hlc, device, deleted flag or version is edited fails to open', () => {
    const edits: Array<[string, (f: ReturnType<typeof fixture>) => { sql: string; id: string }]> = [
      ['id', (f) => ({ sql: `UPDATE records SET id = '${'e'.repeat(32)}' WHERE id = '${f.a.id}'`, id: 'e'.repeat(32) })],
      ['kind', (f) => ({ sql: `UPDATE records SET kind = 'note' WHERE id = '${f.a.id}'`, id: f.a.id })],
      ['revision', (f) => ({ sql: `UPDATE records SET revision = 2 WHERE id = '${f.a.id}'`, id: f.a.id })],
      ['collection', (f) => ({ sql: `UPDATE records SET collection = '${f.c2}' WHERE id = '${f.a.id}'`, id: f.a.id })],
      ['hlc', (f) => ({ sql: `UPDATE records SET hlc = '${f.b.hlc}' WHERE id = '${f.a.id}'`, id: f.a.id })],
      ['device', (f) => ({ sql: `UPDATE records SET device = 'ffffffffffffffff' WHERE id = '${f.a.id}'`, id: f.a.id })],
      ['deleted', (f) => ({ sql: `UPDATE records SET deleted = 1 WHERE id = '${f.a.id}'`, id: f.a.id })],
      ['v', (f) => ({ sql: `UPDATE records SET v = 2 WHERE id = '${f.a.id}'`, id: f.a.id })]
    ];
    for (const [what, edit] of edits) {
      const f = fixture();
      const { sql, id } = edit(f);
      expect(f.db.prepare(sql).run().changes, what).toBe(1);
      expect(codeOf(() => f.store.get(id)), what).toBe('record/tampered');
      expect(codeOf(() => f.store.history(id)), what).toBe('record/tampered');
      closeAll();
      rmSync(file, { force: true });
      rmSync(`${file}-wal`, { force: true });
      rmSync(`${file}-shm`, { force: true });
    }
  });

  it('an old revision replayed as the newest fails to open', () => {
    const { db, store, c1, a } = fixture();
    store.put({ id: a.id, kind: 'case', collection: c1, body: { secret: 'A2' }, baseRevision: 1 });
    db.prepare(
      `INSERT INTO records (id, revision, v, kind, collection, device, hlc, deleted, nonce, ciphertext)
       SELECT id, 3, v, kind, collection, device, hlc, deleted, nonce, ciphertext FROM records WHERE id = ? AND revision = 1`
    ).run(a.id);
    expectTampered(() => store.get(a.id));
  });

  it('a flipped bit in the ciphertext or nonce fails to open', () => {
    for (const column of ['ciphertext', 'nonce']) {
      const { db, store, a } = fixture();
      const row = db.prepare(`SELECT ${column} AS bytes FROM records WHERE id = ?`).get(a.id) as { bytes: Buffer };
      for (const offset of [0, Math.floor(row.bytes.length / 2), row.bytes.length - 1]) {
        const flipped = Buffer.from(row.bytes);
        flipped[offset]! ^= 0x01;
        db.prepare(`UPDATE records SET ${column} = ? WHERE id = ?`).run(flipped, a.id);
        expectTampered(() => store.get(a.id));
      }
      db.prepare(`UPDATE records SET ${column} = ? WHERE id = ?`).run(row.bytes, a.id);
      expect(store.get(a.id)?.body).toEqual({ secret: 'A' }); // the control: restored, it opens
      closeAll();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    }
  });

  it('a wrapped collection key moved to another collection does not unwrap', () => {
    const { db, store, c1, c2, a, n } = fixture();
    store.close();
    db.prepare('UPDATE collections SET nonce = (SELECT nonce FROM collections WHERE id = @c2), wrapped = (SELECT wrapped FROM collections WHERE id = @c2) WHERE id = @c1').run({
      c1,
      c2
    });
    const fresh = createSealedStore({ db, masterKey }); // empty key cache
    open.push({ db, store: fresh });
    expectTampered(() => fresh.get(a.id));
    expect(fresh.get(n.id)?.body).toEqual({ secret: 'N' });
  });

  describe('importSealed', () => {
    /** Stores: a at revision 2, with revision 2 exported then rolled back so it can be imported. */
    function withPendingRevision() {
      const f = fixture();
      const r2 = f.store.put({ id: f.a.id, kind: 'case', collection: f.c1, body: { secret: 'A2' }, baseRevision: 1 });
      const sealed = f.store.exportSealed(f.a.id, 2);
      f.db.prepare('DELETE FROM records WHERE id = ? AND revision = 2').run(f.a.id);
      return { ...f, r2, sealed };
    }
    const snapshot = (db: Database.Database) => ({
      rows: db.prepare('SELECT id, revision, hlc, hex(ciphertext) AS c FROM records ORDER BY id, revision').all(),
      meta: db.prepare('SELECT key, value FROM meta ORDER BY key').all()
    });

    it('accepts a genuine new revision once; a replay is stale', () => {
      const { store, a, r2, sealed } = withPendingRevision();
      expect(store.get(a.id)?.header.revision).toBe(1);
      expect(store.importSealed(sealed)).toEqual(r2);
      expect(store.get(a.id)).toEqual({ header: r2, body: { secret: 'A2' } });
      expect(codeOf(() => store.importSealed(sealed))).toBe('record/stale-revision');
      expect(codeOf(() => store.importSealed(store.exportSealed(a.id, 1)))).toBe('record/stale-revision');
      expect(store.history(a.id)).toHaveLength(2);
    });

    it('rejects a sealed body moved to another id, kind, revision or collection, re-stamped, or bit-flipped — and stores nothing', () => {
      const { db, store, a, b, c2, sealed } = withPendingRevision();
      const before = snapshot(db);
      const variants: Array<[string, SealedRow]> = [
        ['id', { ...sealed, header: { ...sealed.header, id: b.id, revision: 2 } }],
        ['new id', { ...sealed, header: { ...sealed.header, id: randomId() } }],
        ['kind', { ...sealed, header: { ...sealed.header, id: randomId(), kind: 'note' } }],
        ['revision', { ...sealed, header: { ...sealed.header, revision: 3 } }],
        ['collection', { ...sealed, header: { ...sealed.header, id: randomId(), collection: c2 } }],
        ['hlc', { ...sealed, header: { ...sealed.header, hlc: b.hlc } }],
        ['deleted', { ...sealed, header: { ...sealed.header, deleted: true } }],
        ['version', { ...sealed, header: { ...sealed.header, v: 2 } }],
        ['bit', { ...sealed, ciphertext: sealed.ciphertext.map((x, i) => (i === 5 ? x ^ 0x80 : x)) }],
        ['nonce', { ...sealed, nonce: sealed.nonce.map((x, i) => (i === 0 ? x ^ 1 : x)) }],
        ['truncated', { ...sealed, ciphertext: sealed.ciphertext.slice(0, -1) }],
        ['malformed header', { ...sealed, header: { ...sealed.header, revision: 0 } }]
      ];
      for (const [what, row] of variants) expect(codeOf(() => store.importSealed(row)), what).toBe('record/tampered');
      // Re-stamped with another device: the HLC must name the same device, and the AD binds both.
      const dev = 'ffffffffffffffff';
      expect(codeOf(() => store.importSealed({ ...sealed, header: { ...sealed.header, device: dev, hlc: sealed.header.hlc.replace(/[0-9a-f]{16}$/, dev) } }))).toBe(
        'record/tampered'
      );
      expect(snapshot(db)).toEqual(before); // not a row, not a clock tick
      expect(store.get(a.id)?.body).toEqual({ secret: 'A' });
      expect(store.get(b.id)?.body).toEqual({ secret: 'B' });
      // An unknown collection is not tampering, but nothing is stored either.
      expect(codeOf(() => store.importSealed({ ...sealed, header: { ...sealed.header, collection: randomId() } }))).toBe('record/not-found');
      expect(snapshot(db)).toEqual(before);
      // The untouched row still imports: the rejections above were about the edits.
      store.importSealed(sealed);
      expect(store.get(a.id)?.body).toEqual({ secret: 'A2' });
    });

    it('exportSealed returns the stored row, and refuses unknown revisions', () => {
      const { store, a } = fixture();
      const row = store.exportSealed(a.id, 1);
      expect(row.header).toEqual(a);
      expect(row.nonce).toHaveLength(24);
      expect(codeOf(() => store.exportSealed(a.id, 2))).toBe('record/not-found');
    });
  });
});
