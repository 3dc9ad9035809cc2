/**
 * What travels through the relay (docs/sync.md, "Envelopes"). The relay stores opaque payloads;
 * each payload is one sealed row (a record revision or a collection key wrap) sealed AGAIN under
 * the current organisation key, so the relay sees neither kinds, ids, collections nor clocks,
 * and a device removed before a rotation cannot open anything sent after it.
 *
 *   payload  = 0x01 ‖ keyId (16 bytes) ‖ nonce (24) ‖ XChaCha20-Poly1305(orgKey[keyId], plain, ad)
 *   plain    = u32 length ‖ inner JSON ‖ zero padding   (payload length = a PAYLOAD_BUCKETS size)
 *   ad       = "anxin-sync-envelope/v1\n" orgId "\n" keyId "\n" envelopeId
 *
 * The envelope id is a keyed hash of what the envelope carries (item, id, revision, device,
 * HLC, key id) and the nonce a keyed hash of the plaintext: sealing the same row twice gives
 * byte-identical envelopes, so a retry after a lost response is a relay-side `duplicate`, not a
 * second copy or an id conflict. (Nonce reuse then only ever repeats an identical message.)
 */
import { AppError } from '../../../shared/errors';
import { PAYLOAD_BUCKETS, paddedPayloadLength } from '../../../shared/relay/protocol';
import type { RecordHeader } from '../../../shared/records/header';
import * as crypto from '../crypto';

export const ENVELOPE_VERSION = 1;
const HEADER_BYTES = 1 + 16 + crypto.AEAD_NONCE_BYTES;
const OVERHEAD = HEADER_BYTES + crypto.AEAD_TAG_BYTES + 4;

export type Inner =
  /** `f`: the fields this revision changed → the stamp of the value each replaced (merge.ts). */
  | { t: 'record'; h: RecordHeader; n: string; c: string; f?: Record<string, string> }
  | { t: 'collection'; id: string; k: string; n: string; w: string }
  /** An attachment chunk (already secretstream-encrypted by the case-files service). */
  | { t: 'chunk'; a: string; s: number; col: string; d: string };

const ad = (orgId: string, keyId: string, envelopeId: string) => crypto.utf8.encode(`anxin-sync-envelope/v1\n${orgId}\n${keyId}\n${envelopeId}`);

function keyedHash(key: Uint8Array, label: string, bytes: Uint8Array, length: number): Uint8Array {
  const sub = crypto.deriveKeyFromSecret(key, new Uint8Array(0), label);
  try {
    return crypto.keyedGenericHash(bytes, sub, length);
  } finally {
    crypto.wipe(sub);
  }
}

export function envelopeIdFor(orgKey: Uint8Array, keyId: string, inner: Inner): string {
  const identity =
    inner.t === 'record'
      ? ['record', inner.h.id, inner.h.revision, inner.h.device, inner.h.hlc, keyId]
      : inner.t === 'chunk'
        ? ['chunk', inner.a, inner.s, keyId]
        : ['collection', inner.id, inner.k, inner.n, keyId];
  // (The record identity alone names it: its changes `f` are derived from it, the same on every re-send.)
  return crypto.toHex(keyedHash(orgKey, 'envelope-id', crypto.utf8.encode(JSON.stringify(identity)), 16));
}

/** Largest inner JSON that fits the largest bucket. */
export const MAX_INNER_BYTES = PAYLOAD_BUCKETS[PAYLOAD_BUCKETS.length - 1]! - OVERHEAD;

export function sealEnvelope(o: { orgId: string; keyId: string; orgKey: Uint8Array; inner: Inner; /** tests: an attacker picks any id */ id?: string }): {
  id: string;
  payload: Uint8Array;
} {
  const id = o.id ?? envelopeIdFor(o.orgKey, o.keyId, o.inner);
  const json = crypto.utf8.encode(JSON.stringify(o.inner));
  const total = paddedPayloadLength(json.length + OVERHEAD);
  if (total === null) throw new AppError('sync/too-large', 'a record is too large to sync', { bytes: json.length });
  const plain = new Uint8Array(total - HEADER_BYTES - crypto.AEAD_TAG_BYTES);
  new DataView(plain.buffer).setUint32(0, json.length);
  plain.set(json, 4);
  const assoc = ad(o.orgId, o.keyId, id);
  const nonce = keyedHash(o.orgKey, 'envelope-nonce', concat(assoc, plain), crypto.AEAD_NONCE_BYTES);
  const ct = crypto.aeadSealWithNonce(o.orgKey, plain, assoc, nonce);
  crypto.wipe(plain);
  const payload = new Uint8Array(HEADER_BYTES + ct.length);
  payload[0] = ENVELOPE_VERSION;
  payload.set(crypto.fromHex(o.keyId), 1);
  payload.set(nonce, 17);
  payload.set(ct, HEADER_BYTES);
  return { id, payload };
}

/** The organisation key id an envelope names (to look the key up), or null when malformed. */
export function envelopeKeyId(payload: Uint8Array): string | null {
  if (payload.length < HEADER_BYTES + crypto.AEAD_TAG_BYTES + 4 || payload[0] !== ENVELOPE_VERSION) return null;
  return crypto.toHex(payload.subarray(1, 17));
}

/** Opens an envelope; AppError('sync/bad-envelope') when it does not authenticate or parse. */
export function openEnvelope(o: { orgId: string; envelopeId: string; payload: Uint8Array; orgKey: (keyId: string) => Uint8Array | undefined }): Inner {
  const bad = (reason: string) => new AppError('sync/bad-envelope', `envelope rejected: ${reason}`, { id: o.envelopeId, reason });
  const keyId = envelopeKeyId(o.payload);
  if (keyId === null) throw bad('malformed');
  const key = o.orgKey(keyId);
  if (!key) throw bad('unknown-key');
  let plain: Uint8Array;
  try {
    plain = crypto.aeadOpen(key, { nonce: o.payload.slice(17, HEADER_BYTES), ciphertext: o.payload.slice(HEADER_BYTES) }, ad(o.orgId, keyId, o.envelopeId));
  } catch {
    throw bad('authentication');
  }
  try {
    const len = new DataView(plain.buffer, plain.byteOffset).getUint32(0);
    if (len > plain.length - 4) throw bad('length');
    const inner = JSON.parse(crypto.utf8.decode(plain.subarray(4, 4 + len))) as Inner;
    if (typeof inner !== 'object' || inner === null || (inner.t !== 'record' && inner.t !== 'collection' && inner.t !== 'chunk')) throw bad('type');
    return inner;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw bad('body');
  } finally {
    crypto.wipe(plain);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
