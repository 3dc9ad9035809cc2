/**
 * GUIDE §4.9: bad input against a real relay on 127.0.0.1 — random bytes, random JSON, valid
 * uploads with one defect each, broken or replayed signatures, re-stamped timestamps, unknown
 * versions, random routes and headers. Over 1,000 generated requests (fast-check): every answer
 * is a 4xx with a stable error code, the relay stays up, and nothing was stored.
 */
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgBody, newDevice, newOrg, randomHex, rawRequest, RelayClient, type Answer, type DeviceIdentity, type OrgIdentity } from '../../relay/dev-client';
import type { Relay } from '../../relay/server';
import { envelopesPath, LIMITS, PAYLOAD_BUCKETS, RELAY_ERROR_CODES } from '../../shared/relay/protocol';
import { makeTempDir } from '../helpers/temp-dir';
import { startTestRelay } from './relay-helpers';

const RUNS = 220; // per property; 5 properties → 1,100 generated requests

describe('relay under bad input', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let relay: Relay;
  let org: OrgIdentity;
  let admin: DeviceIdentity;
  let c: RelayClient;
  let before: { orgs: number; devices: number; envelopes: number };
  let seen = 0;
  const statuses = new Map<string, number>();

  const check = (a: Answer) => {
    seen++;
    const code = (a.body as { error?: { code?: string } } | undefined)?.error?.code ?? `none(${a.status})`;
    statuses.set(code, (statuses.get(code) ?? 0) + 1);
    expect(a.status, `status ${a.status} ${a.text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
    expect(a.status).toBeLessThan(500);
    expect(a.status).not.toBe(429);
    expect(RELAY_ERROR_CODES as readonly string[]).toContain(code);
  };

  beforeAll(async () => {
    tmp = makeTempDir('anxin-relay-fuzz-');
    relay = await startTestRelay(tmp.dir, { rateLimitPerSecond: 1_000_000, rateLimitBurst: 1_000_000, linkRateLimitPerSecond: 1_000_000, linkRateLimitBurst: 1_000_000, maxBodyBytes: 64 * 1024 });
    org = newOrg();
    admin = newDevice(org.orgId);
    c = new RelayClient(relay.url, admin);
    expect((await c.request('POST', '/v1/orgs', createOrgBody(org, admin))).status).toBe(201);
    before = await relay.storage.counts();
  });
  afterAll(async () => {
    c?.close();
    await relay?.close();
    tmp?.cleanup();
  });

  const routes = () => [
    ['POST', '/v1/orgs'],
    ['POST', `/v1/orgs/${org.orgId}/devices`],
    ['POST', `/v1/orgs/${org.orgId}/revocations`],
    ['POST', `/v1/orgs/${org.orgId}/key-rotations`],
    ['POST', envelopesPath(org.orgId, 'org')],
    ['POST', '/v1/link-requests']
  ] as const;

  it('answers random bytes and random JSON, correctly signed, with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.uint8Array({ maxLength: 2048 }), async (r, bytes) => {
        const [method, path] = routes()[r]!;
        check(await c.request(method, path, Buffer.from(bytes)));
      }),
      { numRuns: RUNS }
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.jsonValue({ maxDepth: 4 }), async (r, value) => {
        const [method, path] = routes()[r]!;
        check(await c.request(method, path, Buffer.from(JSON.stringify(value) ?? 'null')));
      }),
      { numRuns: RUNS }
    );
  });

  it('answers a valid upload with exactly one defect with a 4xx', async () => {
    const valid = () => ({ v: 1, id: randomHex(16), payload: randomBytes(256).toString('base64') });
    const defect = fc.oneof(
      fc.string({ maxLength: 40 }).filter((s) => !/^[0-9a-f]{32}$/.test(s)).map((id) => ({ kind: 'id' as const, id })),
      fc.integer({ min: 0, max: 40_000 }).filter((n) => !PAYLOAD_BUCKETS.includes(n)).map((n) => ({ kind: 'unpadded' as const, n })),
      fc.string({ minLength: 1, maxLength: 20 }).map((s) => ({ kind: 'not-base64' as const, s: `${s}!*` })),
      fc.string({ minLength: 1, maxLength: 10 }).filter((k) => !['v', 'id', 'payload'].includes(k)).map((k) => ({ kind: 'extra' as const, k })),
      fc.integer({ min: -5, max: 1000 }).filter((v) => v !== 1).map((v) => ({ kind: 'version' as const, v })),
      fc.constantFrom('v', 'id', 'payload').map((k) => ({ kind: 'missing' as const, k })),
      fc.integer({ min: LIMITS.maxEnvelopesPerUpload + 1, max: LIMITS.maxEnvelopesPerUpload + 16 }).map((n) => ({ kind: 'too-many' as const, n })),
      fc.constant({ kind: 'empty' as const })
    );
    await fc.assert(
      fc.asyncProperty(defect, async (d) => {
        let envelopes: Record<string, unknown>[] = [valid()];
        let top: Record<string, unknown> = { v: 1 };
        const e = envelopes[0]!;
        if (d.kind === 'id') e.id = d.id;
        if (d.kind === 'unpadded') e.payload = randomBytes(d.n).toString('base64');
        if (d.kind === 'not-base64') e.payload = d.s;
        // An own property even for '__proto__', so that it is really sent.
        if (d.kind === 'extra') Object.defineProperty(e, d.k, { value: 1, enumerable: true, configurable: true, writable: true });
        if (d.kind === 'version') top = Math.random() < 0.5 ? { v: d.v } : (e.v = d.v, top);
        if (d.kind === 'missing') delete e[d.k];
        if (d.kind === 'too-many') envelopes = Array.from({ length: d.n }, valid);
        if (d.kind === 'empty') envelopes = [];
        check(await c.request('POST', envelopesPath(org.orgId, 'org'), { ...top, envelopes }));
      }),
      { numRuns: RUNS }
    );
  });

  it('answers broken, replayed and re-stamped signatures with a 4xx', async () => {
    const body = () => Buffer.from(JSON.stringify({ v: 1, envelopes: [{ v: 1, id: randomHex(16), payload: randomBytes(256).toString('base64') }] }));
    const path = envelopesPath(org.orgId, 'org');
    const attack = fc.oneof(
      fc.uint8Array({ minLength: 64, maxLength: 64 }).map((sig) => ({ kind: 'random-signature' as const, sig: Buffer.from(sig).toString('base64') })),
      fc.integer({ min: 1, max: 10_000_000 }).map((shift) => ({ kind: 'restamped' as const, shift })),
      fc.integer({ min: 5 * 60_000 + 2000, max: 365 * 86_400_000 }).map((age) => ({ kind: 'stale' as const, age: Math.random() < 0.5 ? age : -age })),
      fc.constant({ kind: 'replayed' as const }),
      fc.record({ header: fc.constantFrom('x-anxin-org', 'x-anxin-device', 'x-anxin-timestamp', 'x-anxin-nonce', 'x-anxin-signature'), value: fc.string({ maxLength: 100 }) }).map((h) => ({ kind: 'header' as const, ...h })),
      fc.integer({ min: 0, max: 63 }).map((bit) => ({ kind: 'flipped-body' as const, bit }))
    );
    await fc.assert(
      fc.asyncProperty(attack, async (a) => {
        const b = body();
        const headers = c.signedHeaders('POST', path, b, a.kind === 'stale' ? { timestamp: Date.now() - a.age } : {});
        const send = (h: Record<string, string>, bytes = b) => rawRequest(relay.url, 'POST', path, { ...h, 'content-type': 'application/json' }, bytes);
        if (a.kind === 'random-signature') return check(await send({ ...headers, 'x-anxin-signature': a.sig }));
        if (a.kind === 'restamped') return check(await send({ ...headers, 'x-anxin-timestamp': String(Number(headers['x-anxin-timestamp']) + a.shift) }));
        if (a.kind === 'stale') return check(await send(headers));
        if (a.kind === 'header') {
          const h = { ...headers, [a.header]: a.value.replace(/[^\x21-\x7e]/g, 'x') };
          if (h[a.header] === headers[a.header]) h[a.header] = `${h[a.header]}z`;
          return check(await send(h));
        }
        if (a.kind === 'flipped-body') {
          const tampered = Buffer.from(b);
          const i = 20 + (a.bit % (tampered.length - 40));
          tampered[i] = tampered[i]! ^ 0x01;
          return check(await send(headers, tampered));
        }
        // replayed: the first copy is stored, so undo the expectation by sending it to a
        // mailbox of a device that does not exist (refused after authentication), then replay.
        const ghost = envelopesPath(org.orgId, `device-${randomHex(8)}`);
        const h = c.signedHeaders('POST', ghost, b);
        const first = await rawRequest(relay.url, 'POST', ghost, { ...h, 'content-type': 'application/json' }, b);
        check(first);
        const again = await rawRequest(relay.url, 'POST', ghost, { ...h, 'content-type': 'application/json' }, b);
        check(again);
        expect((again.body as { error: { code: string } }).error.code).toBe('replayed-nonce');
      }),
      { numRuns: RUNS }
    );
  });

  it('answers random routes, methods and versions with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        fc.oneof(
          fc.webPath(),
          fc.integer({ min: 2, max: 99 }).map((v) => `/v${v}/orgs/${org.orgId}`),
          fc.string({ maxLength: 40 }).map((s) => `/v1/orgs/${encodeURIComponent(s)}/mailboxes/${encodeURIComponent(s)}/envelopes?after=${encodeURIComponent(s)}`)
        ),
        async (method, path) => {
          const p = path.startsWith('/') ? path : `/${path}`;
          if (p === '/health' || p === '/metrics' || p === '/v1/info' || p.startsWith('/v1/socket')) return;
          check(await c.request(method, p, method === 'GET' ? undefined : { v: 1 }));
        }
      ),
      { numRuns: RUNS }
    );
  });

  it('stayed up and stored nothing', async () => {
    expect(seen).toBeGreaterThanOrEqual(1000);
    const health = await c.request('GET', '/health', undefined, { unsigned: true });
    expect(health.status).toBe(200);
    expect(await relay.storage.counts()).toEqual(before);
    expect(await relay.storage.head(org.orgId, 'org')).toBe(0);
    console.log(`relay fuzz: ${seen} requests, answers by code: ${JSON.stringify(Object.fromEntries(statuses))}`);
  });
});
