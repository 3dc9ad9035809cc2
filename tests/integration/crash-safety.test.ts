// GUIDE §4 test 7: SIGKILL in the middle of writing. After restart every acknowledged write is
// present and opens, nothing is duplicated, and SQLite's integrity check passes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/connection';
import { initCrypto, randomKey, toHex } from '../../main/services/crypto';
import { createSealedStore } from '../../main/services/sealed-store';
import { compareHlc } from '../../shared/records/hlc';

const ROOT = resolve(__dirname, '../..');
const NODE = join(ROOT, 'node_modules/.bin/node'); // Node 24: the system node cannot load better-sqlite3 13
const ROUNDS = 4;

let dir: string;
let writerJs: string;

beforeAll(async () => {
  await initCrypto();
  dir = mkdtempSync(join(tmpdir(), 'anxin-crash-'));
  writerJs = join(dir, 'writer.cjs');
  await build({
    entryPoints: [join(ROOT, 'tests/integration/fixtures/writer.ts')],
    outfile: writerJs,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning'
  });
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

type Ack = { id: string; revision: number; tag: string };

/** Runs the writer until it has acknowledged `killAfter` writes, SIGKILLs it, returns every ack it printed. */
function runAndKill(dbFile: string, keyHex: string, round: number, killAfter: number): Promise<{ acks: Ack[]; signal: string | null }> {
  return new Promise((done, fail) => {
    const child = spawn(NODE, [writerJs, dbFile, keyHex, String(round)], {
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    const acks: Ack[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, id, revision, tag] = line.split(' ');
        if (word === 'ack') acks.push({ id: id!, revision: Number(revision), tag: tag! });
      }
      if (!killed && acks.length >= killAfter) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (!killed) fail(new Error(`writer exited by itself (code ${code}): ${stderr}`));
      else done({ acks, signal });
    });
  });
}

describe('crash safety (GUIDE §4 test 7)', () => {
  it(`every acknowledged write survives SIGKILL, without duplicates (${ROUNDS} rounds)`, async () => {
    const dbFile = join(dir, 'anxin.db');
    const masterKey = randomKey();
    const acked: Ack[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      // Kill at a different point each round, including mid-"autosave" of a record.
      const killAfter = 40 + Math.floor(Math.random() * 200);
      const { acks, signal } = await runAndKill(dbFile, toHex(masterKey), round, killAfter);
      expect(signal).toBe('SIGKILL');
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);
      acked.push(...acks);

      // Restart: open as the app would, after each crash.
      const db = openDatabase(dbFile);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const store = createSealedStore({ db, masterKey });
        const ids = db.prepare('SELECT DISTINCT id FROM records').pluck().all() as string[];
        // Every stored revision opens; collect what each one says it is.
        const stored = new Map<string, { id: string; revision: number; hlc: string }>();
        for (const id of ids) {
          for (const { header, body } of store.history<{ tag: string }>(id)) {
            const tag = body!.tag;
            expect(stored.has(tag), `duplicate write ${tag}`).toBe(false);
            stored.set(tag, { id, revision: header.revision, hlc: header.hlc });
          }
        }
        for (const ack of acked) expect(stored.get(ack.tag), `acknowledged ${ack.tag}`).toEqual(expect.objectContaining({ id: ack.id, revision: ack.revision }));
        // At most the one write in flight at each kill committed without being acknowledged.
        expect(stored.size - acked.length).toBeGreaterThanOrEqual(0);
        expect(stored.size - acked.length).toBeLessThanOrEqual(round + 1);
        // The clock never ran backwards across the crashes: write order is HLC order.
        const inOrder = [...stored.entries()]
          .sort(([a], [b]) => {
            const [ra, sa] = a.split(':').map(Number);
            const [rb, sb] = b.split(':').map(Number);
            return ra! - rb! || sa! - sb!;
          })
          .map(([, v]) => v.hlc);
        for (let i = 1; i < inOrder.length; i++) expect(compareHlc(inOrder[i - 1]!, inOrder[i]!)).toBe(-1);
        store.close();
      } finally {
        db.close();
      }
    }
    expect(acked.length).toBeGreaterThan(ROUNDS * 40);
  });
});
