/**
 * Helpers for the sync tests: a real relay on 127.0.0.1 (in-process, SQLite storage in a temp
 * dir, restartable on the same port and data), and device clients each with its own temp data
 * dir, its own SQLite file and its own master key.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { defaultConfig } from '../../relay/config';
import { createLogger } from '../../relay/logger';
import { startRelay, type Relay } from '../../relay/server';
import { openSqliteStorage } from '../../relay/storage/sqlite';
import { openDatabase } from '../../main/db/connection';
import { fromHex, randomKey, toHex } from '../../main/services/crypto';
import { createSealedStore } from '../../main/services/sealed-store';
import { createSyncService } from '../../main/services/sync';

export type TestRelay = { url: string; port: number; dataDir: string; relay: Relay; stop(): Promise<void> };

/** `now`: the relay's clock (default Date.now), for tests where a day must pass at the relay too. */
export async function startTestRelay(opts: { dataDir?: string; port?: number; now?: () => number } = {}): Promise<TestRelay> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'anxin-sync-relay-'));
  const storage = openSqliteStorage(dataDir);
  const relay = await startRelay({ ...defaultConfig(), port: opts.port ?? 0, dataDir, logLevel: 'error', rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 }, {
    storage,
    logger: createLogger('error', () => {}),
    ...(opts.now ? { now: opts.now } : {})
  });
  return { url: relay.url, port: relay.port, dataDir, relay, stop: () => relay.close() };
}

export type Device = ReturnType<typeof openDevice>;

/**
 * A test file's afterAll: every device's sync stopped and settled, the device closed and its
 * folder removed; then the relay stopped and its folder removed.
 */
export async function closeTestbed(relay: TestRelay | undefined, devices: Device[]): Promise<void> {
  for (const d of devices) {
    d.sync.stop();
    await d.sync.settle();
    d.close();
    rmSync(d.dir, { recursive: true, force: true });
  }
  if (!relay) return;
  await relay.stop();
  rmSync(relay.dataDir, { recursive: true, force: true });
}

/** A device client: its own data dir, SQLite file and master key (kept in the dir so a restart reopens it). */
export function openDevice(dir = mkdtempSync(join(tmpdir(), 'anxin-sync-dev-')), opts: { background?: boolean; pollMs?: number; fallbackPollMs?: number } = {}) {
  const keyFile = join(dir, 'test-master-key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, toHex(randomKey()));
  const masterKey = fromHex(readFileSync(keyFile, 'utf8'));
  const db = openDatabase(join(dir, 'anxin.db'));
  const store = createSealedStore({ db, masterKey });
  let applied = 0;
  const sync = createSyncService({ db, store, masterKey: new Uint8Array(masterKey), autoStart: opts.background === true, pollMs: opts.pollMs ?? 50, ...(opts.fallbackPollMs ? { fallbackPollMs: opts.fallbackPollMs } : {}), onApplied: () => applied++ });
  return {
    dir,
    db,
    store,
    masterKey,
    sync,
    applied: () => applied,
    /** Live heads of one kind as { id: body }. */
    bodies(kind = 'case'): Record<string, unknown> {
      return Object.fromEntries(store.list<unknown>(kind).map((r) => [r.header.id, r.body]));
    },
    close() {
      sync.close();
      store.close();
      db.close();
    }
  };
}

/** Links `newcomer` to the organisation of `admin` the way people do: code + fingerprint. */
export async function link(admin: Device, newcomer: Device, relayUrl: string, role: 'admin' | 'member' = 'member'): Promise<void> {
  const offer = await newcomer.sync.offerLink({ relayUrl });
  expect(newcomer.sync.status().state).toBe('linking');
  const candidate = await admin.sync.lookupLink(offer.code);
  expect(candidate.fingerprint).toBe(offer.fingerprint);
  expect(candidate.deviceId).toBe(newcomer.store.deviceId);
  await admin.sync.approveLink({ code: offer.code, fingerprint: candidate.fingerprint, role, label: `device ${newcomer.store.deviceId.slice(0, 4)}` });
  const s = await newcomer.sync.syncNow();
  expect(s.errorCode).toBeNull();
  expect(s.orgId).toBe(admin.sync.status().orgId);
}

export async function syncAll(...devices: Device[]): Promise<void> {
  for (let round = 0; round < 2; round++) {
    for (const d of devices) {
      const s = await d.sync.syncNow();
      expect(s.errorCode, `device ${d.store.deviceId}`).toBeNull();
    }
  }
}

export const integrityOk = (d: Device) => d.db.pragma('integrity_check', { simple: true }) === 'ok';
