// Issue 5, live delivery: a device subscribed to the relay's WebSocket receives what another
// device pushed without polling (its poll interval is an hour here), including after the relay
// restarted (the socket reconnects by itself). Waits are upper bounds for failure, not timings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto } from '../../main/services/crypto';
import { closeTestbed, type Device, link, openDevice, startTestRelay, type TestRelay } from './sync-fixtures';

const HOUR = 3_600_000;
let relay: TestRelay;
const devices: Device[] = [];

beforeAll(async () => {
  await initCrypto();
  relay = await startTestRelay();
});
afterAll(() => closeTestbed(relay, devices));

/** Polls a condition (cheap, local) until it holds or the bound passes. */
async function until(cond: () => boolean, boundMs = 10_000): Promise<void> {
  const end = Date.now() + boundMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached within the bound');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('live delivery over the relay WebSocket', () => {
  let a: Device;
  let b: Device;
  let collection: string;

  it('a subscribed device gets a pushed record without polling', async () => {
    a = openDevice();
    devices.push(a);
    await a.sync.createOrganisation({ relayUrl: relay.url, label: 'laptop' });
    collection = a.store.createCollection();
    const bDir = openDevice();
    devices.push(bDir);
    await link(a, bDir, relay.url);
    // Reopen B as a background device that polls once an hour: only the socket can bring data.
    bDir.sync.stop();
    bDir.close();
    devices.pop();
    b = openDevice(bDir.dir, { background: true, pollMs: HOUR, fallbackPollMs: HOUR });
    devices.push(b);
    await until(() => b.sync.liveState() === 'live');
    await until(() => b.sync.status().state === 'idle');
    const before = b.applied();

    const id = a.store.put({ kind: 'case', collection, body: { pseudonym: 'Mei', status: 'open' } }).id;
    expect((await a.sync.syncNow()).pending).toBe(0);
    await until(() => b.bodies()[id] !== undefined);
    expect(b.bodies()[id]).toEqual({ pseudonym: 'Mei', status: 'open' });
    expect(b.applied()).toBeGreaterThan(before);
  });

  it('reconnects after the relay restarts and keeps delivering', async () => {
    const port = relay.port;
    const dataDir = relay.dataDir;
    await relay.stop();
    await until(() => b.sync.liveState() !== 'live');
    relay = await startTestRelay({ port, dataDir });
    await until(() => b.sync.liveState() === 'live', 15_000);
    const id = a.store.put({ kind: 'case', collection, body: { pseudonym: 'Xiu', status: 'open' } }).id;
    expect((await a.sync.syncNow()).errorCode).toBeNull();
    await until(() => b.bodies()[id] !== undefined);
    expect(b.bodies()[id]).toEqual({ pseudonym: 'Xiu', status: 'open' });
  });

  it('a removed device loses its subscription', async () => {
    a.sync.stop();
    await a.sync.removeDevice(b.store.deviceId);
    await until(() => b.sync.status().state === 'removed');
    await until(() => b.sync.liveState() === 'stopped');
    const id = a.store.put({ kind: 'case', collection, body: { pseudonym: 'Hua', status: 'open' } }).id;
    await a.sync.syncNow();
    // Nothing new can reach B: the relay refuses it, and its socket is closed for good.
    expect(b.sync.liveState()).toBe('stopped');
    expect(b.bodies()[id]).toBeUndefined();
  });
});
