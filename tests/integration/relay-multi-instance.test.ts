/**
 * Two relay instances sharing one PostgreSQL database, as behind a load balancer: sequence
 * numbers stay gapless under concurrent uploads to both, a request replayed to the other
 * instance is refused, a revocation on one is enforced by the other, and a WebSocket on one
 * instance is notified of an upload through the other. Skipped with a printed reason when no
 * PostgreSQL server is available locally; a failure on CI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultConfig } from '../../relay/config';
import { certify, createOrgBody, newDevice, newOrg, randomHex, rawRequest, RelayClient, revoke } from '../../relay/dev-client';
import { createLogger } from '../../relay/logger';
import { startRelay, type Relay } from '../../relay/server';
import { openPostgresStorage } from '../../relay/storage/postgres';
import { envelopesPath, pullPath, type PullResponse, type UploadResponse } from '../../shared/relay/protocol';
import { postgresForTests, type PgServer } from './relay-helpers';

const pg = await postgresForTests();
const url = 'url' in pg ? pg.url : null;

describe.skipIf(url === null)('two relay instances on one PostgreSQL database', () => {
  let r1: Relay;
  let r2: Relay;
  const clients: RelayClient[] = [];
  const start = async () =>
    startRelay(
      { ...defaultConfig(), port: 0, backend: 'postgres', postgresUrl: url, rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 },
      { storage: await openPostgresStorage(url!), logger: createLogger('silent') }
    );

  beforeAll(async () => {
    r1 = await start();
    r2 = await start();
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await r1?.close();
    await r2?.close();
    await (pg as PgServer).stop?.();
  });

  it('numbers, deduplicates, refuses replays and revoked devices, and notifies across instances', async () => {
    const org = newOrg();
    const admin = newDevice(org.orgId);
    const laptop = newDevice(org.orgId);
    const a1 = new RelayClient(r1.url, admin);
    const a2 = new RelayClient(r2.url, admin);
    const l2 = new RelayClient(r2.url, laptop);
    clients.push(a1, a2, l2);
    expect((await a1.request('POST', '/v1/orgs', createOrgBody(org, admin))).status).toBe(201);
    expect((await a2.request('POST', `/v1/orgs/${org.orgId}/devices`, { v: 1, certificate: certify(org, laptop, 'member', admin.deviceId) })).status).toBe(201);

    // A socket on instance 2 hears about uploads through instance 1.
    const ws = new WebSocket(`${r2.url.replace('http', 'ws')}/v1/socket`);
    const heads: number[] = [];
    const ready = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.type === 'challenge') ws.send(JSON.stringify(l2.socketAuth(m.challenge)));
        if (m.type === 'ready') resolve();
        if (m.type === 'notify') heads.push(m.head);
      })
    );
    await ready;

    const path = envelopesPath(org.orgId, 'org');
    const env = () => ({ v: 1, id: randomHex(16), payload: Buffer.from(randomHex(128)).toString('base64') });
    const batches = Array.from({ length: 20 }, () => [env(), env()]);
    const answers = await Promise.all(batches.map((envelopes, i) => (i % 2 ? a1 : a2).request('POST', path, { v: 1, envelopes })));
    const seqs = answers.flatMap((a) => (a.body as UploadResponse).results.map((r) => r.seq)).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const dup = (await a2.request('POST', path, { v: 1, envelopes: [batches[0]![0]] })).body as UploadResponse;
    expect(dup.results[0]!.status).toBe('duplicate');

    for (let i = 0; i < 100 && !heads.includes(40); i++) await new Promise((r) => setTimeout(r, 20));
    expect(heads).toContain(40);
    ws.close();

    // The same signed request, replayed to the other instance.
    const body = Buffer.from(JSON.stringify({ v: 1, envelopes: [env()] }));
    const headers = { ...a1.signedHeaders('POST', path, body), 'content-type': 'application/json' };
    expect((await rawRequest(r1.url, 'POST', path, headers, body)).status).toBe(200);
    const replay = await rawRequest(r2.url, 'POST', path, headers, body);
    expect([replay.status, (replay.body as { error: { code: string } }).error.code]).toEqual([401, 'replayed-nonce']);

    // Revoked through instance 1, refused by instance 2.
    expect((await a1.request('POST', `/v1/orgs/${org.orgId}/revocations`, { v: 1, revocation: revoke(org, laptop.deviceId, admin.deviceId) })).status).toBe(200);
    const refused = await l2.request('GET', pullPath(org.orgId, 'org', 0));
    expect([refused.status, (refused.body as { error: { code: string } }).error.code]).toEqual([403, 'device-revoked']);
    const all = (await a2.request('GET', pullPath(org.orgId, 'org', 0, 500))).body as PullResponse;
    expect(all.head).toBe(41);
    expect(new Set(all.envelopes.map((e) => e.id)).size).toBe(41);
  });
});
