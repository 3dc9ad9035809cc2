// The sync client sends at most as many envelopes per upload as the relay advertises in
// GET /v1/info (relays before the limit was raised accept 64), and 64 when it cannot tell.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelayClient } from '../../main/services/sync/relay-client';
import { LIMITS, PAYLOAD_BUCKETS, ROUTES } from '../../shared/relay/protocol';
import { startTestRelay, type TestRelay } from './sync-fixtures';

let relay: TestRelay;
const old = Fastify({ logger: false });
let oldUrl = '';
let infoCalls = 0;

beforeAll(async () => {
  relay = await startTestRelay();
  // An older relay: same protocol version, the former limit of 64 envelopes per upload.
  old.get(ROUTES.info, async () => {
    infoCalls++;
    return {
      service: 'anxin-relay',
      protocol: [1],
      limits: { maxBodyBytes: 1048576, maxPayloadBytes: LIMITS.maxPayloadBytes, maxEnvelopesPerUpload: 64, maxPullLimit: 500, replayWindowMs: 300000, rateLimitPerSecond: 100, rateLimitBurst: 200 },
      payloadBuckets: [...PAYLOAD_BUCKETS],
      serverTime: Date.now()
    };
  });
  oldUrl = await old.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await old.close();
  await relay.stop();
});

describe('upload batch size', () => {
  it('follows what the relay advertises, asked once per client', async () => {
    expect(await createRelayClient({ baseUrl: relay.url }).uploadLimit()).toBe(LIMITS.maxEnvelopesPerUpload);
    const c = createRelayClient({ baseUrl: oldUrl });
    expect(await c.uploadLimit()).toBe(64);
    expect(await c.uploadLimit()).toBe(64);
    expect(infoCalls).toBe(1);
  });

  it('falls back to the v1 minimum when the relay cannot be asked', async () => {
    const c = createRelayClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 });
    expect(await c.uploadLimit()).toBe(LIMITS.minEnvelopesPerUpload);
  });
});
