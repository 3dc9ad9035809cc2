/**
 * The only module that talks to libsodium. Everything else asks it for named operations,
 * so the backend could change without touching callers (docs/architecture.md).
 *
 * Call `await initCrypto()` once at start-up; every other function is synchronous after that.
 */
import sodiumModule from 'libsodium-wrappers-sumo';

type Sodium = typeof sodiumModule;
let sodium: Sodium | null = null;

export async function initCrypto(): Promise<void> {
  await sodiumModule.ready;
  sodium = sodiumModule;
}

function na(): Sodium {
  if (!sodium) throw new Error('initCrypto() was not awaited');
  return sodium;
}

export const KEY_BYTES = 32;
export const AEAD_NONCE_BYTES = 24;
export const AEAD_TAG_BYTES = 16;

/** Raised when a ciphertext does not open: wrong key, flipped bit, or moved to other associated data. */
export class DecryptionError extends Error {
  constructor() {
    super('ciphertext failed authentication');
    this.name = 'DecryptionError';
  }
}

export function randomBytes(length: number): Uint8Array {
  return na().randombytes_buf(length);
}

export function randomKey(): Uint8Array {
  return randomBytes(KEY_BYTES);
}

/** 128-bit random id as 32 lowercase hex characters. */
export function randomId(): string {
  return na().to_hex(randomBytes(16));
}

export function toHex(bytes: Uint8Array): string {
  return na().to_hex(bytes);
}

export function fromHex(hex: string): Uint8Array {
  return na().from_hex(hex);
}

export function toBase64(bytes: Uint8Array): string {
  return na().to_base64(bytes, na().base64_variants.ORIGINAL);
}

export function fromBase64(text: string): Uint8Array {
  return na().from_base64(text, na().base64_variants.ORIGINAL);
}

/** Overwrites a buffer with zeros. JS cannot promise no copies exist, but we drop what we hold. */
export function wipe(bytes: Uint8Array | null | undefined): void {
  if (bytes && bytes.length > 0) na().memzero(bytes);
}

export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && na().memcmp(a, b);
}

// ---- passphrase KDF (Argon2id) ----

export type KdfParams = { opsLimit: number; memLimitBytes: number };

/** Refused below this, whatever a vault header says (downgrade protection). */
export const KDF_FLOOR: KdfParams = { opsLimit: 3, memLimitBytes: 64 * 1024 * 1024 };
/** Used for new vaults: libsodium's "moderate" setting (~1.2 s here). */
export const KDF_DEFAULT: KdfParams = { opsLimit: 3, memLimitBytes: 256 * 1024 * 1024 };
export const KDF_SALT_BYTES = 16;

export function isBelowKdfFloor(params: KdfParams): boolean {
  return params.opsLimit < KDF_FLOOR.opsLimit || params.memLimitBytes < KDF_FLOOR.memLimitBytes;
}

export function derivePassphraseKey(passphrase: string, salt: Uint8Array, params: KdfParams): Uint8Array {
  if (isBelowKdfFloor(params)) throw new RangeError('KDF parameters below the floor');
  const s = na();
  return s.crypto_pwhash(
    KEY_BYTES,
    passphrase.normalize('NFKC'),
    salt,
    params.opsLimit,
    params.memLimitBytes,
    s.crypto_pwhash_ALG_ARGON2ID13
  );
}

/** For high-entropy secrets (recovery keys): keyed BLAKE2b, no stretching needed. */
export function deriveKeyFromSecret(secret: Uint8Array, salt: Uint8Array, label: string): Uint8Array {
  const s = na();
  const context = new TextEncoder().encode(`anxin:${label}:`);
  const input = new Uint8Array(context.length + secret.length);
  input.set(context);
  input.set(secret, context.length);
  const key = s.crypto_generichash(KEY_BYTES, input, salt.length >= 16 ? salt : null);
  wipe(input);
  return key;
}

/** Subkeys of the master key, one per purpose; `context` is exactly 8 ASCII characters. */
export function deriveSubkey(masterKey: Uint8Array, subkeyId: number, context: string): Uint8Array {
  if (context.length !== 8) throw new RangeError('crypto_kdf context must be 8 characters');
  return na().crypto_kdf_derive_from_key(KEY_BYTES, subkeyId, context, masterKey);
}

// ---- AEAD: XChaCha20-Poly1305 (IETF) ----

export type Sealed = { nonce: Uint8Array; ciphertext: Uint8Array };

export function aeadSeal(key: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array): Sealed {
  const s = na();
  const nonce = randomBytes(AEAD_NONCE_BYTES);
  const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associatedData, null, nonce, key);
  return { nonce, ciphertext };
}

export function aeadOpen(key: Uint8Array, sealed: Sealed, associatedData: Uint8Array): Uint8Array {
  try {
    return na().crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed.ciphertext, associatedData, sealed.nonce, key);
  } catch {
    throw new DecryptionError();
  }
}

/** Wraps one key under another; `label` (e.g. "vault-passphrase") is bound as associated data. */
export function wrapKey(wrappingKey: Uint8Array, key: Uint8Array, associatedData: Uint8Array): Sealed {
  return aeadSeal(wrappingKey, key, associatedData);
}

export function unwrapKey(wrappingKey: Uint8Array, wrapped: Sealed, associatedData: Uint8Array): Uint8Array {
  return aeadOpen(wrappingKey, wrapped, associatedData);
}

export function sha256(bytes: Uint8Array): Uint8Array {
  return na().crypto_hash_sha256(bytes);
}

export const utf8 = {
  encode: (text: string): Uint8Array => new TextEncoder().encode(text),
  decode: (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes)
};
