/**
 * The sealed record store: every record body is JSON sealed with XChaCha20-Poly1305 under its
 * collection's key, with the canonical record header (shared/records/header.ts) as associated
 * data. The header is stored in the clear as routing columns and re-encoded from those columns
 * on every open, so a ciphertext moved to another id, kind, revision or collection, re-stamped
 * with another HLC or device, or flipped to/from a tombstone fails to open with
 * AppError('record/tampered') — it is never returned, and never partially applied.
 *
 * Format versions: a header whose `v` is not RECORD_FORMAT_VERSION is refused as
 * 'record/tampered' (details.reason = 'unsupported-version'). There is only one format today;
 * when a second one exists, reading the old one becomes an explicit upgrade path, never a guess.
 *
 * Full history is kept: an edit or a delete appends a revision (a delete appends a sealed
 * tombstone whose body is `null`). The head of a record is its highest revision.
 *
 * What is not covered here: someone who can write the database file can delete rows (e.g. roll
 * a record back to an older revision, or drop it). That needs a signed/MAC'd state and is the
 * sync layer's concern (cursor regression, docs/security.md).
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { encodeHeader, RECORD_FORMAT_VERSION, type RecordHeader } from '../../shared/records/header';
import { createHlcClock, parseHlc } from '../../shared/records/hlc';
import * as crypto from './crypto';
import { openKeyring } from './keyring';

export type StoredRecord<T = unknown> = { header: RecordHeader; body: T };

/**
 * What the write hook (the sync outbox) hears, inside the write's transaction: a record
 * revision or a collection key wrap was stored. `origin` says whether this device wrote it
 * ('local': put/remove/collection) or it arrived sealed from elsewhere ('import').
 */
export type WriteEvent =
  | { item: 'record'; id: string; revision: number; origin: 'local' | 'import'; hlc: string; deleted: boolean; body?: unknown }
  | { item: 'collection'; id: string; origin: 'local' };

/** Outcome of importSynced: a new revision, an exact copy already held, or a concurrent sibling. */
export type ImportOutcome = { outcome: 'applied' | 'duplicate' | 'concurrent'; header: RecordHeader; clamped: boolean };

/** A record as it travels between devices: the clear header plus its sealed body. */
export type SealedRow = { header: RecordHeader; nonce: Uint8Array; ciphertext: Uint8Array };

/** Far above any case (CaseFields caps the summary at 20 000 characters); attachments are chunked elsewhere. */
export const MAX_BODY_BYTES = 1024 * 1024;

const ID_RE = /^[0-9a-f]{32}$/;
// One encoder/decoder for the store's lifetime: opening 10 000 records at unlock is a hot path.
const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true });
const KIND_RE = /^[a-z][a-z0-9-]{0,31}$/;
const DEVICE_RE = /^[0-9a-f]{16}$/;

type RecordRow = {
  id: string;
  revision: number;
  v: number;
  kind: string;
  collection: string;
  device: string;
  hlc: string;
  deleted: number;
  nonce: Uint8Array;
  ciphertext: Uint8Array;
};
type HeadRow = { revision: number; kind: string; collection: string; deleted: number };

export function createSealedStore(opts: { db: Database; masterKey: Uint8Array; now?: () => number }) {
  const { db } = opts;
  let writeHook: ((e: WriteEvent) => void) | null = null;

  const metaGet = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const metaPut = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const meta = {
    get: (key: string) => metaGet.get(key)?.value,
    set: (key: string, value: string) => void metaPut.run(key, value)
  };

  /** Joins the caller's transaction if one is open, else runs in its own IMMEDIATE one. */
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  const transaction = <R>(fn: () => R): R => (db.inTransaction ? fn() : (inTransaction.immediate(fn) as R));

  // First open creates the device id and the organisation key, together or not at all.
  const { deviceId, keyring } = transaction(() => {
    let device = meta.get('device_id');
    if (device === undefined) {
      device = crypto.toHex(crypto.randomBytes(8));
      meta.set('device_id', device);
    }
    if (!DEVICE_RE.test(device)) throw new AppError('vault/corrupt', 'the device id in the database is malformed');
    return {
      deviceId: device,
      keyring: openKeyring(db, opts.masterKey, meta, (id) => writeHook?.({ item: 'collection', id, origin: 'local' }))
    };
  });

  // Seeded from the last timestamp we issued, so the clock never runs backwards across restarts
  // even if the wall clock does.
  const clock = createHlcClock(deviceId, opts.now ?? Date.now, meta.get('last_hlc'));
  const saveClock = () => meta.set('last_hlc', clock.last());

  const selectHead = db.prepare<[string], HeadRow>(
    'SELECT revision, kind, collection, deleted FROM records WHERE id = ? ORDER BY revision DESC LIMIT 1'
  );
  const selectHeadRow = db.prepare<[string], RecordRow>('SELECT * FROM records WHERE id = ? ORDER BY revision DESC LIMIT 1');
  const selectRevision = db.prepare<[string, number], RecordRow>('SELECT * FROM records WHERE id = ? AND revision = ?');
  const selectHistory = db.prepare<[string], RecordRow>('SELECT * FROM records WHERE id = ? ORDER BY revision DESC');
  const selectLiveHeads = db.prepare<[string], RecordRow>(
    `SELECT r.* FROM (SELECT id, MAX(revision) AS revision FROM records WHERE kind = ? GROUP BY id) h
     JOIN records r ON r.id = h.id AND r.revision = h.revision
     WHERE r.deleted = 0`
  );
  const headsIn = (where: string) =>
    `SELECT r.* FROM (SELECT id, MAX(revision) AS revision FROM records WHERE ${where} GROUP BY id) h
     JOIN records r ON r.id = h.id AND r.revision = h.revision
     WHERE r.deleted = 0`;
  const selectCollectionHeads = db.prepare<[string], RecordRow>(headsIn('collection = ?'));
  const selectCollectionKindHeads = db.prepare<[string, string], RecordRow>(headsIn('collection = ? AND kind = ?'));
  const insertRecord = db.prepare(
    `INSERT INTO records (id, revision, v, kind, collection, device, hlc, deleted, nonce, ciphertext)
     VALUES (@id, @revision, @v, @kind, @collection, @device, @hlc, @deleted, @nonce, @ciphertext)`
  );

  let closed = false;
  const live = () => {
    if (closed) throw new AppError('vault/locked', 'the record store is closed');
  };

  function seal(header: RecordHeader, body: unknown): crypto.Sealed {
    const json = JSON.stringify(body);
    if (json === undefined) throw new TypeError('a record body must be JSON-serialisable');
    const bytes = textEncoder.encode(json);
    try {
      if (bytes.length > MAX_BODY_BYTES) throw new RangeError(`record body of ${bytes.length} bytes exceeds ${MAX_BODY_BYTES}`);
      return crypto.aeadSeal(keyring.collectionKey(header.collection), bytes, encodeHeader(header));
    } finally {
      crypto.wipe(bytes);
    }
  }

  function write(header: RecordHeader, sealed: crypto.Sealed, origin: 'local' | 'import' = 'local', body?: unknown): void {
    insertRecord.run({ ...header, deleted: header.deleted ? 1 : 0, nonce: sealed.nonce, ciphertext: sealed.ciphertext });
    saveClock();
    writeHook?.({ item: 'record', id: header.id, revision: header.revision, origin, hlc: header.hlc, deleted: header.deleted, ...(origin === 'local' ? { body } : {}) });
  }

  // Sibling revisions (migration 0004): concurrent revisions from other devices, kept sealed.
  const hasSiblingTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sync_siblings'").get() !== undefined;
  const selectSameSlot = hasSiblingTable
    ? db.prepare<[string, number, string, string, string, number, string, string], RecordRow>(
        `SELECT * FROM records WHERE id = ? AND revision = ? AND device = ? AND hlc = ?
         UNION ALL SELECT * FROM sync_siblings WHERE id = ? AND revision = ? AND device = ? AND hlc = ?`
      )
    : null;
  const insertSibling = hasSiblingTable
    ? db.prepare(
        `INSERT INTO sync_siblings (id, revision, v, kind, collection, device, hlc, deleted, nonce, ciphertext)
         VALUES (@id, @revision, @v, @kind, @collection, @device, @hlc, @deleted, @nonce, @ciphertext)`
      )
    : null;
  const selectSiblings = hasSiblingTable
    ? db.prepare<[string], RecordRow>('SELECT * FROM sync_siblings WHERE id = ? ORDER BY revision, hlc')
    : null;
  const selectByHlc = hasSiblingTable
    ? db.prepare<[string, number, string, string, number, string], RecordRow>(
        `SELECT * FROM records WHERE id = ? AND revision = ? AND hlc = ?
         UNION ALL SELECT * FROM sync_siblings WHERE id = ? AND revision = ? AND hlc = ?`
      )
    : null;
  const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

  const tampered = (message: string, h: Pick<RecordHeader, 'id' | 'revision'>, reason: string) =>
    new AppError('record/tampered', message, { id: h.id, revision: h.revision, reason });

  /** Authenticates a sealed body against its header and returns the parsed body. */
  function open(header: RecordHeader, sealed: crypto.Sealed): unknown {
    if (header.v !== RECORD_FORMAT_VERSION) {
      throw tampered(`unsupported record format version ${header.v} (this app reads ${RECORD_FORMAT_VERSION})`, header, 'unsupported-version');
    }
    let key: Uint8Array;
    try {
      key = keyring.collectionKey(header.collection);
    } catch (e) {
      // A stored row whose collection is unknown was moved or its key row was removed.
      if (e instanceof AppError && e.code === 'record/not-found') throw tampered('record names an unknown collection', header, 'unknown-collection');
      throw e;
    }
    let bytes: Uint8Array;
    try {
      bytes = crypto.aeadOpen(key, sealed, encodeHeader(header));
    } catch (e) {
      if (e instanceof crypto.DecryptionError) throw tampered('record failed to open: altered, moved or re-stamped', header, 'authentication');
      throw e;
    }
    let body: unknown;
    try {
      body = JSON.parse(textDecoder.decode(bytes));
    } catch {
      throw tampered('record body is not valid JSON', header, 'body');
    } finally {
      crypto.wipe(bytes);
    }
    if (header.deleted && body !== null) throw tampered('a tombstone must have an empty body', header, 'body');
    return body;
  }

  const headerOf = (row: RecordRow): RecordHeader => ({
    v: row.v,
    id: row.id,
    kind: row.kind,
    revision: row.revision,
    collection: row.collection,
    device: row.device,
    hlc: row.hlc,
    deleted: row.deleted !== 0
  });
  const openRow = (row: RecordRow): { header: RecordHeader; body: unknown } => {
    const header = headerOf(row);
    return { header, body: open(header, { nonce: row.nonce, ciphertext: row.ciphertext }) };
  };

  function checkId(id: string): void {
    if (typeof id !== 'string' || !ID_RE.test(id)) throw new TypeError('record ids are 32 lowercase hex characters');
  }

  /** Shape, size, known collection and authentication of an incoming row; throws before any write. */
  function checkImport(row: SealedRow): RecordHeader {
    const header = normaliseHeader(row.header);
    if (!(row.nonce instanceof Uint8Array) || !(row.ciphertext instanceof Uint8Array)) throw new TypeError('nonce and ciphertext must be bytes');
    if (row.ciphertext.length > MAX_BODY_BYTES + crypto.AEAD_TAG_BYTES) throw new RangeError('sealed body too large');
    keyring.collectionKey(header.collection); // an unknown collection is 'record/not-found', not tampering
    // Authenticate before touching the database: nothing from a rejected row is ever written.
    open(header, { nonce: row.nonce, ciphertext: row.ciphertext });
    return header;
  }

  const conflict = (message: string, id: string, head?: HeadRow) =>
    new AppError('record/conflict', message, head ? { id, headRevision: head.revision } : { id });

  return {
    deviceId,

    /** Runs `fn` in one transaction: every put/remove inside commits together or not at all. */
    transaction,

    createCollection(): string {
      live();
      return keyring.createCollection();
    },

    put<T>(input: {
      id?: string;
      kind: string;
      collection: string;
      body: T;
      baseRevision?: number;
      /** Write over a tombstone (sync: an edit later than a concurrent delete brings the record back). */
      revive?: boolean;
    }): RecordHeader {
      live();
      if (!KIND_RE.test(input.kind)) throw new TypeError(`invalid record kind: ${String(input.kind).slice(0, 40)}`);
      if (!ID_RE.test(input.collection)) throw new TypeError('collection ids are 32 lowercase hex characters');
      if (input.id !== undefined) checkId(input.id);
      return transaction(() => {
        const id = input.id ?? crypto.randomId();
        const head = input.id === undefined ? undefined : selectHead.get(id);
        let revision = 1;
        if (!head) {
          // A caller-chosen id for a new record is allowed; a base revision for one that does not exist is not.
          if (input.baseRevision !== undefined && input.baseRevision !== 0) {
            throw new AppError('record/not-found', 'no record to update', { id });
          }
        } else {
          if (head.deleted && input.revive !== true) throw conflict('the record was deleted', id, head);
          if (input.baseRevision !== head.revision) throw conflict('the record changed since it was read', id, head);
          if (head.kind !== input.kind || head.collection !== input.collection) {
            throw conflict('a record cannot change kind or collection', id, head);
          }
          revision = head.revision + 1;
        }
        const header: RecordHeader = {
          v: RECORD_FORMAT_VERSION,
          id,
          kind: input.kind,
          revision,
          collection: input.collection,
          device: deviceId,
          hlc: clock.tick(),
          deleted: false
        };
        write(header, seal(header, input.body), 'local', input.body);
        return header;
      });
    },

    get<T>(id: string): StoredRecord<T> | null {
      live();
      checkId(id);
      const row = selectHeadRow.get(id);
      if (!row) return null;
      const rec = openRow(row);
      return rec.header.deleted ? null : (rec as StoredRecord<T>);
    },

    list<T>(kind: string): StoredRecord<T>[] {
      live();
      return selectLiveHeads.all(kind).map((row) => openRow(row) as StoredRecord<T>);
    },

    /** The live heads of one collection (e.g. one case), optionally of one kind. */
    listInCollection<T>(collection: string, kind?: string): StoredRecord<T>[] {
      live();
      if (!ID_RE.test(collection)) throw new TypeError('collection ids are 32 lowercase hex characters');
      const rows = kind === undefined ? selectCollectionHeads.all(collection) : selectCollectionKindHeads.all(collection, kind);
      return rows.map((row) => openRow(row) as StoredRecord<T>);
    },

    /** How many live records of this kind the collection holds, from the headers alone: nothing is opened. */
    countInCollection(collection: string, kind: string): number {
      live();
      if (!ID_RE.test(collection)) throw new TypeError('collection ids are 32 lowercase hex characters');
      return selectCollectionKindHeads.all(collection, kind).length;
    },

    /**
     * Crypto-shredding: deletes every row of the collection (records, and rows of other
     * features' tables that reference it) and its key row, in one transaction. secure_delete
     * zeroes the freed pages. Afterwards nothing of the collection opens, even with the master key.
     */
    destroyCollection(collection: string, alsoDelete: Array<{ table: string; column: string }> = []): void {
      live();
      if (!ID_RE.test(collection)) throw new TypeError('collection ids are 32 lowercase hex characters');
      transaction(() => {
        const tables = new Set(db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name));
        // Tables of other features that hold rows of a collection (sync: sibling revisions, outbox).
        if (tables.has('sync_outbox')) {
          db.prepare("DELETE FROM sync_outbox WHERE item = 'record' AND ref_id IN (SELECT id FROM records WHERE collection = ?)").run(collection);
          db.prepare("DELETE FROM sync_outbox WHERE item = 'collection' AND ref_id = ?").run(collection);
        }
        if (tables.has('sync_siblings')) db.prepare('DELETE FROM sync_siblings WHERE collection = ?').run(collection);
        if (tables.has('sync_conflicts')) db.prepare('DELETE FROM sync_conflicts WHERE record_id IN (SELECT id FROM records WHERE collection = ?)').run(collection);
        for (const t of alsoDelete) {
          if (!/^[a-z_]+$/.test(t.table) || !/^[a-z_]+$/.test(t.column)) throw new TypeError('bad table name');
          if (tables.has(t.table)) db.prepare(`DELETE FROM ${t.table} WHERE ${t.column} = ?`).run(collection);
        }
        db.prepare('DELETE FROM records WHERE collection = ?').run(collection);
        keyring.destroyCollection(collection);
      });
    },

    history<T>(id: string): Array<{ header: RecordHeader; body: T | null }> {
      live();
      checkId(id);
      return selectHistory.all(id).map((row) => openRow(row) as { header: RecordHeader; body: T | null });
    },

    remove(id: string, baseRevision: number): RecordHeader {
      live();
      checkId(id);
      return transaction(() => {
        const head = selectHead.get(id);
        if (!head) throw new AppError('record/not-found', 'no such record', { id });
        if (head.deleted) throw conflict('the record was already deleted', id, head);
        if (baseRevision !== head.revision) throw conflict('the record changed since it was read', id, head);
        const header: RecordHeader = {
          v: RECORD_FORMAT_VERSION,
          id,
          kind: head.kind,
          revision: head.revision + 1,
          collection: head.collection,
          device: deviceId,
          hlc: clock.tick(),
          deleted: true
        };
        write(header, seal(header, null), 'local', null);
        return header;
      });
    },

    importSealed(row: SealedRow): RecordHeader {
      live();
      const header = checkImport(row);
      return transaction(() => {
        const head = selectHead.get(header.id);
        if (head && header.revision <= head.revision) {
          throw new AppError('record/stale-revision', 'this revision (or a newer one) is already stored', {
            id: header.id,
            revision: header.revision,
            headRevision: head.revision
          });
        }
        if (head && (head.kind !== header.kind || head.collection !== header.collection)) {
          throw tampered('record changed kind or collection', header, 'moved');
        }
        clock.receive(header.hlc);
        write(header, { nonce: row.nonce, ciphertext: row.ciphertext }, 'import');
        return header;
      });
    },

    /**
     * Conflict-aware import for sync (docs/sync.md). Authenticated first, like importSealed. Then:
     * - an exact copy of a revision already held (same slot, same device and HLC, same bytes) is
     *   a no-op ('duplicate') — replays from the relay are idempotent;
     * - the same slot and stamp with other bytes is refused as tampering (only a holder of the
     *   collection key could make it; it is never applied);
     * - a revision number this device already filled, written by another device or at another
     *   time, is a concurrent edit: kept as a sealed sibling ('concurrent') for the merge;
     * - anything above the head is appended ('applied') — or, with `siblingIfExists`, kept as a
     *   sibling too whenever the record exists (the sync layer then writes the merged state).
     * `clamped` reports a remote clock more than a day ahead (shared/records/hlc.ts).
     */
    importSynced(row: SealedRow, opts: { siblingIfExists?: boolean } = {}): ImportOutcome {
      live();
      if (!selectSameSlot || !insertSibling) throw new Error('importSynced needs migration 0004');
      const header = checkImport(row);
      return transaction(() => {
        const same = selectSameSlot.all(header.id, header.revision, header.device, header.hlc, header.id, header.revision, header.device, header.hlc);
        if (same.length > 0) {
          const held = same[0]!;
          if (held.kind !== header.kind || held.collection !== header.collection || (held.deleted !== 0) !== header.deleted) {
            throw tampered('a different record under a known revision stamp', header, 'replay-mismatch');
          }
          if (!sameBytes(held.nonce, row.nonce) || !sameBytes(held.ciphertext, row.ciphertext)) {
            throw tampered('a different body under a known revision stamp', header, 'replay-mismatch');
          }
          return { outcome: 'duplicate' as const, header, clamped: false };
        }
        const head = selectHead.get(header.id);
        if (head && (head.kind !== header.kind || head.collection !== header.collection)) {
          throw tampered('record changed kind or collection', header, 'moved');
        }
        const { clamped } = clock.receive(header.hlc);
        if (head && (header.revision <= head.revision || opts.siblingIfExists === true)) {
          insertSibling.run({ ...header, deleted: header.deleted ? 1 : 0, nonce: row.nonce, ciphertext: row.ciphertext });
          saveClock();
          return { outcome: 'concurrent' as const, header, clamped };
        }
        write(header, { nonce: row.nonce, ciphertext: row.ciphertext }, 'import');
        return { outcome: 'applied' as const, header, clamped };
      });
    },

    /** The head's revision number and stamp, without opening anything; null for an unknown id. */
    headInfo(id: string): { revision: number; hlc: string; deleted: boolean } | null {
      live();
      checkId(id);
      const row = selectHeadRow.get(id);
      return row ? { revision: row.revision, hlc: row.hlc, deleted: row.deleted !== 0 } : null;
    },

    /** One revision of the record's own history, opened; null if there is none. */
    openRevision<T>(id: string, revision: number): { header: RecordHeader; body: T | null } | null {
      live();
      checkId(id);
      const row = selectRevision.get(id, revision);
      return row ? (openRow(row) as { header: RecordHeader; body: T | null }) : null;
    },

    /** Concurrent sibling revisions kept for a record (oldest first), opened. */
    siblings<T>(id: string): Array<{ header: RecordHeader; body: T | null }> {
      live();
      checkId(id);
      if (!selectSiblings) return [];
      return selectSiblings.all(id).map((row) => openRow(row) as { header: RecordHeader; body: T | null });
    },

    /** One revision by its stamp, from the record's own history or its siblings; null if unknown. */
    revisionByHlc<T>(id: string, revision: number, hlc: string): { header: RecordHeader; body: T | null } | null {
      live();
      checkId(id);
      if (!selectByHlc) return null;
      const row = selectByHlc.get(id, revision, hlc, id, revision, hlc);
      return row ? (openRow(row) as { header: RecordHeader; body: T | null }) : null;
    },

    /** The sealed row of a sibling revision (to re-upload after a relay lost data). */
    exportSibling(id: string, revision: number, hlc: string): SealedRow | null {
      live();
      if (!selectByHlc) return null;
      const row = selectByHlc.get(id, revision, hlc, id, revision, hlc);
      return row ? { header: headerOf(row), nonce: new Uint8Array(row.nonce), ciphertext: new Uint8Array(row.ciphertext) } : null;
    },

    /** The organisation and collection keys (for the sync layer: linking, rotation, key wraps). */
    keyring,

    /** One hook, set by the sync service: hears every stored revision and collection wrap. */
    setWriteHook(hook: ((e: WriteEvent) => void) | null): void {
      writeHook = hook;
    },

    exportSealed(id: string, revision: number): SealedRow {
      live();
      checkId(id);
      const row = selectRevision.get(id, revision);
      if (!row) throw new AppError('record/not-found', 'no such record revision', { id, revision });
      return { header: headerOf(row), nonce: new Uint8Array(row.nonce), ciphertext: new Uint8Array(row.ciphertext) };
    },

    /** Wipes the cached organisation and collection keys. The owner closes the database. */
    close(): void {
      if (closed) return;
      closed = true;
      keyring.close();
    }
  };
}

export type SealedStore = ReturnType<typeof createSealedStore>;

/** Strict shape check for headers arriving from elsewhere; returns a clean copy (no extra fields). */
function normaliseHeader(h: RecordHeader): RecordHeader {
  const bad = (what: string) => new AppError('record/tampered', `malformed record header: ${what}`, { reason: 'header' });
  if (typeof h !== 'object' || h === null) throw bad('not an object');
  if (!Number.isInteger(h.v)) throw bad('v');
  if (typeof h.id !== 'string' || !ID_RE.test(h.id)) throw bad('id');
  if (typeof h.kind !== 'string' || !KIND_RE.test(h.kind)) throw bad('kind');
  if (!Number.isSafeInteger(h.revision) || h.revision < 1) throw bad('revision');
  if (typeof h.collection !== 'string' || !ID_RE.test(h.collection)) throw bad('collection');
  if (typeof h.device !== 'string' || !DEVICE_RE.test(h.device)) throw bad('device');
  if (typeof h.deleted !== 'boolean') throw bad('deleted');
  try {
    if (typeof h.hlc !== 'string' || parseHlc(h.hlc).device !== h.device) throw bad('hlc');
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw bad('hlc');
  }
  return { v: h.v, id: h.id, kind: h.kind, revision: h.revision, collection: h.collection, device: h.device, hlc: h.hlc, deleted: h.deleted };
}
