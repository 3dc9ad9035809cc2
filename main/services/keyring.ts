/**
 * The key hierarchy below the vault's master key (GUIDE §3, "Key hierarchy"):
 *
 *   master key ──crypto_kdf(1, 'keyring_')──▶ keyring key
 *   keyring key ──wraps──▶ organisation key (random, 256-bit, created at first open)
 *   organisation key ──wraps──▶ one random key per collection (e.g. one case)
 *
 * Every wrap binds what the key is for as associated data, so a wrapped key copied to another
 * row (another purpose, another collection, another key id) does not unwrap.
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
  /** Zeroes every unwrapped key held in memory. */
  close(): void;
};

type KeyRow = { nonce: Uint8Array; wrapped: Uint8Array };

export function openKeyring(db: Database, masterKey: Uint8Array, meta: { get(k: string): string | undefined; set(k: string, v: string): void }): Keyring {
  const keyringKey = crypto.deriveSubkey(masterKey, KEYRING_SUBKEY_ID, KEYRING_CONTEXT);
  let orgKeyId: string;
  let orgKey: Uint8Array;
  try {
    ({ orgKeyId, orgKey } = loadOrCreateOrgKey(db, keyringKey, meta));
  } finally {
    crypto.wipe(keyringKey);
  }
  const cache = new Map<string, Uint8Array>();
  let closed = false;

  const selectCollection = db.prepare<[string], KeyRow & { key_id: string }>('SELECT key_id, nonce, wrapped FROM collections WHERE id = ?');
  const insertCollection = db.prepare('INSERT INTO collections (id, key_id, nonce, wrapped) VALUES (?, ?, ?, ?)');

  const live = () => {
    if (closed) throw new AppError('vault/locked', 'the record store is closed');
  };

  function unwrapCollection(collectionId: string, row: KeyRow & { key_id: string }): Uint8Array {
    if (row.key_id !== orgKeyId) throw new AppError('record/tampered', 'collection key is wrapped by an unknown organisation key', { collection: collectionId });
    let key: Uint8Array;
    try {
      key = crypto.unwrapKey(orgKey, { nonce: row.nonce, ciphertext: row.wrapped }, collectionKeyAd(collectionId, orgKeyId));
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
    close() {
      if (closed) return;
      closed = true;
      for (const key of cache.values()) crypto.wipe(key);
      cache.clear();
      crypto.wipe(orgKey);
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
