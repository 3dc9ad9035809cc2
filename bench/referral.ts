// Benchmark for referrals (bench/run.mjs bundles and runs this).
//   referral.seal_open_ms  a referral carrying a 5 MB attachment: seal + sign + split into sealed,
//                          padded relay parts (sender) → open the parts + assemble + verify the
//                          signature and hashes + decrypt + check the attachment's SHA-256
//                          (receiver). floor = plain crypto_secretstream push + pull of the same
//                          bytes in the same 64 KiB chunks (no signature, no hashes, no parts).
import { createHash, randomBytes } from 'node:crypto';
import * as crypto from '../main/services/crypto';
import { assembleParts, openPart, splitMessage } from '../main/services/referrals/parts';
import { openStep, sealStep, type OwnIdentity } from '../main/services/referrals/wire';

const SIZE = 5 * 1024 * 1024;
const CHUNK = 64 * 1024;
const REPS = 5;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  await crypto.initCrypto();
  const org = (): OwnIdentity => ({ orgId: crypto.randomId(), sign: crypto.signKeyPair(), box: crypto.boxKeyPair() });
  const a = org();
  const b = org();
  const peer = (o: OwnIdentity) => ({ orgId: o.orgId, signPublic: o.sign.publicKey, boxPublic: o.box.publicKey });
  const content = new Uint8Array(randomBytes(SIZE));
  const sha256 = createHash('sha256').update(content).digest('hex');
  const shared = { pseudonym: 'Bench', languages: ['mandarin'], summary: 'x'.repeat(2000) };

  const floor = (): number => {
    const t0 = performance.now();
    const key = crypto.streamKey();
    const p = crypto.streamPush(key);
    const out: Uint8Array[] = [];
    for (let off = 0; off < SIZE; off += CHUNK) out.push(p.push(content.subarray(off, off + CHUNK), null, off + CHUNK >= SIZE));
    p.close();
    const q = crypto.streamPull(key, p.header);
    for (const c of out) q.pull(c, null);
    q.close();
    return performance.now() - t0;
  };
  const run = (): number => {
    const t0 = performance.now();
    const step = sealStep({
      self: a,
      to: peer(b),
      referralId: crypto.randomId(),
      index: 0,
      kind: 'referral',
      prev: '',
      createdAt: new Date().toISOString(),
      body: { shared },
      attachments: [{ name: 'bench.bin', mimeType: 'application/octet-stream', size: SIZE, sha256, pieces: () => [content] }]
    });
    const envelopes = splitMessage(step.bytes, step.msgId, b.box.publicKey);
    const message = assembleParts(envelopes.map((e) => openPart(e.payload, b.box)));
    const opened = openStep(message, { self: b, trusted: () => peer(a), chain: () => {} });
    const ms = performance.now() - t0;
    if (opened.attachments[0]!.size !== SIZE) throw new Error('size');
    return ms;
  };
  floor();
  run();
  const floors: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < REPS; i++) {
    floors.push(floor());
    values.push(run());
  }
  const value = median(values);
  const fl = median(floors);
  console.log(JSON.stringify({ name: 'referral.seal_open_ms', value: round(value), unit: 'ms', floor: round(fl), ratio: round(value / fl, 3) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
