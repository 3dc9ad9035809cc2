/** The sealed, signed referral step (main/services/referrals/wire.ts) and its relay parts (parts.ts), with keys made here. */
import { randomBytes, createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import * as crypto from '../../main/services/crypto';
import { openStep, parseStep, sealStep, type OwnIdentity, type PeerKeys, type StepHeader } from '../../main/services/referrals/wire';
import { PART_BYTES, assembleParts, openPart, splitMessage } from '../../main/services/referrals/parts';
import { PAYLOAD_BUCKETS } from '../../shared/relay/protocol';

beforeAll(crypto.initCrypto);

const org = (): OwnIdentity => ({ orgId: crypto.randomId(), sign: crypto.signKeyPair(), box: crypto.boxKeyPair() });
const peer = (o: OwnIdentity): PeerKeys => ({ orgId: o.orgId, signPublic: o.sign.publicKey, boxPublic: o.box.publicKey });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'no error';
};

function seal(a: OwnIdentity, b: OwnIdentity, extra: Partial<Parameters<typeof sealStep>[0]> = {}) {
  return sealStep({ self: a, to: peer(b), referralId: crypto.randomId(), index: 0, kind: 'referral', prev: '', createdAt: '2026-11-24T10:00:00.000Z', body: { text: 'MARKER-body' }, ...extra });
}

describe('referral step messages', () => {
  it('seal → open returns the body and attachments byte for byte, and a chain hash', () => {
    const a = org();
    const b = org();
    const file = new Uint8Array(randomBytes(200_000));
    const att = { name: 'scan.pdf', mimeType: 'application/pdf', size: file.length, sha256: sha(file), pieces: () => [file.subarray(0, 70_000), file.subarray(70_000)] };
    const step = seal(a, b, { attachments: [att] });
    const seen: StepHeader[] = [];
    const opened = openStep(step.bytes, { self: b, trusted: () => peer(a), chain: (h) => void seen.push(h) });
    expect(opened.body).toEqual({ text: 'MARKER-body' });
    expect(opened.hash).toBe(step.hash);
    expect(seen).toHaveLength(1);
    expect(opened.attachments).toHaveLength(1);
    const joined = Buffer.concat(opened.attachments[0]!.pieces);
    expect(sha(joined)).toBe(att.sha256);
    expect(Buffer.from(step.bytes).includes(Buffer.from('MARKER-body'))).toBe(false);
  });

  it('an empty body and no attachments still round-trips (one FINAL chunk)', () => {
    const a = org();
    const b = org();
    const step = seal(a, b, { body: null });
    expect(openStep(step.bytes, { self: b, trusted: () => peer(a), chain: () => {} }).body).toBeNull();
  });

  it('a third organisation signing as A is referral/forged', () => {
    const a = org();
    const b = org();
    const c = org();
    // C builds the message with its own signing key but names A (and A's fingerprint) as sender.
    const fakeSelf: OwnIdentity = { orgId: a.orgId, sign: { publicKey: a.sign.publicKey, secretKey: c.sign.secretKey }, box: a.box };
    const step = seal(fakeSelf, b);
    expect(codeOf(() => openStep(step.bytes, { self: b, trusted: () => peer(a), chain: () => {} }))).toBe('referral/forged');
  });

  it('a message for B opened by C (re-sealed) is referral/wrong-recipient', () => {
    const a = org();
    const b = org();
    const c = org();
    const step = seal(a, b);
    expect(codeOf(() => openStep(step.bytes, { self: c, trusted: () => peer(a), chain: () => {} }))).toBe('referral/wrong-recipient');
  });

  it('a sender whose key is not the pinned one is refused (trusted throws / key differs)', () => {
    const a = org();
    const b = org();
    const step = seal(a, b);
    const other = org();
    expect(codeOf(() => openStep(step.bytes, { self: b, trusted: () => ({ ...peer(other), orgId: a.orgId }), chain: () => {} }))).toBe('referral/forged');
    expect(
      codeOf(() =>
        openStep(step.bytes, {
          self: b,
          trusted: () => {
            throw new AppError('network/key-changed', 'changed');
          },
          chain: () => {}
        })
      )
    ).toBe('network/key-changed');
  });

  it('flipped ciphertext, header or signature bits are refused and the chain callback never runs', () => {
    const a = org();
    const b = org();
    const step = seal(a, b);
    let chained = 0;
    const open = (bytes: Uint8Array) => codeOf(() => openStep(bytes, { self: b, trusted: () => peer(a), chain: () => void chained++ }));
    const flipped = (at: number) => {
      const x = new Uint8Array(step.bytes);
      x[at]! ^= 1;
      return x;
    };
    expect(open(flipped(step.bytes.length - 5))).toBe('referral/tampered');
    const headerAt = 10 + 20; // inside the header JSON
    expect(['referral/tampered', 'referral/forged', 'referral/wrong-recipient']).toContain(open(flipped(headerAt)));
    const p = parseStep(step.bytes);
    const sigAt = 10 + p.headerBytes.length + 3;
    expect(open(flipped(sigAt))).toBe('referral/forged');
    expect(open(step.bytes.subarray(0, step.bytes.length - 100))).toBe('referral/tampered');
    expect(chained).toBe(0);
  });

  it('the chain check sees index and prev before anything is decrypted', () => {
    const a = org();
    const b = org();
    const first = seal(a, b);
    const second = sealStep({ self: a, to: peer(b), referralId: first.header.referralId, index: 1, kind: 'withdraw', prev: first.hash, createdAt: 'x', body: { text: 'why' } });
    expect(second.header.prev).toBe(first.hash);
    const replay = () =>
      openStep(second.bytes, {
        self: b,
        trusted: () => peer(a),
        chain: () => {
          throw new AppError('referral/replayed', 'seen');
        }
      });
    expect(codeOf(replay)).toBe('referral/replayed');
  });
});

describe('referral relay parts', () => {
  it('splits into padded, sealed parts that reassemble in any order', () => {
    const a = org();
    const b = org();
    const message = new Uint8Array(randomBytes(PART_BYTES * 2 + 1000));
    const envs = splitMessage(message, 'ab'.repeat(16), b.box.publicKey);
    expect(envs).toHaveLength(3);
    for (const e of envs) expect(PAYLOAD_BUCKETS).toContain(e.payload.length);
    expect(new Set(envs.map((e) => e.id)).size).toBe(3);
    const parts = envs.reverse().map((e) => openPart(e.payload, b.box));
    expect(Buffer.from(assembleParts(parts)).equals(Buffer.from(message))).toBe(true);
    void a;
  });

  it('a small message fits the smallest bucket that holds it', () => {
    const b = org();
    const [env] = splitMessage(new Uint8Array(100), '00'.repeat(16), b.box.publicKey);
    expect(env!.payload.length).toBe(256);
  });

  it('parts for another organisation, altered parts and incomplete sets are referral/tampered', () => {
    const b = org();
    const c = org();
    const envs = splitMessage(new Uint8Array(randomBytes(PART_BYTES + 5)), 'cd'.repeat(16), b.box.publicKey);
    expect(codeOf(() => openPart(envs[0]!.payload, c.box))).toBe('referral/tampered');
    const bad = new Uint8Array(envs[0]!.payload);
    bad[100]! ^= 1;
    expect(codeOf(() => openPart(bad, b.box))).toBe('referral/tampered');
    expect(codeOf(() => assembleParts([openPart(envs[0]!.payload, b.box)]))).toBe('referral/tampered');
  });
});
