/**
 * The sealed, signed referral step message (docs/referrals.md "Wire format"; GUIDE §3).
 *
 *   message    = "ANXRF1" ‖ u32 headerLength ‖ headerBytes ‖ signature (64) ‖ u16 wrappedLength ‖ wrappedKey ‖ ciphertext
 *   headerBytes= canonical JSON {v:1, type:'anxin-referral-step', referralId, index, kind, from, to, senderKey,
 *                recipientKey, prev, createdAt, wrappedKeyHash, ciphertextHash, ciphertextLength}
 *   wrappedKey = crypto_box_seal(K, recipient X25519), K a fresh 32-byte secretstream key
 *   ciphertext = secretstream header (24) ‖ messages of 64 KiB plaintext (+17), the last tagged FINAL;
 *                plaintext = u32 bodyLength ‖ body JSON {body, attachments:[{name,mimeType,size,sha256}]} ‖ attachment bytes…
 *                every message's AD = sha256("anxin-referral-body/v1\n" ‖ canonical(identity fields of the header))
 *                (the hashes cannot be in it: they are computed over the ciphertext; the signature binds them)
 *   signed     = "anxin-referral/v1\n" ‖ headerBytes ‖ "\n" ‖ recipientKey ‖ "\n" ‖ ciphertextHash
 *   signature  = Ed25519 by the sending organisation's referral identity over `signed`
 *   step hash  = sha256(signed) hex: chains the next step (`prev`) and names the message (msgId = first 32 hex).
 *
 * openStep() checks, in this order, before anything is decrypted or applied: shape (referral/tampered),
 * recipient (referral/wrong-recipient), sender trust (network/* from the caller's `trusted`), sender key
 * fingerprint and signature (referral/forged), hashes (referral/tampered), chain (the caller's `chain`:
 * referral/replayed), then decryption with the FINAL tag and every attachment's SHA-256 (referral/tampered).
 */
import { AppError } from '../../../shared/errors';
import { STEP_KINDS, type StepKind } from '../../../shared/domain/referrals/schemas';
import { canonical } from '../canonical-json';
import * as crypto from '../crypto';

export const CHUNK_BYTES = 64 * 1024;
const MAGIC = crypto.utf8.encode('ANXRF1');
const SIGN_PREFIX = 'anxin-referral/v1\n';
const BODY_AD_PREFIX = 'anxin-referral-body/v1\n';
/** Whole message (body + attachments) limit: parts are reassembled in memory. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const MAX_HEADER_BYTES = 4096;
const MAX_BODY_BYTES = 1024 * 1024;

export type KeyPair = crypto.KeyPair;
/** This organisation's referral identity (from the network service). */
export type OwnIdentity = { orgId: string; sign: KeyPair; box: KeyPair };
/** Another organisation's pinned keys (network.trusted). */
export type PeerKeys = { orgId: string; signPublic: Uint8Array; boxPublic: Uint8Array };

export type StepHeader = {
  v: 1;
  type: 'anxin-referral-step';
  referralId: string;
  index: number;
  kind: StepKind;
  from: string;
  to: string;
  senderKey: string;
  recipientKey: string;
  prev: string;
  createdAt: string;
  wrappedKeyHash: string;
  ciphertextHash: string;
  ciphertextLength: number;
};

export type AttachmentMeta = { name: string; mimeType: string; size: number; sha256: string };
/** An attachment to seal: its metadata and its plaintext, produced piece by piece. */
export type AttachmentSource = AttachmentMeta & { pieces: () => Iterable<Uint8Array> };

export type SealedStep = {
  header: StepHeader;
  /** The whole message, to split into relay parts. */
  bytes: Uint8Array;
  /** sha256 hex of the signed bytes. */
  hash: string;
  msgId: string;
};

export type OpenedStep = {
  header: StepHeader;
  hash: string;
  msgId: string;
  body: unknown;
  /** Plaintext of each attachment in ≤ 64 KiB pieces (the caller re-seals and wipes them). */
  attachments: Array<AttachmentMeta & { pieces: Uint8Array[] }>;
};

const HEX32 = /^[0-9a-f]{32}$/;
const HEX64 = /^[0-9a-f]{64}$/;

export const fingerprintOf = (signPublic: Uint8Array, boxPublic: Uint8Array) => crypto.keyFingerprint(signPublic, boxPublic);

const tampered = (reason: string) => new AppError('referral/tampered', 'the referral was altered or damaged on the way', { reason });
const forged = (reason: string) => new AppError('referral/forged', 'the referral is not signed by the organisation it names', { reason });
const wrongRecipient = (reason: string) => new AppError('referral/wrong-recipient', 'the referral is addressed to another organisation', { reason });

function bodyAd(h: Pick<StepHeader, 'referralId' | 'index' | 'kind' | 'from' | 'to' | 'senderKey' | 'recipientKey' | 'prev' | 'createdAt'>): Uint8Array {
  const identity = {
    v: 1,
    referralId: h.referralId,
    index: h.index,
    kind: h.kind,
    from: h.from,
    to: h.to,
    senderKey: h.senderKey,
    recipientKey: h.recipientKey,
    prev: h.prev,
    createdAt: h.createdAt
  };
  return crypto.sha256(crypto.utf8.encode(BODY_AD_PREFIX + canonical(identity)));
}

function signedBytes(headerBytes: Uint8Array, recipientKey: string, ciphertextHash: string): Uint8Array {
  return concat([crypto.utf8.encode(SIGN_PREFIX), headerBytes, crypto.utf8.encode(`\n${recipientKey}\n${ciphertextHash}`)]);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Feeds bytes in, emits exactly CHUNK_BYTES-sized plaintext chunks (the last one shorter). */
function chunker(onChunk: (chunk: Uint8Array) => void) {
  const buf = new Uint8Array(CHUNK_BYTES);
  let fill = 0;
  return {
    write(bytes: Uint8Array) {
      let off = 0;
      while (off < bytes.length) {
        if (fill === CHUNK_BYTES) {
          onChunk(buf.slice(0, fill));
          buf.fill(0, 0, fill);
          fill = 0;
        }
        const n = Math.min(CHUNK_BYTES - fill, bytes.length - off);
        buf.set(bytes.subarray(off, off + n), fill);
        fill += n;
        off += n;
      }
    },
    /** The last chunk (possibly empty when nothing was written at all). */
    rest(): Uint8Array {
      const last = buf.slice(0, fill);
      buf.fill(0);
      fill = 0;
      return last;
    }
  };
}

export function sealStep(o: {
  self: OwnIdentity;
  to: PeerKeys;
  referralId: string;
  index: number;
  kind: StepKind;
  prev: string;
  createdAt: string;
  body: unknown;
  attachments?: AttachmentSource[];
}): SealedStep {
  if (!HEX32.test(o.referralId)) throw new TypeError('referral ids are 32 hex');
  const attachments = o.attachments ?? [];
  const bodyJson = crypto.utf8.encode(JSON.stringify({ body: o.body, attachments: attachments.map((a) => ({ name: a.name, mimeType: a.mimeType, size: a.size, sha256: a.sha256 })) }));
  if (bodyJson.length > MAX_BODY_BYTES) throw new AppError('ipc/invalid-request', 'the referral text is too long');
  const total = 4 + bodyJson.length + attachments.reduce((n, a) => n + a.size, 0);
  if (total > MAX_MESSAGE_BYTES) throw new AppError('ipc/invalid-request', `a referral carries at most ${MAX_MESSAGE_BYTES / 1024 / 1024} MB`);

  const partial = {
    referralId: o.referralId,
    index: o.index,
    kind: o.kind,
    from: o.self.orgId,
    to: o.to.orgId,
    senderKey: fingerprintOf(o.self.sign.publicKey, o.self.box.publicKey),
    recipientKey: fingerprintOf(o.to.signPublic, o.to.boxPublic),
    prev: o.prev,
    createdAt: o.createdAt
  };
  const ad = bodyAd(partial);
  const key = crypto.streamKey();
  const pusher = crypto.streamPush(key);
  const pieces: Uint8Array[] = [pusher.header];
  const hash = crypto.sha256Stream();
  hash.update(pusher.header);
  const out = chunker((chunk) => {
    const c = pusher.push(chunk, ad, false);
    crypto.wipe(chunk);
    pieces.push(c);
    hash.update(c);
  });
  try {
    const len = new Uint8Array(4);
    new DataView(len.buffer).setUint32(0, bodyJson.length);
    out.write(len);
    out.write(bodyJson);
    crypto.wipe(bodyJson);
    for (const a of attachments) {
      const sha = crypto.sha256Stream();
      let n = 0;
      for (const piece of a.pieces()) {
        sha.update(piece);
        out.write(piece);
        n += piece.length;
      }
      if (n !== a.size || crypto.toHex(sha.digest()) !== a.sha256) throw new AppError('attachment/corrupt', 'an attachment changed while it was being sealed', { name: a.name });
    }
    const last = pusher.push(out.rest(), ad, true);
    pieces.push(last);
    hash.update(last);
  } finally {
    pusher.close();
  }
  const ciphertext = concat(pieces);
  const wrappedKey = crypto.sealToPublicKey(key, o.to.boxPublic);
  crypto.wipe(key);
  const header: StepHeader = {
    v: 1,
    type: 'anxin-referral-step',
    ...partial,
    wrappedKeyHash: crypto.toHex(crypto.sha256(wrappedKey)),
    ciphertextHash: crypto.toHex(hash.digest()),
    ciphertextLength: ciphertext.length
  };
  const headerBytes = crypto.utf8.encode(canonical(header));
  const signed = signedBytes(headerBytes, header.recipientKey, header.ciphertextHash);
  const signature = crypto.signDetached(signed, o.self.sign.secretKey);
  const stepHash = crypto.toHex(crypto.sha256(signed));
  const head = new Uint8Array(MAGIC.length + 4);
  head.set(MAGIC);
  new DataView(head.buffer).setUint32(MAGIC.length, headerBytes.length);
  const wl = new Uint8Array(2);
  new DataView(wl.buffer).setUint16(0, wrappedKey.length);
  return { header, bytes: concat([head, headerBytes, signature, wl, wrappedKey, ciphertext]), hash: stepHash, msgId: stepHash.slice(0, 32) };
}

export type ParsedStep = {
  header: StepHeader;
  headerBytes: Uint8Array;
  signature: Uint8Array;
  wrappedKey: Uint8Array;
  ciphertext: Uint8Array;
  hash: string;
  msgId: string;
};

/** Splits a message into its fields and checks the header's shape; referral/tampered otherwise. */
export function parseStep(bytes: Uint8Array): ParsedStep {
  if (bytes.length < MAGIC.length + 4 + 64 + 2) throw tampered('short');
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC[i]) throw tampered('magic');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hl = dv.getUint32(MAGIC.length);
  if (hl > MAX_HEADER_BYTES) throw tampered('header-length');
  let at = MAGIC.length + 4;
  if (at + hl + 64 + 2 > bytes.length) throw tampered('short');
  const headerBytes = bytes.slice(at, at + hl);
  at += hl;
  const signature = bytes.slice(at, at + 64);
  at += 64;
  const wl = dv.getUint16(at);
  at += 2;
  if (at + wl > bytes.length) throw tampered('short');
  const wrappedKey = bytes.slice(at, at + wl);
  at += wl;
  const ciphertext = bytes.subarray(at);
  let header: StepHeader;
  try {
    header = JSON.parse(crypto.utf8.decode(headerBytes)) as StepHeader;
  } catch {
    throw tampered('header-json');
  }
  if (!validHeader(header)) throw tampered('header-shape');
  // The exact canonical bytes: anything else (extra spaces, other key order) is not a header we signed.
  if (canonical(header) !== crypto.utf8.decode(headerBytes)) throw tampered('header-canonical');
  const hash = crypto.toHex(crypto.sha256(signedBytes(headerBytes, header.recipientKey, header.ciphertextHash)));
  return { header, headerBytes, signature, wrappedKey, ciphertext, hash, msgId: hash.slice(0, 32) };
}

function validHeader(h: StepHeader): boolean {
  if (typeof h !== 'object' || h === null || Array.isArray(h)) return false;
  const keys = Object.keys(h).sort().join(',');
  if (keys !== 'ciphertextHash,ciphertextLength,createdAt,from,index,kind,prev,recipientKey,referralId,senderKey,to,type,v,wrappedKeyHash') return false;
  return (
    h.v === 1 &&
    h.type === 'anxin-referral-step' &&
    typeof h.referralId === 'string' &&
    HEX32.test(h.referralId) &&
    Number.isSafeInteger(h.index) &&
    h.index >= 0 &&
    h.index < 10_000 &&
    (STEP_KINDS as readonly string[]).includes(h.kind) &&
    typeof h.from === 'string' &&
    HEX32.test(h.from) &&
    typeof h.to === 'string' &&
    HEX32.test(h.to) &&
    typeof h.senderKey === 'string' &&
    typeof h.recipientKey === 'string' &&
    typeof h.prev === 'string' &&
    (h.index === 0 ? h.prev === '' : HEX64.test(h.prev)) &&
    typeof h.createdAt === 'string' &&
    h.createdAt.length <= 40 &&
    typeof h.wrappedKeyHash === 'string' &&
    HEX64.test(h.wrappedKeyHash) &&
    typeof h.ciphertextHash === 'string' &&
    HEX64.test(h.ciphertextHash) &&
    Number.isSafeInteger(h.ciphertextLength)
  );
}

/**
 * All checks, then decryption. `trusted` returns the sender's pinned keys or throws
 * (network/unknown-organisation, network/key-changed); `chain` throws referral/replayed (or
 * referral/invalid-state) when the step does not follow what this side holds. Nothing is
 * returned unless every check passed.
 */
export function openStep(
  bytes: Uint8Array,
  o: { self: OwnIdentity; trusted: (orgId: string) => PeerKeys; chain: (header: StepHeader, hash: string) => void }
): OpenedStep {
  const p = parseStep(bytes);
  const h = p.header;
  const ownKey = fingerprintOf(o.self.sign.publicKey, o.self.box.publicKey);
  if (h.to !== o.self.orgId) throw wrongRecipient('to');
  if (h.recipientKey !== ownKey) throw wrongRecipient('recipient-key');
  if (h.from === o.self.orgId) throw forged('from-self');
  const sender = o.trusted(h.from);
  if (h.senderKey !== fingerprintOf(sender.signPublic, sender.boxPublic)) throw forged('sender-key');
  const signed = signedBytes(p.headerBytes, h.recipientKey, h.ciphertextHash);
  if (!crypto.verifyDetached(p.signature, signed, sender.signPublic)) throw forged('signature');
  if (crypto.toHex(crypto.sha256(p.wrappedKey)) !== h.wrappedKeyHash) throw tampered('wrapped-key-hash');
  if (p.ciphertext.length !== h.ciphertextLength) throw tampered('ciphertext-length');
  const ch = crypto.sha256Stream();
  ch.update(p.ciphertext);
  if (crypto.toHex(ch.digest()) !== h.ciphertextHash) throw tampered('ciphertext-hash');
  o.chain(h, p.hash);
  return { header: h, hash: p.hash, msgId: p.msgId, ...decrypt(p, o.self) };
}

function decrypt(p: ParsedStep, self: OwnIdentity): Pick<OpenedStep, 'body' | 'attachments'> {
  let key: Uint8Array;
  try {
    key = crypto.openSealedBox(p.wrappedKey, self.box);
  } catch {
    throw tampered('wrapped-key');
  }
  if (key.length !== crypto.KEY_BYTES) throw tampered('wrapped-key');
  const ct = p.ciphertext;
  if (ct.length < crypto.STREAM_HEADER_BYTES + crypto.STREAM_ABYTES) throw tampered('ciphertext-short');
  const puller = crypto.streamPull(key, ct.subarray(0, crypto.STREAM_HEADER_BYTES));
  crypto.wipe(key);
  const ad = bodyAd(p.header);
  const plain: Uint8Array[] = [];
  try {
    let at = crypto.STREAM_HEADER_BYTES;
    let final = false;
    while (at < ct.length) {
      if (final) throw tampered('after-final');
      const n = Math.min(CHUNK_BYTES + crypto.STREAM_ABYTES, ct.length - at);
      let m: { message: Uint8Array; final: boolean };
      try {
        m = puller.pull(ct.subarray(at, at + n), ad);
      } catch {
        throw tampered('authentication');
      }
      at += n;
      final = m.final;
      plain.push(m.message);
    }
    if (!final) throw tampered('no-final-tag');
  } catch (e) {
    for (const x of plain) crypto.wipe(x);
    throw e;
  } finally {
    puller.close();
  }
  // Read back: u32 body length, body JSON, then the attachments' bytes in order.
  const reader = pieceReader(plain);
  try {
    const lenBytes = reader.take(4);
    if (!lenBytes) throw tampered('body-length');
    const bodyLen = new DataView(lenBytes.buffer, lenBytes.byteOffset, 4).getUint32(0);
    if (bodyLen > MAX_BODY_BYTES) throw tampered('body-length');
    const bodyBytes = reader.take(bodyLen);
    if (!bodyBytes) throw tampered('body-length');
    let parsed: { body: unknown; attachments: AttachmentMeta[] };
    try {
      parsed = JSON.parse(crypto.utf8.decode(bodyBytes)) as typeof parsed;
    } catch {
      throw tampered('body-json');
    } finally {
      crypto.wipe(bodyBytes);
    }
    if (!parsed || typeof parsed !== 'object' || !Array.isArray(parsed.attachments) || parsed.attachments.length > 50) throw tampered('body-shape');
    const attachments: OpenedStep['attachments'] = [];
    for (const a of parsed.attachments) {
      if (!a || typeof a.name !== 'string' || typeof a.mimeType !== 'string' || !Number.isSafeInteger(a.size) || a.size < 0 || typeof a.sha256 !== 'string') {
        throw tampered('attachment-meta');
      }
      const pieces = reader.pieces(a.size);
      if (!pieces) throw tampered('attachment-length');
      const sha = crypto.sha256Stream();
      for (const x of pieces) sha.update(x);
      if (crypto.toHex(sha.digest()) !== a.sha256) throw tampered('attachment-sha256');
      attachments.push({ name: a.name, mimeType: a.mimeType, size: a.size, sha256: a.sha256, pieces });
    }
    if (!reader.atEnd()) throw tampered('trailing-bytes');
    return { body: parsed.body, attachments };
  } catch (e) {
    for (const x of plain) crypto.wipe(x);
    throw e;
  }
}

/** Sequential reads over a list of chunks without joining them all. */
function pieceReader(chunks: Uint8Array[]) {
  let i = 0;
  let off = 0;
  const pieces = (n: number): Uint8Array[] | null => {
    const out: Uint8Array[] = [];
    let left = n;
    while (left > 0) {
      if (i >= chunks.length) return null;
      const c = chunks[i]!;
      const k = Math.min(left, c.length - off);
      out.push(c.subarray(off, off + k));
      off += k;
      left -= k;
      if (off === c.length) {
        i++;
        off = 0;
      }
    }
    return out;
  };
  return {
    pieces,
    take(n: number): Uint8Array | null {
      const p = pieces(n);
      return p ? concat(p) : null;
    },
    atEnd(): boolean {
      while (i < chunks.length && off === chunks[i]!.length) {
        i++;
        off = 0;
      }
      return i >= chunks.length;
    }
  };
}
