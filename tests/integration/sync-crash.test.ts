// GUIDE §4 test 7 for sync: SIGKILL a client in the middle of a push, restart it: the outbox
// drains, nothing is duplicated at the relay or on the other device, integrity_check passes.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../main/services/crypto';
import { integrityOk, link, openDevice, startTestRelay, syncAll, type Device, type TestRelay } from './sync-fixtures';

const ROOT = resolve(__dirname, '../..');
const NODE = join(ROOT, 'node_modules/.bin/node');
let relay: TestRelay;
let work: string;
let childJs: string;
const open: Device[] = [];

beforeAll(async () => {
  await initCrypto();
  relay = await startTestRelay();
  work = mkdtempSync(join(tmpdir(), 'anxin-sync-crash-'));
  childJs = join(work, 'sync-child.cjs');
  await build({
    entryPoints: [join(ROOT, 'tests/integration/sync-child.ts')],
    outfile: childJs,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
    logLevel: 'warning'
  });
});
afterAll(async () => {
  for (const d of open) d.close();
  await relay.stop();
  rmSync(relay.dataDir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

/** Starts the child, SIGKILLs it once the relay has taken part (not all) of its outbox. */
function pushAndKill(dir: string, orgId: string, startHead: number, total: number): Promise<{ headAtKill: number }> {
  return new Promise((done, fail) => {
    const child = spawn(NODE, [childJs, dir], { env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let headAtKill = -1;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (_code, signal) => (signal === 'SIGKILL' ? done({ headAtKill }) : fail(new Error(`child ended by itself: ${stderr}`))));
    const watch = async () => {
      const head = await relay.relay.storage.head(orgId, 'org');
      if (head > startHead && head < startHead + total) {
        headAtKill = head;
        child.kill('SIGKILL');
        return;
      }
      if (head >= startHead + total) {
        child.kill('SIGKILL');
        fail(new Error('the push finished before the kill'));
        return;
      }
      setImmediate(() => void watch());
    };
    void watch();
  });
}

describe('SIGKILL a client mid-push', () => {
  it('after restart the outbox drains; no duplicates; integrity ok', async () => {
    const dirA = mkdtempSync(join(work, 'a-'));
    let a = openDevice(dirA);
    const b = openDevice();
    open.push(b);
    await a.sync.createOrganisation({ relayUrl: relay.url, label: 'A' });
    await link(a, b, relay.url);
    const orgId = a.sync.status().orgId!;
    await syncAll(a, b);
    const collection = a.store.createCollection();
    for (let i = 0; i < 800; i++) a.store.put({ kind: 'case', collection, body: { pseudonym: `P${i}`, status: 'open', summary: 'autosaved text '.repeat(i % 20) } });
    const total = a.sync.status().pending;
    a.close();
    const startHead = await relay.relay.storage.head(orgId, 'org');

    const { headAtKill } = await pushAndKill(dirA, orgId, startHead, total);
    expect(headAtKill).toBeGreaterThan(startHead);

    a = openDevice(dirA);
    open.push(a);
    expect(integrityOk(a)).toBe(true);
    expect(a.sync.status().pending).toBeGreaterThan(0);
    await syncAll(a, b);
    expect(a.sync.status().pending).toBe(0);
    // Every record A holds (including what the child wrote before dying) reached B exactly once.
    const ids = (d: Device) => d.db.prepare("SELECT id, revision FROM records WHERE kind = 'case' ORDER BY id, revision").all();
    expect(ids(b)).toEqual(ids(a));
    const dupes = b.db.prepare('SELECT COUNT(*) AS n FROM (SELECT id, revision FROM records GROUP BY id, revision HAVING COUNT(*) > 1)').get() as { n: number };
    expect(dupes.n).toBe(0);
    // The relay holds each envelope once: its head grew by exactly the number of distinct items A sent.
    const head = await relay.relay.storage.head(orgId, 'org');
    const sent = (a.db.prepare('SELECT (SELECT COUNT(*) FROM records) + (SELECT COUNT(*) FROM collections) AS n').get() as { n: number }).n;
    expect(head).toBeLessThanOrEqual(sent + 10); // + B's few records and collection wraps
    expect(integrityOk(a) && integrityOk(b)).toBe(true);
  });
});
