/**
 * The only module that talks to libsodium. Everything else asks it for named operations,
 * so the backend could change without touching callers (docs/architecture.md).
 *
 * Call `await initCrypto()` once at start-up; every other function is synchronous after that.
 */
import nodeCrypto from 'node:crypto';
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

// ---- device and organisation identity: Ed25519 (signing), X25519 (sealed boxes) ----

export type KeyPair = { publicKey: Uint8Array; secretKey: Uint8Array };

/** Ed25519 signing key pair (crypto_sign_keypair): 32-byte public key, 64-byte secret key. */
export function signKeyPair(): KeyPair {
  const kp = na().crypto_sign_keypair();
  return { publicKey: kp.publicKey, secretKey: kp.privateKey };
}

/** Detached Ed25519 signature (64 bytes). */
export function signDetached(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return na().crypto_sign_detached(message, secretKey);
}

/** False for a wrong key, an altered message or a malformed signature; never throws on bad input. */
export function verifyDetached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  try {
    return na().crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}

/** X25519 key pair for sealed boxes (crypto_box_keypair). */
export function boxKeyPair(): KeyPair {
  const kp = na().crypto_box_keypair();
  return { publicKey: kp.publicKey, secretKey: kp.privateKey };
}

/**
 * Anonymous sealed box (crypto_box_seal) to an X25519 public key. Proves nothing about the
 * sender: callers that need a sender sign the result (the organisation key grant does).
 */
export function sealToPublicKey(plaintext: Uint8Array, recipientPublicKey: Uint8Array): Uint8Array {
  return na().crypto_box_seal(plaintext, recipientPublicKey);
}

export function openSealedBox(ciphertext: Uint8Array, keyPair: KeyPair): Uint8Array {
  try {
    return na().crypto_box_seal_open(ciphertext, keyPair.publicKey, keyPair.secretKey);
  } catch {
    throw new DecryptionError();
  }
}

/**
 * A fingerprint people compare out of band: BLAKE2b-256 over a domain prefix and the public
 * keys, shown as 12 groups of 5 digits (60 decimal digits, ~199 bits), Signal's safety-number
 * style. Decimal digits read aloud the same in Chinese, English, French and Dutch.
 */
export function keyFingerprint(...publicKeys: Uint8Array[]): string {
  const s = na();
  const prefix = utf8.encode('anxin-fingerprint-v1:');
  const parts = [prefix, ...publicKeys];
  const input = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    input.set(p, at);
    at += p.length;
  }
  const digest = s.crypto_generichash(30, input, null);
  const groups: string[] = [];
  for (let i = 0; i < 30; i += 5) {
    // 5 bytes -> a 40-bit number -> two groups of 5 digits (mod 10^10 keeps ~33 bits each half).
    let n = 0;
    for (let j = 0; j < 5; j++) n = n * 256 + digest[i + j]!;
    const ten = String(n % 1e10).padStart(10, '0');
    groups.push(ten.slice(0, 5), ten.slice(5));
  }
  return groups.join(' ');
}

/** Hash of arbitrary bytes, BLAKE2b with the given output length (16..64). */
export function genericHash(bytes: Uint8Array, length = 32): Uint8Array {
  return na().crypto_generichash(length, bytes, null);
}

// ---- streams: crypto_secretstream_xchacha20poly1305 (attachments, exports) ----

export const STREAM_HEADER_BYTES = 24;
/** Bytes added to each pushed message (tag byte + Poly1305 MAC). */
export const STREAM_ABYTES = 17;

type WasmModule = { HEAPU8: Uint8Array; _free(address: number): void; _crypto_secretstream_xchacha20poly1305_statebytes?(): number };

/** Zeroes and frees a stream or hash state in the WASM heap (the wrapper never frees them). */
function releaseState(address: number, bytes: number): void {
  const wasm = (na() as unknown as { libsodium?: WasmModule }).libsodium;
  if (!wasm || typeof wasm._free !== 'function' || !(wasm.HEAPU8 instanceof Uint8Array)) return;
  wasm.HEAPU8.fill(0, address, address + bytes);
  wasm._free(address);
}
const STREAM_STATE_BYTES = 52;

export type StreamPusher = {
  header: Uint8Array;
  /** Seals one message; `final` marks the last one (TAG_FINAL). */
  push(message: Uint8Array, associatedData: Uint8Array | null, final: boolean): Uint8Array;
  /** Frees the state (after the final message, or to abandon the stream). */
  close(): void;
};

export function streamKey(): Uint8Array {
  return randomKey();
}

export function streamPush(key: Uint8Array): StreamPusher {
  const s = na();
  const { state, header } = s.crypto_secretstream_xchacha20poly1305_init_push(key);
  let open = true;
  return {
    header,
    push(message, associatedData, final) {
      if (!open) throw new Error('the stream is closed');
      const tag = final ? s.crypto_secretstream_xchacha20poly1305_TAG_FINAL : s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
      return s.crypto_secretstream_xchacha20poly1305_push(state, message, associatedData, tag);
    },
    close() {
      if (!open) return;
      open = false;
      releaseState(state as unknown as number, STREAM_STATE_BYTES);
    }
  };
}

export type StreamPuller = {
  /**
   * Opens the next message. Throws DecryptionError when it does not authenticate (altered,
   * reordered, from another stream or with other associated data). `final` is true for the
   * message pushed as the last one: the caller must refuse a stream that ends without it, or
   * that continues after it.
   */
  pull(ciphertext: Uint8Array, associatedData: Uint8Array | null): { message: Uint8Array; final: boolean };
  close(): void;
};

export function streamPull(key: Uint8Array, header: Uint8Array): StreamPuller {
  const s = na();
  if (header.length !== STREAM_HEADER_BYTES) throw new DecryptionError();
  const state = s.crypto_secretstream_xchacha20poly1305_init_pull(header, key);
  let open = true;
  return {
    pull(ciphertext, associatedData) {
      if (!open) throw new Error('the stream is closed');
      if (ciphertext.length < STREAM_ABYTES) throw new DecryptionError();
      let result: { message: Uint8Array; tag: number } | false;
      try {
        result = s.crypto_secretstream_xchacha20poly1305_pull(state, ciphertext, associatedData) as { message: Uint8Array; tag: number } | false;
      } catch {
        throw new DecryptionError();
      }
      if (!result) throw new DecryptionError();
      if (result.tag !== s.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE && result.tag !== s.crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
        throw new DecryptionError(); // we never push PUSH or REKEY tags
      }
      return { message: result.message, final: result.tag === s.crypto_secretstream_xchacha20poly1305_TAG_FINAL };
    },
    close() {
      if (!open) return;
      open = false;
      releaseState(state as unknown as number, STREAM_STATE_BYTES);
    }
  };
}

/**
 * Incremental SHA-256 (feed it chunk by chunk; never the whole file at once). Node's native
 * implementation: SHA-256 of evidence files is a hash for legal use, not a secret operation,
 * and the WASM build is ~5x slower on large files. Checked against libsodium's in the tests.
 */
export function sha256Stream(): { update(bytes: Uint8Array): void; digest(): Uint8Array } {
  const h = nodeCrypto.createHash('sha256');
  let done = false;
  return {
    update(bytes) {
      if (done) throw new Error('the hash is finished');
      h.update(bytes);
    },
    digest() {
      if (done) throw new Error('the hash is finished');
      done = true;
      return new Uint8Array(h.digest());
    }
  };
}

/** Keyed BLAKE2b (crypto_generichash with a key). */
export function keyedGenericHash(bytes: Uint8Array, key: Uint8Array, length = 32): Uint8Array {
  return na().crypto_generichash(length, bytes, key);
}

/**
 * AEAD with a caller-supplied nonce. Only for deterministic (SIV-style) sealing where the nonce
 * is a keyed hash of the plaintext and its associated data, so a nonce repeats only for an
 * identical message (main/services/sync/envelope.ts). Everything else uses aeadSeal.
 */
export function aeadSealWithNonce(key: Uint8Array, plaintext: Uint8Array, associatedData: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (nonce.length !== AEAD_NONCE_BYTES) throw new RangeError('nonce must be 24 bytes');
  return na().crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associatedData, null, nonce, key);
}
