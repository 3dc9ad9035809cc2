/**
 * The relay over HTTP and WebSocket, in-process on 127.0.0.1 (port 0) with a real SQLite file:
 * organisations and devices, signed push/pull, idempotency, cursors, replays, revocation,
 * another organisation, limits, versions, restart with data kept, link requests, live notifications.
 */
import { randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  createOrgBody,
  certify,
  newDevice,
  newOrg,
  randomHex,
  rawRequest,
  RelayClient,
  revoke,
  rotation,
  signBase64,
  type Answer,
  type DeviceIdentity,
  type OrgIdentity
} from '../../relay/dev-client';
import { defaultConfig } from '../../relay/config';
import { createLogger } from '../../relay/logger';
import { startRelay, type Relay } from '../../relay/server';
import { openSqliteStorage } from '../../relay/storage/sqlite';
import { createRelayClient, fromBase64, RelayRequestError } from '../../shared/relay/client';
import { deviceMailbox, envelopesPath, linkRequestPath, orgPath, pullPath, RELAY_ERROR_CODES, type PullResponse, type UploadResponse } from '../../shared/relay/protocol';
import { linkRequestBytes } from '../../shared/relay/signing';
import { makeTempDir } from '../helpers/temp-dir';
import { startTestRelay } from './relay-helpers';

const payload = (n = 256) => randomBytes(n).toString('base64');
const env = (p = payload()) => ({ v: 1, id: randomHex(16), payload: p });
const errorCode = (a: Answer) => (a.body as { error?: { code?: string } } | undefined)?.error?.code;

function expectError(a: Answer, status: number, code: string) {
  expect({ status: a.status, code: errorCode(a) }).toEqual({ status, code });
  expect(RELAY_ERROR_CODES).toContain(code);
}

describe('relay over HTTP', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let relay: Relay;
  let orgA: OrgIdentity;
  let a1: DeviceIdentity; // admin
  let a2: DeviceIdentity; // member
  let orgB: OrgIdentity;
  let b1: DeviceIdentity;
  let A1: RelayClient, A2: RelayClient, B1: RelayClient;
  const clients: RelayClient[] = [];
  const client = (d: DeviceIdentity) => {
    const c = new RelayClient(relay.url, d);
    clients.push(c);
    return c;
  };
  const orgMailbox = () => envelopesPath(orgA.orgId, 'org');

  beforeAll(async () => {
    tmp = makeTempDir('anxin-relay-http-');
    relay = await startTestRelay(tmp.dir, { rateLimitPerSecond: 10_000, rateLimitBurst: 10_000 });
    orgA = newOrg();
    a1 = newDevice(orgA.orgId);
    a2 = newDevice(orgA.orgId);
    orgB = newOrg();
    b1 = newDevice(orgB.orgId);
    A1 = client(a1);
    A2 = client(a2);
    B1 = client(b1);
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await relay.close();
    tmp.cleanup();
  });

  it('answers /health and /v1/info without authentication', async () => {
    const h = await A1.request('GET', '/health', undefined, { unsigned: true });
    expect(h.status).toBe(200);
    const info = await A1.request('GET', '/v1/info', undefined, { unsigned: true });
    expect(info.body).toMatchObject({ service: 'anxin-relay', protocol: [1] });
  });

  it('creates an organisation with its first device; a repeat is idempotent, a different one refused', async () => {
    const body = createOrgBody(orgA, a1);
    const created = await A1.request('POST', '/v1/orgs', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ orgId: orgA.orgId, orgSigningKey: orgA.signing.publicKey, devices: [{ revocation: null }] });
    expect((await A1.request('POST', '/v1/orgs', body)).status).toBe(200);
    expectError(await A1.request('POST', '/v1/orgs', createOrgBody(orgA, a1)), 409, 'org-exists');
    expect((await B1.request('POST', '/v1/orgs', createOrgBody(orgB, b1))).status).toBe(201);
  });

  it('refuses an organisation whose certificate is not signed by the organisation key, or an unsigned request', async () => {
    const org = newOrg();
    const dev = newDevice(org.orgId);
    const c = client(dev);
    const body = createOrgBody(org, dev);
    const forged = { ...body, certificate: { ...body.certificate, signature: signBase64(dev.signing.privateKey, Buffer.from('x')) } };
    expectError(await c.request('POST', '/v1/orgs', forged), 400, 'bad-certificate');
    expectError(await c.request('POST', '/v1/orgs', body, { unsigned: true }), 401, 'unauthenticated');
    expect(await relay.storage.getOrg(org.orgId)).toBeNull();
  });

  it('lets an admin add a device; a member cannot; a certificate not signed by the organisation is refused', async () => {
    const added = await A1.request('POST', `/v1/orgs/${orgA.orgId}/devices`, { v: 1, certificate: certify(orgA, a2, 'member', a1.deviceId) });
    expect(added.status).toBe(201);
    const a3 = newDevice(orgA.orgId);
    expectError(await A2.request('POST', `/v1/orgs/${orgA.orgId}/devices`, { v: 1, certificate: certify(orgA, a3, 'member', a2.deviceId) }), 403, 'not-admin');
    expectError(await A1.request('POST', `/v1/orgs/${orgA.orgId}/devices`, { v: 1, certificate: certify(orgB, a3, 'member', a1.deviceId) }), 400, 'bad-certificate');
    const org = await A2.request('GET', orgPath(orgA.orgId));
    expect(org.status).toBe(200);
    expect((org.body as { devices: unknown[] }).devices).toHaveLength(2);
  });

  it('stores signed uploads and returns them in order to another member', async () => {
    const envs = [env(payload(256)), env(payload(512)), env(payload(1024))];
    const up = await A1.request('POST', orgMailbox(), { v: 1, envelopes: envs });
    expect(up.status).toBe(200);
    const u = up.body as UploadResponse;
    expect(u.results.map((r) => [r.id, r.status])).toEqual(envs.map((e) => [e.id, 'stored']));
    const pulled = await A2.request('GET', pullPath(orgA.orgId, 'org', 0));
    const p = pulled.body as PullResponse;
    expect(p.envelopes.map((e) => [e.id, e.payload, e.sender])).toEqual(envs.map((e) => [e.id, e.payload, a1.deviceId]));
    expect(p.envelopes.map((e) => e.seq)).toEqual(u.results.map((r) => r.seq));
    expect(p.head).toBe(u.head);
    expect(p.generation).toBe(u.generation);
  });

  it('makes uploads idempotent: same id + same bytes → same seq; same id + other bytes → 409 and nothing stored', async () => {
    const e = env();
    const first = (await A1.request('POST', orgMailbox(), { v: 1, envelopes: [e] })).body as UploadResponse;
    const again = (await A2.request('POST', orgMailbox(), { v: 1, envelopes: [e] })).body as UploadResponse;
    expect(again.results[0]).toEqual({ id: e.id, seq: first.results[0]!.seq, status: 'duplicate' });
    const fresh = env();
    const conflict = await A1.request('POST', orgMailbox(), { v: 1, envelopes: [fresh, { ...e, payload: payload() }] });
    expectError(conflict, 409, 'id-conflict');
    expect((conflict.body as { error: { details: { id: string } } }).error.details.id).toBe(e.id);
    expect(await relay.storage.head(orgA.orgId, 'org')).toBe(first.head);
  });

  it('pages by cursor until next reaches head', async () => {
    const before = await relay.storage.head(orgA.orgId, 'org');
    await A1.request('POST', orgMailbox(), { v: 1, envelopes: Array.from({ length: 25 }, () => env()) });
    const seqs: number[] = [];
    let after = before;
    let pages = 0;
    for (; pages < 10; pages++) {
      const p = (await A2.request('GET', pullPath(orgA.orgId, 'org', after, 10))).body as PullResponse;
      seqs.push(...p.envelopes.map((e) => e.seq));
      after = p.next;
      if (p.next >= p.head) break;
    }
    expect(pages + 1).toBe(3);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => before + 1 + i));
    expectError(await A2.request('GET', `${envelopesPath(orgA.orgId, 'org')}?after=-1`), 400, 'bad-request');
  });

  it('refuses a replayed request, a re-stamped one, an old one, a tampered body and a moved path', async () => {
    const body = { v: 1, envelopes: [env()] };
    const bytes = Buffer.from(JSON.stringify(body));
    const headers = A1.signedHeaders('POST', orgMailbox(), bytes);
    const send = (h: Record<string, string>, path = orgMailbox(), b = bytes) => A1.request('POST', path, b, { unsigned: true, headers: h });
    expect((await send(headers)).status).toBe(200);
    expectError(await send(headers), 401, 'replayed-nonce');
    expectError(await send({ ...headers, 'x-anxin-timestamp': String(Date.now() + 1000), 'x-anxin-nonce': randomHex(16) }), 401, 'bad-signature');
    expectError(await A1.request('POST', orgMailbox(), { v: 1, envelopes: [env()] }, { timestamp: Date.now() - 6 * 60_000 }), 401, 'stale-timestamp');
    const other = Buffer.from(JSON.stringify({ v: 1, envelopes: [env()] }));
    expectError(await A1.request('POST', orgMailbox(), other, { signBody: bytes }), 401, 'bad-signature');
    expectError(await A1.request('POST', envelopesPath(orgA.orgId, deviceMailbox(a2.deviceId)), bytes, { signPath: orgMailbox() }), 401, 'bad-signature');
  });

  it('refuses a device of another organisation on this organisation, and an unknown device', async () => {
    const before = await relay.storage.head(orgA.orgId, 'org');
    expectError(await B1.request('POST', orgMailbox(), { v: 1, envelopes: [env()] }), 403, 'forbidden');
    expectError(await B1.request('GET', pullPath(orgA.orgId, 'org', 0)), 403, 'forbidden');
    expectError(await B1.request('GET', orgPath(orgA.orgId)), 403, 'forbidden');
    // Claiming to be in organisation A with its own key: not a device of A.
    const impostor = new RelayClient(relay.url, { ...b1, orgId: orgA.orgId });
    clients.push(impostor);
    expectError(await impostor.request('POST', orgMailbox(), { v: 1, envelopes: [env()] }), 401, 'unknown-device');
    // Signing as a real device of A with the wrong key.
    const forger = new RelayClient(relay.url, { ...b1, orgId: orgA.orgId, deviceId: a1.deviceId });
    clients.push(forger);
    expectError(await forger.request('POST', orgMailbox(), { v: 1, envelopes: [env()] }), 401, 'bad-signature');
    expect(await relay.storage.head(orgA.orgId, 'org')).toBe(before);
  });

  it("lets members write a device's mailbox but only that device read it", async () => {
    const box = envelopesPath(orgA.orgId, deviceMailbox(a2.deviceId));
    const e = env();
    expect((await A1.request('POST', box, { v: 1, envelopes: [e] })).status).toBe(200);
    const mine = (await A2.request('GET', pullPath(orgA.orgId, deviceMailbox(a2.deviceId), 0))).body as PullResponse;
    expect(mine.envelopes.map((x) => x.id)).toEqual([e.id]);
    expectError(await A1.request('GET', pullPath(orgA.orgId, deviceMailbox(a2.deviceId), 0)), 403, 'forbidden');
    expectError(await A1.request('POST', envelopesPath(orgA.orgId, deviceMailbox(randomHex(8))), { v: 1, envelopes: [env()] }), 404, 'not-found');
  });

  it('enforces padding, payload and body size limits and refuses unknown versions', async () => {
    expectError(await A1.request('POST', orgMailbox(), { v: 1, envelopes: [env(payload(300))] }), 400, 'envelope-unpadded');
    expectError(await A1.request('POST', orgMailbox(), { v: 1, envelopes: [env(payload(256 * 1024 + 3))] }), 413, 'envelope-too-large');
    expectError(await A1.request('POST', orgMailbox(), { v: 1, envelopes: [env(payload(900 * 1024))] }), 413, 'body-too-large');
    expectError(await A1.request('POST', orgMailbox(), { v: 2, envelopes: [env()] }), 400, 'unsupported-version');
    expectError(await A1.request('POST', orgMailbox(), { v: 1, envelopes: [{ ...env(), v: 7 }] }), 400, 'unsupported-version');
    expectError(await A1.request('GET', `/v2/orgs/${orgA.orgId}`), 400, 'unsupported-version');
    expectError(await A1.request('POST', orgMailbox(), Buffer.from('{"v":1,'), {}), 400, 'bad-request');
    expectError(await A1.request('POST', orgMailbox(), { v: 1, envelopes: [env()] }, { headers: { 'content-type': 'text/plain' } }), 415, 'unsupported-media-type');
    expectError(await A1.request('DELETE', orgMailbox()), 405, 'method-not-allowed');
    expectError(await A1.request('GET', '/nowhere'), 404, 'not-found');
  });

  it('accepts only the next key-rotation notice from an admin', async () => {
    const n1 = rotation(orgA, 1, a1.deviceId);
    expect((await A1.request('POST', `/v1/orgs/${orgA.orgId}/key-rotations`, { v: 1, notice: n1 })).status).toBe(201);
    expect((await A1.request('POST', `/v1/orgs/${orgA.orgId}/key-rotations`, { v: 1, notice: n1 })).status).toBe(200);
    expectError(await A1.request('POST', `/v1/orgs/${orgA.orgId}/key-rotations`, { v: 1, notice: rotation(orgA, 3, a1.deviceId) }), 409, 'stale-rotation');
    expectError(await A2.request('POST', `/v1/orgs/${orgA.orgId}/key-rotations`, { v: 1, notice: rotation(orgA, 2, a2.deviceId) }), 403, 'not-admin');
    const org = (await A2.request('GET', orgPath(orgA.orgId))).body as { keyRotations: unknown[] };
    expect(org.keyRotations).toEqual([n1]);
  });

  it('links a new device through a one-time code hash, then tells it which organisation certified it', async () => {
    const fresh = newDevice(orgA.orgId);
    const codeHash = randomHex(32);
    const req = { v: 1, codeHash, deviceId: fresh.deviceId, signingKey: fresh.signing.publicKey, boxKey: fresh.boxKey };
    const signature = signBase64(fresh.signing.privateKey, linkRequestBytes(req));
    const c = client(fresh);
    expect((await c.request('POST', '/v1/link-requests', { ...req, signature }, { unsigned: true })).status).toBe(201);
    expect((await c.request('POST', '/v1/link-requests', { ...req, signature }, { unsigned: true })).status).toBe(200);
    const thief = newDevice(orgA.orgId);
    const stolen = { ...req, deviceId: thief.deviceId, signingKey: thief.signing.publicKey };
    expectError(await c.request('POST', '/v1/link-requests', { ...stolen, signature: signBase64(thief.signing.privateKey, linkRequestBytes(stolen)) }, { unsigned: true }), 409, 'link-code-taken');
    expectError(await c.request('POST', '/v1/link-requests', { ...req, codeHash: randomHex(32), signature }, { unsigned: true }), 401, 'bad-signature');
    const seen = await A1.request('GET', linkRequestPath(codeHash), undefined, { unsigned: true });
    expect(seen.body).toMatchObject({ deviceId: fresh.deviceId, signingKey: fresh.signing.publicKey, orgId: null });
    await A1.request('POST', `/v1/orgs/${orgA.orgId}/devices`, { v: 1, certificate: certify(orgA, fresh, 'member', a1.deviceId) });
    expect((await c.request('GET', linkRequestPath(codeHash), undefined, { unsigned: true })).body).toMatchObject({ orgId: orgA.orgId });
    expectError(await c.request('GET', linkRequestPath(randomHex(32)), undefined, { unsigned: true }), 404, 'link-not-found');
  });

  it('notifies subscribed devices over the WebSocket with heads only, and refuses a bad login', async () => {
    const ws = new WebSocket(`${relay.url.replace('http', 'ws')}/v1/socket`);
    const messages: { type: string; [k: string]: unknown }[] = [];
    const next = (type: string) =>
      new Promise<{ type: string; [k: string]: unknown }>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${type} message`)), 5000);
        const check = () => {
          const m = messages.find((x) => x.type === type);
          if (m) {
            clearTimeout(t);
            messages.splice(messages.indexOf(m), 1);
            resolve(m);
          } else setTimeout(check, 10);
        };
        check();
      });
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    const challenge = (await next('challenge')) as unknown as { challenge: string };
    ws.send(JSON.stringify(A2.socketAuth(challenge.challenge)));
    const ready = await next('ready');
    expect((ready.mailboxes as { mailbox: string }[]).map((m) => m.mailbox)).toEqual(['org', deviceMailbox(a2.deviceId)]);
    const up = (await A1.request('POST', orgMailbox(), { v: 1, envelopes: [env()] })).body as UploadResponse;
    const notify = await next('notify');
    expect(notify).toEqual({ type: 'notify', mailbox: 'org', head: up.head });
    ws.close();

    const bad = new WebSocket(`${relay.url.replace('http', 'ws')}/v1/socket`);
    const closed = new Promise<number>((resolve) => bad.on('close', (code) => resolve(code)));
    bad.on('message', (d) => {
      const m = JSON.parse(d.toString());
      // Device B1 signs, but claims to be a1 of organisation A.
      if (m.type === 'challenge') bad.send(JSON.stringify({ ...B1.socketAuth(m.challenge), orgId: orgA.orgId, deviceId: a1.deviceId }));
    });
    expect(await closed).toBe(4401);
  });

  it('refuses every request of a revoked device (and its socket), and never removes the last admin', async () => {
    const ws = new WebSocket(`${relay.url.replace('http', 'ws')}/v1/socket`);
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.type === 'challenge') ws.send(JSON.stringify(A2.socketAuth(m.challenge)));
        if (m.type === 'ready') resolve();
        if (m.type === 'error') reject(new Error(m.error.code));
      })
    );
    await ready;
    expectError(await A2.request('POST', `/v1/orgs/${orgA.orgId}/revocations`, { v: 1, revocation: revoke(orgA, a1.deviceId, a2.deviceId) }), 403, 'not-admin');
    const r = await A1.request('POST', `/v1/orgs/${orgA.orgId}/revocations`, { v: 1, revocation: revoke(orgA, a2.deviceId, a1.deviceId) });
    expect(r.status).toBe(200);
    expect(await closed).toBe(4403);
    const before = await relay.storage.head(orgA.orgId, 'org');
    expectError(await A2.request('POST', orgMailbox(), { v: 1, envelopes: [env()] }), 403, 'device-revoked');
    expectError(await A2.request('GET', pullPath(orgA.orgId, 'org', 0)), 403, 'device-revoked');
    expect(await relay.storage.head(orgA.orgId, 'org')).toBe(before);
    expectError(await A1.request('POST', `/v1/orgs/${orgA.orgId}/revocations`, { v: 1, revocation: revoke(orgA, a1.deviceId, a1.deviceId) }), 409, 'last-admin');
    expectError(await A1.request('POST', `/v1/orgs/${orgA.orgId}/devices`, { v: 1, certificate: certify(orgA, a2, 'member', a1.deviceId) }), 409, 'device-exists');
  });

  it('works with the shared fetch client signing through libsodium, as the app does', async () => {
    await sodium.ready;
    const kp = sodium.crypto_sign_keypair();
    const org = newOrg();
    const deviceId = randomHex(8);
    const crypto = {
      sha256: (b: Uint8Array) => sodium.crypto_hash_sha256(b),
      signDetached: (m: Uint8Array) => sodium.crypto_sign_detached(m, kp.privateKey),
      randomBytes: (n: number) => sodium.randombytes_buf(n)
    };
    const sc = createRelayClient({ baseUrl: relay.url, identity: { orgId: org.orgId, deviceId }, crypto });
    const dev: DeviceIdentity = { orgId: org.orgId, deviceId, signing: { privateKey: null as never, publicKey: Buffer.from(kp.publicKey).toString('base64') }, boxKey: randomBytes(32).toString('base64') };
    const created = await sc.createOrg(createOrgBody(org, dev));
    expect(created.devices).toHaveLength(1);
    const payloadBytes = sodium.randombytes_buf(512);
    const up = await sc.upload(org.orgId, 'org', [{ id: randomHex(16), payload: payloadBytes }]);
    expect(up.results[0]!.status).toBe('stored');
    const pulled = await sc.pull(org.orgId, 'org', 0);
    expect(Buffer.from(fromBase64(pulled.envelopes[0]!.payload)).equals(Buffer.from(payloadBytes))).toBe(true);
    const err = await sc.upload(org.orgId, 'org', [{ id: randomHex(16), payload: new Uint8Array(300) }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RelayRequestError);
    expect((err as RelayRequestError).code).toBe('envelope-unpadded');
  });

  it('counts requests and stored envelopes in /metrics', async () => {
    const m = await A1.request('GET', '/metrics', undefined, { unsigned: true });
    expect(m.status).toBe(200);
    expect(m.text).toMatch(/anxin_relay_envelopes_stored_total \d+/);
    const stored = Number(/anxin_relay_envelopes_stored_total (\d+)/.exec(m.text)![1]);
    expect(stored).toBe((await relay.storage.counts()).envelopes);
    expect(m.text).toContain('anxin_relay_errors_total{code="replayed-nonce"} 1');
  });
});

describe('relay limits and restarts', () => {
  it('rate-limits a device with 429 and Retry-After, without affecting another device', async () => {
    const tmp = makeTempDir('anxin-relay-rate-');
    const relay = await startTestRelay(tmp.dir, { rateLimitPerSecond: 1, rateLimitBurst: 5 });
    const org = newOrg();
    const d1 = newDevice(org.orgId);
    const d2 = newDevice(org.orgId);
    const c1 = new RelayClient(relay.url, d1);
    const c2 = new RelayClient(relay.url, d2);
    try {
      expect((await c1.request('POST', '/v1/orgs', createOrgBody(org, d1))).status).toBe(201);
      expect((await c1.request('POST', `/v1/orgs/${org.orgId}/devices`, { v: 1, certificate: certify(org, d2, 'member', d1.deviceId) })).status).toBe(201);
      const statuses: number[] = [];
      let limited: Answer | null = null;
      for (let i = 0; i < 6; i++) {
        const a = await c1.request('GET', pullPath(org.orgId, 'org', 0));
        statuses.push(a.status);
        if (a.status === 429) limited ??= a;
      }
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
      expect(limited!.headers['retry-after']).toMatch(/^\d+$/);
      expect(errorCode(limited!)).toBe('rate-limited');
      expect((await c2.request('GET', pullPath(org.orgId, 'org', 0))).status).toBe(200);
    } finally {
      c1.close();
      c2.close();
      await relay.close();
      tmp.cleanup();
    }
  });

  it('finishes an in-flight request when asked to stop, and refuses new ones with 503 unavailable', async () => {
    const tmp = makeTempDir('anxin-relay-drain-');
    // The real SQLite storage, with a pause inside append so that shutdown starts mid-request.
    const storage = openSqliteStorage(tmp.dir);
    let entered!: () => void;
    const inAppend = new Promise<void>((r) => (entered = r));
    const append = storage.append.bind(storage);
    storage.append = async (...args) => {
      entered();
      await new Promise((r) => setTimeout(r, 300));
      return append(...args);
    };
    const relay = await startRelay({ ...defaultConfig(), port: 0, dataDir: tmp.dir }, { storage, logger: createLogger('silent') });
    const org = newOrg();
    const d = newDevice(org.orgId);
    const c = new RelayClient(relay.url, d);
    try {
      await c.request('POST', '/v1/orgs', createOrgBody(org, d));
      const inFlight = c.request('POST', envelopesPath(org.orgId, 'org'), { v: 1, envelopes: [env()] });
      await inAppend;
      const closing = relay.close();
      const late = await rawRequest(relay.url, 'GET', '/health', {}, undefined).catch(() => null);
      if (late) expectError(late, 503, 'unavailable'); // or refused: the listener is already closed
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      expect(answer.headers.connection).toBe('close');
      await closing;
      const reopened = openSqliteStorage(tmp.dir);
      expect(await reopened.head(org.orgId, 'org')).toBe(1);
      await reopened.close();
    } finally {
      c.close();
      await relay.close();
      tmp.cleanup();
    }
  });

  it('keeps every acknowledged envelope across a graceful restart on the same SQLite file', async () => {
    const tmp = makeTempDir('anxin-relay-restart-');
    let relay = await startTestRelay(tmp.dir);
    const org = newOrg();
    const d = newDevice(org.orgId);
    let c = new RelayClient(relay.url, d);
    try {
      await c.request('POST', '/v1/orgs', createOrgBody(org, d));
      const envs = Array.from({ length: 10 }, () => env());
      const up = (await c.request('POST', envelopesPath(org.orgId, 'org'), { v: 1, envelopes: envs })).body as UploadResponse;
      c.close();
      await relay.close();
      relay = await startTestRelay(tmp.dir);
      c = new RelayClient(relay.url, d);
      const p = (await c.request('GET', pullPath(org.orgId, 'org', 0))).body as PullResponse;
      expect(p.envelopes.map((e) => [e.id, e.payload])).toEqual(envs.map((e) => [e.id, e.payload]));
      expect(p.generation).toBe(up.generation);
      expect(p.head).toBe(10);
      const dup = (await c.request('POST', envelopesPath(org.orgId, 'org'), { v: 1, envelopes: [envs[3]] })).body as UploadResponse;
      expect(dup.results[0]).toEqual({ id: envs[3]!.id, seq: 4, status: 'duplicate' });
    } finally {
      c.close();
      await relay.close();
      tmp.cleanup();
    }
  });
});
