/**
 * Splitting a step message into relay envelopes and putting it back together
 * (docs/referrals.md "Transport").
 *
 *   part plain = 0x01 ‖ msgId (16 bytes) ‖ u16 index ‖ u16 count ‖ u32 length ‖ bytes ‖ zero padding
 *   payload    = crypto_box_seal(part plain, recipient organisation's X25519 key)
 *
 * The padding makes every payload exactly one of the relay's PAYLOAD_BUCKETS sizes, so the relay
 * sees a size class, never a length. The second seal (on top of the message's own sealing) hides
 * the step header — referral id, step kind, index, times — from the relay: it learns only who
 * writes to whom, when, and how many padded parts. Envelope ids are random (a retry of the same
 * outbox row re-sends the same id, which the relay answers `duplicate`).
 */
import { AppError } from '../../../shared/errors';
import { PAYLOAD_BUCKETS, paddedPayloadLength } from '../../../shared/relay/protocol';
import * as crypto from '../crypto';

const PART_VERSION = 1;
const PART_HEADER_BYTES = 1 + 16 + 2 + 2 + 4;
/** crypto_box_seal overhead: ephemeral public key (32) + MAC (16). */
const SEAL_BYTES = 48;
/** Bytes of message per part: fills the largest bucket. */
export const PART_BYTES = PAYLOAD_BUCKETS[PAYLOAD_BUCKETS.length - 1]! - SEAL_BYTES - PART_HEADER_BYTES;
export const MAX_PARTS = 65_535;

export type Part = { msgId: string; index: number; count: number; bytes: Uint8Array };
export type Envelope = { id: string; payload: Uint8Array };

const tampered = (reason: string) => new AppError('referral/tampered', 'a referral part was altered or damaged on the way', { reason });

/** The message as sealed, padded envelopes for the recipient's `referrals` mailbox. */
export function splitMessage(message: Uint8Array, msgId: string, recipientBoxPublic: Uint8Array): Envelope[] {
  if (!/^[0-9a-f]{32}$/.test(msgId)) throw new TypeError('msgId: 32 hex');
  const count = Math.max(1, Math.ceil(message.length / PART_BYTES));
  if (count > MAX_PARTS) throw new AppError('ipc/invalid-request', 'the referral is too large');
  const out: Envelope[] = [];
  for (let index = 0; index < count; index++) {
    const bytes = message.subarray(index * PART_BYTES, Math.min(message.length, (index + 1) * PART_BYTES));
    const total = paddedPayloadLength(PART_HEADER_BYTES + bytes.length + SEAL_BYTES)!;
    const plain = new Uint8Array(total - SEAL_BYTES);
    const dv = new DataView(plain.buffer);
    plain[0] = PART_VERSION;
    plain.set(crypto.fromHex(msgId), 1);
    dv.setUint16(17, index);
    dv.setUint16(19, count);
    dv.setUint32(21, bytes.length);
    plain.set(bytes, PART_HEADER_BYTES);
    const payload = crypto.sealToPublicKey(plain, recipientBoxPublic);
    crypto.wipe(plain);
    out.push({ id: crypto.randomId(), payload });
  }
  return out;
}

/** Opens one envelope with this organisation's box key; referral/tampered when it does not open or parse. */
export function openPart(payload: Uint8Array, ownBox: crypto.KeyPair): Part {
  if (!PAYLOAD_BUCKETS.includes(payload.length)) throw tampered('unpadded');
  let plain: Uint8Array;
  try {
    plain = crypto.openSealedBox(payload, ownBox);
  } catch {
    throw tampered('seal');
  }
  const dv = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  if (plain.length < PART_HEADER_BYTES || plain[0] !== PART_VERSION) throw tampered('part-header');
  const msgId = crypto.toHex(plain.subarray(1, 17));
  const index = dv.getUint16(17);
  const count = dv.getUint16(19);
  const length = dv.getUint32(21);
  if (count < 1 || index >= count || length > plain.length - PART_HEADER_BYTES) throw tampered('part-header');
  for (let i = PART_HEADER_BYTES + length; i < plain.length; i++) if (plain[i] !== 0) throw tampered('padding');
  return { msgId, index, count, bytes: plain.slice(PART_HEADER_BYTES, PART_HEADER_BYTES + length) };
}

/** Joins a complete, consistent set of parts (any order); referral/tampered otherwise. */
export function assembleParts(parts: Part[]): Uint8Array {
  if (parts.length === 0) throw tampered('no-parts');
  const { msgId, count } = parts[0]!;
  if (parts.length !== count) throw tampered('part-count');
  const sorted = [...parts].sort((a, b) => a.index - b.index);
  sorted.forEach((p, i) => {
    if (p.msgId !== msgId || p.count !== count || p.index !== i) throw tampered('part-set');
  });
  const out = new Uint8Array(sorted.reduce((n, p) => n + p.bytes.length, 0));
  let at = 0;
  for (const p of sorted) {
    out.set(p.bytes, at);
    at += p.bytes.length;
  }
  return out;
}
