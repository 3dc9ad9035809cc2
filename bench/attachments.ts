// Benchmark for attachments (bench/run.mjs bundles and runs this).
//   attachment.seal_50mb_ms  a 50 MB file through the attachment service the way the renderer
//                            sends it: 1 MiB base64 pieces → append (hash, 64 KiB secretstream
//                            chunks, SQLite) → finish. floor = plain crypto_secretstream over the
//                            same bytes in the same 64 KiB chunks (no hash, no base64, no SQLite).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as crypto from '../main/services/crypto';
import { openUnlockedSession } from '../main/services/unlocked-session';

const SIZE = 50 * 1024 * 1024;
const PIECE = 1024 * 1024;
const CHUNK = 64 * 1024;
const REPS = 3;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  await crypto.initCrypto();
  const dir = mkdtempSync(join(tmpdir(), 'anxin-bench-attach-'));
  const session = openUnlockedSession({ profileId: '0123456789abcdef', displayName: 'Bench', profileDir: dir, masterKey: crypto.randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
  try {
    const content = randomBytes(SIZE);
    const pieces: string[] = [];
    for (let off = 0; off < SIZE; off += PIECE) pieces.push(content.subarray(off, off + PIECE).toString('base64'));
    const caseId = session.cases.create({ pseudonym: 'Bench', status: 'open', summary: '' }).id;

    const floor = (): number => {
      const t0 = performance.now();
      const p = crypto.streamPush(crypto.streamKey());
      for (let off = 0; off < SIZE; off += CHUNK) p.push(content.subarray(off, off + CHUNK), null, off + CHUNK >= SIZE);
      p.close();
      return performance.now() - t0;
    };
    const seal = (): number => {
      const a = session.caseFiles.attachments;
      const t0 = performance.now();
      const { uploadId } = a.begin({ caseId, fileName: 'bench.bin', mimeType: 'application/octet-stream', size: SIZE });
      pieces.forEach((data, seq) => a.append(uploadId, seq, data));
      const meta = a.finish(uploadId);
      const ms = performance.now() - t0;
      a.remove(caseId, meta.id);
      return ms;
    };
    const floors: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < REPS; i++) {
      floors.push(floor());
      values.push(seal());
    }
    const value = median(values);
    const fl = median(floors);
    console.log(JSON.stringify({ name: 'attachment.seal_50mb_ms', value: round(value), unit: 'ms', floor: round(fl), ratio: round(value / fl, 3) }));
  } finally {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
