// GUIDE §4 test 8 and issue 5 item 4: the relay goes away mid-sync and comes back (no loss, no
// duplicates); a relay that lost or rolled back data (cursor regression) gets everything again.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../main/services/crypto';
import { LIMITS } from '../../shared/relay/protocol';
import { integrityOk, link, openDevice, startTestRelay, syncAll, type Device, type TestRelay } from './sync-fixtures';

let relay: TestRelay;
const N = 3 * LIMITS.maxEnvelopesPerUpload;
const devices: Device[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  await initCrypto();
  relay = await startTestRelay();
});
afterAll(async () => {
  for (const d of devices) d.close();
  await relay.stop().catch(() => undefined);
  for (const d of [...devices.map((x) => x.dir), relay.dataDir, ...dirs]) rmSync(d, { recursive: true, force: true });
});

const countRows = (d: Device) => (d.db.prepare('SELECT COUNT(*) AS n FROM records').get() as { n: number }).n;
const countDistinct = (d: Device) => (d.db.prepare('SELECT COUNT(*) AS n FROM (SELECT DISTINCT id, revision, device, hlc FROM records)').get() as { n: number }).n;

describe('relay failures', () => {
  let a: Device;
  let b: Device;
  let collection: string;

  it('the relay stops in the middle of a push and restarts: the outbox drains, nothing lost or duplicated', async () => {
    a = openDevice();
    b = openDevice();
    devices.push(a, b);
    await a.sync.createOrganisation({ relayUrl: relay.url, label: 'A' });
    await a.sync.syncNow();
    await link(a, b, relay.url);
    collection = a.store.createCollection();
    // Enough for several upload batches (LIMITS.maxEnvelopesPerUpload each).
    for (let i = 0; i < N; i++) a.store.put({ kind: 'case', collection, body: { pseudonym: `P${i}`, status: 'open', summary: 'x'.repeat(i % 50) } });
    const before = a.sync.status().pending;
    expect(before).toBeGreaterThan(N);
    // Stop the relay while the push is under way.
    const pushing = a.sync.syncNow();
    while (a.sync.status().pending === before) await new Promise((r) => setImmediate(r));
    const midway = a.sync.status().pending;
    await relay.stop();
    const failed = await pushing;
    expect(midway).toBeGreaterThan(0);
    expect(midway).toBeLessThan(before);
    expect(['offline', 'error']).toContain(failed.state);
    expect(failed.errorCode).not.toBeNull();
    expect(failed.retryAt).not.toBeNull();
    expect(failed.pending).toBeGreaterThan(0);
    const offline = await a.sync.syncNow();
    expect(offline.state).toBe('offline');
    expect(offline.errorCode).toBe('sync/relay-unreachable');
    expect(offline.pending).toBeGreaterThan(0);
    // Same port, same data: the relay restarts.
    relay = await startTestRelay({ dataDir: relay.dataDir, port: relay.port });
    await syncAll(a, b);
    expect(a.sync.status().pending).toBe(0);
    expect(Object.keys(b.bodies())).toHaveLength(N);
    expect(b.bodies()).toEqual(a.bodies());
    expect(countRows(b)).toBe(countDistinct(b));
    expect(countRows(b)).toBe(countRows(a));
    expect(integrityOk(a) && integrityOk(b)).toBe(true);
  });

  it('a relay restored from an old backup (cursor regression) is detected and refilled by re-upload', async () => {
    // Snapshot the relay's storage now, write more, then restore the snapshot.
    await relay.stop();
    const backup = mkdtempSync(join(tmpdir(), 'anxin-sync-backup-'));
    dirs.push(backup);
    for (const f of ['relay.db', 'relay.db-wal', 'relay.db-shm']) if (existsSync(join(relay.dataDir, f))) copyFileSync(join(relay.dataDir, f), join(backup, f));
    relay = await startTestRelay({ dataDir: relay.dataDir, port: relay.port });
    const late = a.store.put({ kind: 'case', collection, body: { pseudonym: 'late', status: 'open', summary: '' } }).id;
    await syncAll(a, b);
    expect(b.bodies()[late]).toBeDefined();
    await relay.stop();
    rmSync(relay.dataDir, { recursive: true, force: true });
    relay = await startTestRelay({ dataDir: backup, port: relay.port });
    // A new device linked after the rollback must still get the record written before it.
    const c = openDevice();
    devices.push(c);
    await syncAll(a, b); // a and b notice head < cursor and re-upload everything they hold
    expect(a.sync.status().errorCode).toBeNull();
    const regressions = (d: Device) => Number((d.db.prepare("SELECT value FROM sync_state WHERE key = 'regressions'").get() as { value: string } | undefined)?.value ?? 0);
    // A's cursor was past the restored head: it noticed and re-uploaded everything it holds.
    // (B's cursor pointed at the same envelope A re-uploaded — ids are deterministic — so B had missed nothing.)
    expect(regressions(a)).toBe(1);
    await link(a, c, relay.url);
    await syncAll(c);
    expect(c.bodies()[late]).toEqual({ pseudonym: 'late', status: 'open', summary: '' });
    expect(Object.keys(c.bodies())).toHaveLength(N + 1);
    expect(countRows(c)).toBe(countDistinct(c));
    expect(countRows(a)).toBe(countRows(c));
  });
});
