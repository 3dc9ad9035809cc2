/**
 * The network directory on the relay (docs/network.md, "On the relay"): the coordinator
 * organisation publishes each signed snapshot into its own `network` mailbox; every
 * organisation on the relay may read that mailbox, so the snapshot is sealed first: a fresh
 * random key encrypts it (XChaCha20-Poly1305) and is wrapped to the X25519 key of every listed
 * organisation (crypto_box_seal). The relay, organisations outside the network and removed
 * members see ciphertext. The sealed snapshot travels as one or more parts (an envelope payload
 * is at most 256 KiB), each padded to a size bucket like every other envelope.
 *
 * Sealing gives confidentiality only: a sealed box proves no sender. The snapshot inside is
 * verified with the pinned network key by the caller (formats.verifySnapshot).
 */
import { z } from 'zod';
import { envelopesPath, NETWORK_MAILBOX, paddedPayloadLength, PullResponse, pullPath } from '../../../shared/relay/protocol';
import * as crypto from '../crypto';
import type { RelayClient, Signer } from '../sync/relay-client';
import { canonical } from '../canonical-json';
import type { Snapshot } from './formats';

const PART_BYTES = 180 * 1024;
/** Two 256 KiB payloads (base64) stay under the relay's 1 MiB request body. */
const PARTS_PER_UPLOAD = 2;

const Part = z.strictObject({
  t: z.literal('anxin-network-directory'),
  v: z.literal(1),
  version: z.number().int().min(1),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  index: z.number().int().min(0),
  count: z.number().int().min(1).max(64),
  data: z.string()
});
type Part = z.infer<typeof Part>;

const SEAL_AD = 'anxin-network-directory-sealed/v1\n';
const Sealed = z.strictObject({
  t: z.literal('anxin-network-sealed'),
  v: z.literal(1),
  networkId: z.string().max(64),
  /** Not authenticated here: only the version inside the signed snapshot counts. */
  version: z.number().int().min(1),
  keys: z.array(z.strictObject({ o: z.string().max(64), k: z.string().max(200) })).max(5000),
  nonce: z.string().max(64),
  ciphertext: z.string()
});

/** The snapshot sealed to the listed organisations' X25519 keys (bytes to split into parts). */
export function sealSnapshot(snapshot: Snapshot, recipients: Array<{ organisationId: string; boxPublic: Uint8Array }>): Uint8Array {
  const key = crypto.randomKey();
  try {
    const sealed = crypto.aeadSeal(key, crypto.utf8.encode(canonical(snapshot)), crypto.utf8.encode(SEAL_AD + snapshot.networkId));
    const container: z.infer<typeof Sealed> = {
      t: 'anxin-network-sealed',
      v: 1,
      networkId: snapshot.networkId,
      version: snapshot.version,
      keys: recipients.map((r) => ({ o: r.organisationId, k: crypto.toBase64(crypto.sealToPublicKey(key, r.boxPublic)) })),
      nonce: crypto.toBase64(sealed.nonce),
      ciphertext: crypto.toBase64(sealed.ciphertext)
    };
    return crypto.utf8.encode(JSON.stringify(container));
  } finally {
    crypto.wipe(key);
  }
}

/**
 * Opens a sealed snapshot with this organisation's X25519 key pair: the snapshot's JSON (still
 * to verify), 'not-listed' when it carries no key for this organisation (removed, or listed
 * under another key), or null when it is malformed or does not open. An organisation can have
 * two keys in one snapshot: the version that replaced its keys is also sealed to the previous one.
 */
export function openSealedSnapshot(raw: unknown, organisationId: string, box: crypto.KeyPair): unknown {
  const r = Sealed.safeParse(raw);
  if (!r.success) return null;
  const mine = r.data.keys.filter((k) => k.o === organisationId);
  if (mine.length === 0) return 'not-listed';
  for (const m of mine) {
    let key: Uint8Array | null = null;
    try {
      key = crypto.openSealedBox(crypto.fromBase64(m.k), box);
      if (key.length !== crypto.KEY_BYTES) continue;
      const bytes = crypto.aeadOpen(key, { nonce: crypto.fromBase64(r.data.nonce), ciphertext: crypto.fromBase64(r.data.ciphertext) }, crypto.utf8.encode(SEAL_AD + r.data.networkId));
      return JSON.parse(crypto.utf8.decode(bytes));
    } catch {
      // not this one
    } finally {
      crypto.wipe(key);
    }
  }
  return null;
}

function pad(json: Uint8Array): Uint8Array {
  const size = paddedPayloadLength(json.length + 4);
  if (size === null) throw new RangeError('network directory part too large');
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, json.length);
  out.set(json, 4);
  return out;
}
function unpad(payload: Uint8Array): Uint8Array | null {
  if (payload.length < 4) return null;
  const n = new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(0);
  return n + 4 <= payload.length ? payload.subarray(4, 4 + n) : null;
}

/** The envelopes of one sealed snapshot (ids derived from its bytes: re-sending them is idempotent at the relay). */
export function snapshotEnvelopes(sealed: Uint8Array, version: number): Array<{ v: 1; id: string; payload: string }> {
  const hash = crypto.toHex(crypto.sha256(sealed));
  const count = Math.max(1, Math.ceil(sealed.length / PART_BYTES));
  const out: Array<{ v: 1; id: string; payload: string }> = [];
  for (let index = 0; index < count; index++) {
    const part: Part = {
      t: 'anxin-network-directory',
      v: 1,
      version,
      hash,
      index,
      count,
      data: Buffer.from(sealed.subarray(index * PART_BYTES, (index + 1) * PART_BYTES)).toString('base64')
    };
    const id = crypto.toHex(crypto.sha256(crypto.utf8.encode(`anxin-network-part/v1:${hash}:${index}`))).slice(0, 32);
    out.push({ v: 1, id, payload: crypto.toBase64(pad(crypto.utf8.encode(JSON.stringify(part)))) });
  }
  return out;
}

export async function publishSnapshot(
  t: { client: RelayClient; signer: Signer; orgId: string },
  snapshot: Snapshot,
  recipients: Array<{ organisationId: string; boxPublic: Uint8Array }>
): Promise<void> {
  const envelopes = snapshotEnvelopes(sealSnapshot(snapshot, recipients), snapshot.version);
  for (let i = 0; i < envelopes.length; i += PARTS_PER_UPLOAD) {
    await t.client.post(envelopesPath(t.orgId, NETWORK_MAILBOX), { v: 1, envelopes: envelopes.slice(i, i + PARTS_PER_UPLOAD) }, t.signer);
  }
}

/** A sealed snapshot assembled from its parts (not opened or verified yet), with where it starts in the mailbox. */
export type Candidate = { version: number; hash: string; raw: unknown; firstSeq: number };

/**
 * Reads the coordinator's `network` mailbox after `cursor`. Returns every complete snapshot
 * read, the new cursor (never past the first part of a snapshot still incomplete, so its
 * other parts are read again next time), and the relay's generation.
 * `malformed` counts parts that do not parse or assemble to JSON whose hash matches.
 */
export async function pullSnapshots(
  t: { client: RelayClient; signer: Signer },
  relayOrgId: string,
  from: { cursor: number; generation: string | null }
): Promise<{ candidates: Candidate[]; cursor: number; generation: string; malformed: number }> {
  let after = from.cursor;
  let reset = false;
  const groups = new Map<string, { parts: Map<number, string>; count: number; version: number; firstSeq: number }>();
  let malformed = 0;
  let generation = from.generation ?? '';
  for (;;) {
    const page = PullResponse.parse(await t.client.get(pullPath(relayOrgId, NETWORK_MAILBOX, after, 200), t.signer));
    // A relay whose storage was replaced or rolled back: read everything again (the version
    // check against the highest snapshot seen still refuses an older directory).
    if (!reset && (page.head < after || (from.generation !== null && page.generation !== from.generation))) {
      reset = true;
      after = 0;
      groups.clear();
      continue;
    }
    generation = page.generation;
    for (const env of page.envelopes) {
      const json = unpad(crypto.fromBase64(env.payload));
      let part: Part | null = null;
      try {
        const r = json ? Part.safeParse(JSON.parse(crypto.utf8.decode(json))) : null;
        part = r?.success ? r.data : null;
      } catch {
        part = null;
      }
      if (!part || part.index >= part.count) {
        malformed++;
        continue;
      }
      let g = groups.get(part.hash);
      if (!g) groups.set(part.hash, (g = { parts: new Map(), count: part.count, version: part.version, firstSeq: env.seq }));
      if (g.count !== part.count || g.version !== part.version) {
        malformed++;
        continue;
      }
      g.parts.set(part.index, part.data);
    }
    after = page.next;
    if (page.envelopes.length === 0 || page.next >= page.head) break;
  }
  const candidates: Candidate[] = [];
  let cursor = after;
  // An incomplete snapshot holds the cursor back (its other parts may still come) unless a
  // complete one was published after it: then it was abandoned (a publish cut off and redone).
  const lastComplete = Math.max(0, ...[...groups.values()].filter((g) => g.parts.size === g.count).map((g) => g.firstSeq));
  for (const [hash, g] of groups) {
    if (g.parts.size < g.count) {
      if (g.firstSeq > lastComplete) cursor = Math.min(cursor, g.firstSeq - 1);
      continue;
    }
    const bytes = Buffer.concat(Array.from({ length: g.count }, (_, i) => Buffer.from(g.parts.get(i)!, 'base64')));
    if (crypto.toHex(crypto.sha256(new Uint8Array(bytes))) !== hash) {
      malformed++;
      continue;
    }
    try {
      candidates.push({ version: g.version, hash, raw: JSON.parse(bytes.toString('utf8')), firstSeq: g.firstSeq });
    } catch {
      malformed++;
    }
  }
  return { candidates, cursor, generation, malformed };
}
