// Benchmark for multi-device sync (bench/run.mjs bundles and runs this).
//   sync.10k_records_ms  device A pushes 10k case-sized records to a real relay on 127.0.0.1
//                        (SQLite storage), device B pulls and applies them (open envelope,
//                        authenticate, store); each device has its own SQLite file.
//   floor                the same bytes over the same HTTP stack (fetch → fastify on 127.0.0.1):
//                        the same upload bodies POSTed and the same pull pages GETted, with no
//                        crypto and no storage on either side.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { defaultConfig } from '../relay/config';
import { createLogger } from '../relay/logger';
import { startRelay } from '../relay/server';
import { openSqliteStorage } from '../relay/storage/sqlite';
import { openDatabase } from '../main/db/connection';
import * as crypto from '../main/services/crypto';
import { createSealedStore } from '../main/services/sealed-store';
import { createSyncService } from '../main/services/sync';
import { createRelayClient } from '../main/services/sync/relay-client';
import { openSyncState } from '../main/services/sync/state';
import { MAX_BATCH_BYTES } from '../main/services/sync/engine';
import { LIMITS, ORG_MAILBOX, PullResponse, pullPath } from '../shared/relay/protocol';
import { makeCases } from './fixtures';

const N = 10_000;
const round = (x: number, digits = 1) => Number(x.toFixed(digits));

function device(dir: string) {
  const keyFile = join(dir, 'key');
  try {
    readFileSync(keyFile);
  } catch {
    writeFileSync(keyFile, crypto.toHex(crypto.randomKey()));
  }
  const masterKey = crypto.fromHex(readFileSync(keyFile, 'utf8'));
  const db = openDatabase(join(dir, 'anxin.db'));
  const store = createSealedStore({ db, masterKey });
  const sync = createSyncService({ db, store, masterKey: new Uint8Array(masterKey), autoStart: false });
  return { db, store, sync, masterKey, close: () => (sync.close(), store.close(), db.close()) };
}

async function main() {
  await crypto.initCrypto();
  const work = mkdtempSync(join(tmpdir(), 'anxin-bench-sync-'));
  const relayDir = join(work, 'relay');
  const storage = openSqliteStorage(mkdtempSync(join(work, 'r-')) || relayDir);
  const relay = await startRelay({ ...defaultConfig(), port: 0, logLevel: 'error', rateLimitPerSecond: 1e6, rateLimitBurst: 1e6 }, { storage, logger: createLogger('error', () => {}) });
  const a = device(mkdtempSync(join(work, 'a-')));
  const b = device(mkdtempSync(join(work, 'b-')));
  try {
    await a.sync.createOrganisation({ relayUrl: relay.url, label: 'A' });
    const offer = await b.sync.offerLink({ relayUrl: relay.url });
    const c = await a.sync.lookupLink(offer.code);
    await a.sync.approveLink({ code: offer.code, fingerprint: c.fingerprint, role: 'member', label: 'B' });
    await b.sync.syncNow();
    await a.sync.syncNow();

    const cases = makeCases(N);
    const collection = a.store.createCollection();
    a.store.transaction(() => {
      for (const f of cases) a.store.put({ kind: 'case', collection, body: f });
    });

    const t0 = performance.now();
    const pushed = await a.sync.syncNow();
    const t1 = performance.now();
    const pulled = await b.sync.syncNow();
    const value = performance.now() - t0;
    const pushMs = t1 - t0;
    const got = b.store.list('case').length;
    if (pushed.pending !== 0 || pulled.errorCode !== null || got !== N) throw new Error(`sync incomplete: pending ${pushed.pending}, error ${pulled.errorCode}, B has ${got}`);

    // The same bytes: every upload body A sent (batched as the engine batches) and every pull page B read.
    const state = openSyncState(a.db, a.masterKey);
    const kp = state.keyPair('sign')!;
    const signer = { orgId: state.get('org_id')!, deviceId: a.store.deviceId, sign: (m: Uint8Array) => crypto.signDetached(m, kp.secretKey) };
    const client = createRelayClient({ baseUrl: relay.url });
    const pages: string[] = [];
    const uploads: string[] = [];
    let after = 0;
    let batch: Array<{ v: 1; id: string; payload: string }> = [];
    let batchBytes = 0;
    const flushBatch = () => {
      if (batch.length > 0) uploads.push(JSON.stringify({ v: 1, envelopes: batch }));
      batch = [];
      batchBytes = 0;
    };
    for (;;) {
      const page = PullResponse.parse(await client.get(pullPath(signer.orgId, ORG_MAILBOX, after, 500), signer));
      if (page.envelopes.length === 0) break;
      pages.push(JSON.stringify(page));
      for (const e of page.envelopes) {
        if (batch.length >= LIMITS.maxEnvelopesPerUpload || (batch.length > 0 && batchBytes + e.payload.length > MAX_BATCH_BYTES)) flushBatch();
        batch.push({ v: 1, id: e.id, payload: e.payload });
        batchBytes += e.payload.length + 64;
      }
      after = page.next;
    }
    flushBatch();
    state.close();

    const bare = Fastify({ logger: false, bodyLimit: 8 * 1024 * 1024 });
    bare.post('/up', async () => ({ ok: true }));
    bare.get('/down/:i', async (req, reply) => reply.type('application/json').send(pages[Number((req.params as { i: string }).i)]));
    const url = await bare.listen({ host: '127.0.0.1', port: 0 });
    const f0 = performance.now();
    for (const body of uploads) await (await fetch(`${url}/up`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
    for (let i = 0; i < pages.length; i++) await (await fetch(`${url}/down/${i}`)).json();
    const floor = performance.now() - f0;
    await bare.close();

    console.log(JSON.stringify({ name: 'sync.10k_records_ms', value: round(value), unit: 'ms', floor: round(floor), ratio: round(value / floor, 3), push_ms: round(pushMs), pull_ms: round(value - pushMs), uploads: uploads.length, pages: pages.length }));
  } finally {
    a.close();
    b.close();
    await relay.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
