/**
 * The key hierarchy below the vault's master key (GUIDE §3, "Key hierarchy"):
 *
 *   master key ──crypto_kdf(1, 'keyring_')──▶ keyring key
 *   keyring key ──wraps──▶ organisation key (random, 256-bit, created at first open)
 *   organisation key ──wraps──▶ one random key per collection (e.g. one case)
 *
 * Every wrap binds what the key is for as associated data, so a wrapped key copied to another
 * row (another purpose, another collection, another key id) does not unwrap.
 *
 * Rotation (docs/sync.md): the keyring may hold several organisation keys (one per rotation,
 * or received from the organisation when this device was linked). `meta.org_key_id` names the
 * current one: new collections, and every collection key after a rotation, are wrapped by it.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import * as crypto from './crypto';

const KEYRING_SUBKEY_ID = 1;
const KEYRING_CONTEXT = 'keyring_';
const ORG_PURPOSE = 'organisation';
const ORG_KEY_META = 'org_key_id';

const orgKeyAd = (keyId: string) => crypto.utf8.encode(`anxin-keyring:${JSON.stringify([ORG_PURPOSE, keyId])}`);
const collectionKeyAd = (collectionId: string, orgKeyId: string) =>
  crypto.utf8.encode(`anxin-collection:${JSON.stringify([collectionId, orgKeyId])}`);

export type Keyring = {
  /** Creates a collection with a fresh random key; returns its 32-hex id. */
  createCollection(): string;
  /** The unwrapped key of a collection (cached); AppError('record/not-found') if unknown. */
  collectionKey(collectionId: string): Uint8Array;
  /** The organisation key new wraps use. */
  currentOrgKey(): { id: string; key: Uint8Array };
  /** An organisation key by id, or undefined (e.g. issued after this device was removed). */
  orgKey(keyId: string): Uint8Array | undefined;
  /** Every organisation key this device holds (for sealing them to a newly linked device). */
  orgKeys(): Array<{ id: string; key: Uint8Array }>;
  /** Stores an organisation key received from the organisation; optionally makes it current. */
  addOrgKey(keyId: string, key: Uint8Array, makeCurrent: boolean): void;
  /** A fresh random organisation key, made current; returns its id. */
  rotateOrgKey(): string;
  /** Re-wraps every collection key under the current organisation key; returns the ids rewrapped. */
  rewrapCollections(): string[];
  /** The stored wrap of a collection key (it travels between devices as is). */
  collectionWrap(collectionId: string): { keyId: string; nonce: Uint8Array; wrapped: Uint8Array };
  /**
   * Stores a collection key wrap received from another device after checking that it opens.
   * Returns 'unknown-key' when this device does not hold the organisation key that wrapped it,
   * 'unchanged' when it already held this collection's key under the same or a newer wrap.
   */
  importCollectionWrap(collectionId: string, w: { keyId: string; nonce: Uint8Array; wrapped: Uint8Array }): 'added' | 'rewrapped' | 'unchanged' | 'unknown-key';
  /**
   * Crypto-shredding (case files): zeroes the cached key and deletes the collection's key row.
   * The caller must already have deleted every row that references the collection.
   */
  destroyCollection(collectionId: string): void;
  /** Zeroes every unwrapped key held in memory. */
  close(): void;
};

type KeyRow = { nonce: Uint8Array; wrapped: Uint8Array };

export function openKeyring(
  db: Database,
  masterKey: Uint8Array,
  meta: { get(k: string): string | undefined; set(k: string, v: string): void },
  /** Called inside the write's transaction whenever a collection key wrap is created (the sync outbox). */
  onCollectionWrapped?: (collectionId: string) => void
): Keyring {
  const keyringKey = crypto.deriveSubkey(masterKey, KEYRING_SUBKEY_ID, KEYRING_CONTEXT);
  let orgKeyId: string;
  let orgKey: Uint8Array;
  const orgKeys = new Map<string, Uint8Array>();
  try {
    ({ orgKeyId, orgKey } = loadOrCreateOrgKey(db, keyringKey, meta));
    orgKeys.set(orgKeyId, orgKey);
    for (const row of db
      .prepare<[string], KeyRow & { id: string }>('SELECT id, nonce, wrapped FROM keyring WHERE purpose = ?')
      .all(ORG_PURPOSE)) {
      if (orgKeys.has(row.id)) continue;
      try {
        orgKeys.set(row.id, crypto.unwrapKey(keyringKey, { nonce: row.nonce, ciphertext: row.wrapped }, orgKeyAd(row.id)));
      } catch (e) {
        if (e instanceof crypto.DecryptionError) throw new AppError('vault/corrupt', 'an organisation key does not open under this master key');
        throw e;
      }
    }
  } catch (e) {
    crypto.wipe(keyringKey);
    throw e;
  }
  // Kept (not wiped) while open: received and rotated organisation keys are wrapped with it.
  const storeOrgKey = (id: string, key: Uint8Array) => {
    const sealed = crypto.wrapKey(keyringKey, key, orgKeyAd(id));
    db.prepare('INSERT INTO keyring (id, purpose, nonce, wrapped) VALUES (?, ?, ?, ?)').run(id, ORG_PURPOSE, sealed.nonce, sealed.ciphertext);
  };
  const cache = new Map<string, Uint8Array>();
  let closed = false;

  const selectCollection = db.prepare<[string], KeyRow & { key_id: string }>('SELECT key_id, nonce, wrapped FROM collections WHERE id = ?');
  const insertCollection = db.prepare('INSERT INTO collections (id, key_id, nonce, wrapped) VALUES (?, ?, ?, ?)');
  const updateCollection = db.prepare('UPDATE collections SET key_id = ?, nonce = ?, wrapped = ? WHERE id = ?');

  const live = () => {
    if (closed) throw new AppError('vault/locked', 'the record store is closed');
  };

  function unwrapCollection(collectionId: string, row: KeyRow & { key_id: string }): Uint8Array {
    const wrappingKey = orgKeys.get(row.key_id);
    if (!wrappingKey) throw new AppError('record/tampered', 'collection key is wrapped by an unknown organisation key', { collection: collectionId });
    let key: Uint8Array;
    try {
      key = crypto.unwrapKey(wrappingKey, { nonce: row.nonce, ciphertext: row.wrapped }, collectionKeyAd(collectionId, row.key_id));
    } catch (e) {
      if (e instanceof crypto.DecryptionError) throw new AppError('record/tampered', 'collection key failed to open', { collection: collectionId });
      throw e;
    }
    cache.set(collectionId, key);
    return key;
  }

  return {
    createCollection() {
      live();
      const id = crypto.randomId();
      const key = crypto.randomKey();
      const sealed = crypto.wrapKey(orgKey, key, collectionKeyAd(id, orgKeyId));
      insertCollection.run(id, orgKeyId, sealed.nonce, sealed.ciphertext);
      onCollectionWrapped?.(id);
      cache.set(id, key);
      return id;
    },
    collectionKey(collectionId) {
      live();
      const cached = cache.get(collectionId);
      if (cached) return cached;
      const row = selectCollection.get(collectionId);
      if (!row) throw new AppError('record/not-found', 'unknown collection', { collection: collectionId });
      return unwrapCollection(collectionId, row);
    },
    currentOrgKey() {
      live();
      return { id: orgKeyId, key: orgKey };
    },
    orgKey(keyId) {
      live();
      return orgKeys.get(keyId);
    },
    orgKeys() {
      live();
      return [...orgKeys].map(([id, key]) => ({ id, key }));
    },
    addOrgKey(keyId, key, makeCurrent) {
      live();
      if (!/^[0-9a-f]{32}$/.test(keyId) || key.length !== crypto.KEY_BYTES) throw new TypeError('malformed organisation key');
      if (!orgKeys.has(keyId)) {
        storeOrgKey(keyId, key);
        orgKeys.set(keyId, new Uint8Array(key));
      }
      if (makeCurrent) {
        meta.set(ORG_KEY_META, keyId);
        orgKeyId = keyId;
        orgKey = orgKeys.get(keyId)!;
      }
    },
    rotateOrgKey() {
      live();
      const id = crypto.randomId();
      const key = crypto.randomKey();
      storeOrgKey(id, key);
      orgKeys.set(id, key);
      meta.set(ORG_KEY_META, id);
      orgKeyId = id;
      orgKey = key;
      return id;
    },
    rewrapCollections() {
      live();
      const stale = db.prepare<[string], { id: string }>('SELECT id FROM collections WHERE key_id <> ?').all(orgKeyId);
      for (const { id } of stale) {
        const key = this.collectionKey(id);
        const sealed = crypto.wrapKey(orgKey, key, collectionKeyAd(id, orgKeyId));
        updateCollection.run(orgKeyId, sealed.nonce, sealed.ciphertext, id);
        onCollectionWrapped?.(id);
      }
      return stale.map((r) => r.id);
    },
    collectionWrap(collectionId) {
      live();
      const row = selectCollection.get(collectionId);
      if (!row) throw new AppError('record/not-found', 'unknown collection', { collection: collectionId });
      return { keyId: row.key_id, nonce: new Uint8Array(row.nonce), wrapped: new Uint8Array(row.wrapped) };
    },
    importCollectionWrap(collectionId, w) {
      live();
      if (!/^[0-9a-f]{32}$/.test(collectionId)) throw new AppError('record/tampered', 'malformed collection id', { reason: 'header' });
      const wrappingKey = orgKeys.get(w.keyId);
      if (!wrappingKey) return 'unknown-key';
      let key: Uint8Array;
      try {
        key = crypto.unwrapKey(wrappingKey, { nonce: w.nonce, ciphertext: w.wrapped }, collectionKeyAd(collectionId, w.keyId));
      } catch (e) {
        if (e instanceof crypto.DecryptionError) throw new AppError('record/tampered', 'collection key failed to open', { collection: collectionId });
        throw e;
      }
      const existing = selectCollection.get(collectionId);
      if (!existing) {
        insertCollection.run(collectionId, w.keyId, w.nonce, w.wrapped);
        cache.set(collectionId, key);
        return 'added';
      }
      // A collection's key never changes, only its wrap: a different key under the same id is an attack.
      const known = this.collectionKey(collectionId);
      if (!crypto.constantTimeEqual(known, key)) {
        crypto.wipe(key);
        throw new AppError('record/tampered', 'a different key for a known collection', { collection: collectionId });
      }
      crypto.wipe(key);
      // Prefer the wrap under the current organisation key (after a rotation).
      if (existing.key_id !== orgKeyId && w.keyId === orgKeyId) {
        updateCollection.run(w.keyId, w.nonce, w.wrapped, collectionId);
        return 'rewrapped';
      }
      return 'unchanged';
    },
    destroyCollection(collectionId) {
      live();
      const cached = cache.get(collectionId);
      if (cached) crypto.wipe(cached);
      cache.delete(collectionId);
      db.prepare('DELETE FROM collections WHERE id = ?').run(collectionId);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const key of cache.values()) crypto.wipe(key);
      cache.clear();
      for (const key of orgKeys.values()) crypto.wipe(key);
      orgKeys.clear();
      crypto.wipe(keyringKey);
    }
  };
}

function loadOrCreateOrgKey(
  db: Database,
  keyringKey: Uint8Array,
  meta: { get(k: string): string | undefined; set(k: string, v: string): void }
): { orgKeyId: string; orgKey: Uint8Array } {
  const existingId = meta.get(ORG_KEY_META);
  if (existingId !== undefined) {
    const row = db.prepare<[string, string], KeyRow>('SELECT nonce, wrapped FROM keyring WHERE id = ? AND purpose = ?').get(existingId, ORG_PURPOSE);
    // The meta row says a key exists but it is gone: never silently make a new one (that would
    // orphan every collection). Treat as a corrupt store.
    if (!row) throw new AppError('vault/corrupt', 'the organisation key is missing from the keyring');
    try {
      return { orgKeyId: existingId, orgKey: crypto.unwrapKey(keyringKey, { nonce: row.nonce, ciphertext: row.wrapped }, orgKeyAd(existingId)) };
    } catch (e) {
      // Wrong master key for this database, or the keyring row was altered.
      if (e instanceof crypto.DecryptionError) throw new AppError('vault/corrupt', 'the organisation key does not open under this master key');
      throw e;
    }
  }
  const anyKey = db.prepare('SELECT 1 FROM keyring LIMIT 1').get();
  if (anyKey) throw new AppError('vault/corrupt', 'the keyring has keys but no current organisation key');
  const orgKeyId = crypto.randomId();
  const orgKey = crypto.randomKey();
  const sealed = crypto.wrapKey(keyringKey, orgKey, orgKeyAd(orgKeyId));
  db.transaction(() => {
    db.prepare('INSERT INTO keyring (id, purpose, nonce, wrapped) VALUES (?, ?, ?, ?)').run(orgKeyId, ORG_PURPOSE, sealed.nonce, sealed.ciphertext);
    meta.set(ORG_KEY_META, orgKeyId);
  }).immediate();
  return { orgKeyId, orgKey };
}
