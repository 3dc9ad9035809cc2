/**
 * The sync tables of migration 0004, behind small named functions (the engine never writes SQL).
 * Device and organisation secret keys are wrapped under their own subkey of the master key.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import * as crypto from '../crypto';

const SYNC_KEYS_SUBKEY_ID = 2;
const SYNC_KEYS_CONTEXT = 'syncdev_';
const SYNC_META_SUBKEY_ID = 3;
const SYNC_META_CONTEXT = 'syncmeta';

export type KeyName = 'sign' | 'box' | 'org-sign' | 'org-box';
export type OutboxItemKind = 'record' | 'sibling' | 'collection' | 'chunk';
export type OutboxItem = { seq: number; item: OutboxItemKind; ref_id: string; ref_rev: number; ref_hlc: string };
export type ConflictRow = {
  conflict_id: string;
  record_id: string;
  kind: string;
  field: string;
  local_rev: number;
  local_hlc: string;
  remote_rev: number;
  remote_hlc: string;
  merged_rev: number;
  opened_hlc: string;
  resolved: number;
};
export type DeviceRow = { device: string; sign_public: Uint8Array; box_public: Uint8Array; role: 'admin' | 'member'; status: 'active' | 'removed'; added_at: string };

const keyAd = (name: KeyName) => crypto.utf8.encode(`anxin-sync-key:${name}`);

export function openSyncState(db: Database, masterKey: Uint8Array) {
  const wrappingKey = crypto.deriveSubkey(masterKey, SYNC_KEYS_SUBKEY_ID, SYNC_KEYS_CONTEXT);
  const metaKey = crypto.deriveSubkey(masterKey, SYNC_META_SUBKEY_ID, SYNC_META_CONTEXT);
  // Nonce = keyed hash of (ad, plaintext) (SIV-style): no RNG call on this hot path, and a nonce
  // repeats only for an identical message under the same associated data.
  const sealJson = (ad: string, value: unknown) => {
    const plain = crypto.utf8.encode(JSON.stringify(value));
    const adBytes = crypto.utf8.encode(ad);
    const input = new Uint8Array(adBytes.length + 1 + plain.length);
    input.set(adBytes);
    input.set(plain, adBytes.length + 1);
    const nonce = crypto.keyedGenericHash(input, metaKey, crypto.AEAD_NONCE_BYTES);
    return { nonce, ciphertext: crypto.aeadSealWithNonce(metaKey, plain, adBytes, nonce) };
  };
  const openJson = <T>(ad: string, row: { nonce: Uint8Array; sealed: Uint8Array }): T => {
    try {
      return JSON.parse(crypto.utf8.decode(crypto.aeadOpen(metaKey, { nonce: row.nonce, ciphertext: row.sealed }, crypto.utf8.encode(ad)))) as T;
    } catch {
      throw new AppError('vault/corrupt', 'sync metadata failed to open');
    }
  };
  const changesGet = db.prepare<[string, string], { nonce: Uint8Array; sealed: Uint8Array }>('SELECT nonce, sealed FROM sync_changes WHERE record_id = ? AND hlc = ?');
  const changesPut = db.prepare('INSERT OR REPLACE INTO sync_changes (record_id, hlc, nonce, sealed) VALUES (?, ?, ?, ?)');
  const viewGet = db.prepare<[string], { nonce: Uint8Array; sealed: Uint8Array }>('SELECT nonce, sealed FROM sync_view WHERE record_id = ?');
  const viewPut = db.prepare('INSERT OR REPLACE INTO sync_view (record_id, nonce, sealed) VALUES (?, ?, ?)');
  const mergeGet = db.prepare<[string, string], { one: number }>('SELECT 1 AS one FROM sync_merges WHERE record_id = ? AND hlc = ?');
  const mergePut = db.prepare('INSERT OR IGNORE INTO sync_merges (record_id, hlc) VALUES (?, ?)');
  const get = db.prepare<[string], { value: string }>('SELECT value FROM sync_state WHERE key = ?');
  const put = db.prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const del = db.prepare('DELETE FROM sync_state WHERE key = ?');
  const enqueue = db.prepare('INSERT OR IGNORE INTO sync_outbox (item, ref_id, ref_rev, ref_hlc) VALUES (?, ?, ?, ?)');
  const peek = db.prepare<[number], OutboxItem>('SELECT seq, item, ref_id, ref_rev, ref_hlc FROM sync_outbox ORDER BY seq LIMIT ?');
  const drop = db.prepare('DELETE FROM sync_outbox WHERE seq = ?');
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM sync_outbox');
  const keyRow = db.prepare<[string], { public_key: Uint8Array; nonce: Uint8Array; wrapped: Uint8Array }>(
    'SELECT public_key, nonce, wrapped FROM sync_keys WHERE name = ?'
  );
  const keyPut = db.prepare(
    'INSERT INTO sync_keys (name, public_key, nonce, wrapped) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET public_key = excluded.public_key, nonce = excluded.nonce, wrapped = excluded.wrapped'
  );
  let closed = false;

  return {
    get: (key: string): string | undefined => get.get(key)?.value,
    set: (key: string, value: string | number) => void put.run(key, String(value)),
    unset: (key: string) => void del.run(key),
    num: (key: string): number => Number(get.get(key)?.value ?? 0),

    enqueue: (item: OutboxItemKind, id: string, revision: number, hlc = '') => void enqueue.run(item, id, revision, hlc),
    peekOutbox: (limit: number): OutboxItem[] => peek.all(limit),
    dropOutbox: (seq: number) => void drop.run(seq),
    pending: (): number => count.get()!.n,
    /** Which fields a revision changed (null when never recorded, e.g. written before joining). */
    changes(recordId: string, hlc: string): Record<string, string> | null {
      const row = changesGet.get(recordId, hlc);
      return row ? openJson<Record<string, string>>(`changes:${recordId}:${hlc}`, row) : null;
    },
    putChanges(recordId: string, hlc: string, changes: Record<string, string>): void {
      const s = sealJson(`changes:${recordId}:${hlc}`, changes);
      changesPut.run(recordId, hlc, s.nonce, s.ciphertext);
    },
    view(recordId: string): Record<string, string> {
      const row = viewGet.get(recordId);
      return row ? openJson<Record<string, string>>(`view:${recordId}`, row) : {};
    },
    putView(recordId: string, sources: Record<string, string>): void {
      const s = sealJson(`view:${recordId}`, sources);
      viewPut.run(recordId, s.nonce, s.ciphertext);
    },
    isMerge: (recordId: string, hlc: string): boolean => mergeGet.get(recordId, hlc) !== undefined,
    addMerge: (recordId: string, hlc: string) => void mergePut.run(recordId, hlc),
    /** A keyed hash of a field name: conflicts name their field without storing it. */
    fieldTag: (name: string): string => crypto.toHex(crypto.keyedGenericHash(crypto.utf8.encode(`field:${name}`), metaKey, 16)),
    /** Every row this device holds, queued again (the relay lost data): idempotent. */
    requeueEverything(): void {
      // Local merge revisions never travel; other devices' revisions kept as siblings do.
      db.exec(`INSERT OR IGNORE INTO sync_outbox (item, ref_id, ref_rev) SELECT 'collection', id, 0 FROM collections;
               INSERT OR IGNORE INTO sync_outbox (item, ref_id, ref_rev)
                 SELECT 'record', id, revision FROM records r
                 WHERE NOT EXISTS (SELECT 1 FROM sync_merges m WHERE m.record_id = r.id AND m.hlc = r.hlc) ORDER BY hlc;
               INSERT OR IGNORE INTO sync_outbox (item, ref_id, ref_rev, ref_hlc) SELECT 'sibling', id, revision, hlc FROM sync_siblings ORDER BY hlc;`);
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment_chunks'").get()) {
        db.exec(`INSERT OR IGNORE INTO sync_outbox (item, ref_id, ref_rev) SELECT 'chunk', attachment_id, seq FROM attachment_chunks ORDER BY attachment_id, seq`);
      }
    },

    /** A key pair stored wrapped; null when absent. */
    keyPair(name: KeyName): crypto.KeyPair | null {
      if (closed) throw new AppError('vault/locked', 'sync state is closed');
      const row = keyRow.get(name);
      if (!row) return null;
      try {
        return { publicKey: new Uint8Array(row.public_key), secretKey: crypto.unwrapKey(wrappingKey, { nonce: row.nonce, ciphertext: row.wrapped }, keyAd(name)) };
      } catch (e) {
        if (e instanceof crypto.DecryptionError) throw new AppError('vault/corrupt', 'a device key does not open under this master key');
        throw e;
      }
    },
    saveKeyPair(name: KeyName, kp: crypto.KeyPair): void {
      const w = crypto.wrapKey(wrappingKey, kp.secretKey, keyAd(name));
      keyPut.run(name, kp.publicKey, w.nonce, w.ciphertext);
    },

    devices: (): DeviceRow[] => db.prepare<[], DeviceRow>('SELECT * FROM sync_devices ORDER BY added_at, device').all(),
    device: (id: string): DeviceRow | undefined => db.prepare<[string], DeviceRow>('SELECT * FROM sync_devices WHERE device = ?').get(id),
    upsertDevice(d: DeviceRow): void {
      db.prepare(
        `INSERT INTO sync_devices (device, sign_public, box_public, role, status, added_at) VALUES (@device, @sign_public, @box_public, @role, @status, @added_at)
         ON CONFLICT (device) DO UPDATE SET role = excluded.role, status = excluded.status`
      ).run(d);
    },

    openConflicts: (): ConflictRow[] => db.prepare<[], ConflictRow>('SELECT * FROM sync_conflicts WHERE resolved = 0 ORDER BY opened_hlc').all(),
    conflict: (id: string): ConflictRow | undefined => db.prepare<[string], ConflictRow>('SELECT * FROM sync_conflicts WHERE conflict_id = ?').get(id),
    addConflict(c: Omit<ConflictRow, 'resolved'>): void {
      const same = db
        .prepare('SELECT 1 FROM sync_conflicts WHERE record_id = ? AND field = ? AND local_hlc = ? AND remote_hlc = ? AND resolved = 0')
        .get(c.record_id, c.field, c.local_hlc, c.remote_hlc);
      if (same) return;
      // One open conflict per record field: a newer clash replaces the older question.
      db.prepare('UPDATE sync_conflicts SET resolved = 1 WHERE record_id = ? AND field = ? AND resolved = 0').run(c.record_id, c.field);
      db.prepare(
        `INSERT INTO sync_conflicts (conflict_id, record_id, kind, field, local_rev, local_hlc, remote_rev, remote_hlc, merged_rev, opened_hlc)
         VALUES (@conflict_id, @record_id, @kind, @field, @local_rev, @local_hlc, @remote_rev, @remote_hlc, @merged_rev, @opened_hlc)`
      ).run(c);
    },
    resolveConflict: (id: string) => void db.prepare('UPDATE sync_conflicts SET resolved = 1 WHERE conflict_id = ?').run(id),
    resolveConflictsOf: (recordId: string, field?: string) =>
      void (field === undefined
        ? db.prepare('UPDATE sync_conflicts SET resolved = 1 WHERE record_id = ? AND resolved = 0').run(recordId)
        : db.prepare('UPDATE sync_conflicts SET resolved = 1 WHERE record_id = ? AND field = ? AND resolved = 0').run(recordId, field)),

    close(): void {
      if (closed) return;
      closed = true;
      crypto.wipe(wrappingKey);
      crypto.wipe(metaKey);
    }
  };
}
export type SyncState = ReturnType<typeof openSyncState>;
