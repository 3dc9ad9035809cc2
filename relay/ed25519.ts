/** Ed25519 verification with Node's crypto; public keys arrive as 32 raw bytes in base64. */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

// DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const cache = new Map<string, KeyObject>();

export function ed25519Key(publicKeyBase64: string): KeyObject {
  let key = cache.get(publicKeyBase64);
  if (!key) {
    const raw = Buffer.from(publicKeyBase64, 'base64');
    if (raw.length !== 32) throw new Error('not a 32-byte key');
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: 'der', type: 'spki' });
    if (cache.size > 50_000) cache.clear();
    cache.set(publicKeyBase64, key);
  }
  return key;
}

/** False for a malformed key or signature as well as a wrong one: never throws. */
export function verifyEd25519(publicKeyBase64: string, message: Uint8Array, signatureBase64: string): boolean {
  try {
    const sig = Buffer.from(signatureBase64, 'base64');
    if (sig.length !== 64) return false;
    return verify(null, message, ed25519Key(publicKeyBase64), sig);
  } catch {
    return false;
  }
}
