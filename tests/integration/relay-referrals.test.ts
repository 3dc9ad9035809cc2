/**
 * The relay's cross-organisation mailboxes (docs/protocol.md, "Identities and mailboxes"): two
 * organisations A and B on one real relay on 127.0.0.1, with the SQLite backend and with the
 * PostgreSQL backend (ANXIN_TEST_PG_URL or a throw-away cluster; skipped with a printed reason
 * when neither is available, a failure on CI).
 *  - `referrals` of B: any certified, non-revoked device of A writes (idempotently), only B reads;
 *  - `network` of A: only A writes, B's devices read;
 *  - `org` and `device-*` stay private to their organisation;
 *  - an append to B's `referrals` notifies B's sockets, not A's;
 *  - one device of B reads B's `referrals` at a time (the reader lease): another is refused with
 *    not-reader, takes the lease over only after 24 h without a pull (the relay's clock moved), or
 *    at once once the holder is revoked.
 * Plus a marker test: a payload sealed by the sending client never reaches the relay's files in
 * the clear.
 */
import { randomBytes } from 'node:crypto';
import sodium from 'libsodium-wrappers-sumo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultConfig } from '../../relay/config';
import { certify, createOrgBody, newDevice, newOrg, randomHex, RelayClient, revoke, type Answer, type DeviceIdentity, type OrgIdentity } from '../../relay/dev-client';
import { createLogger } from '../../relay/logger';
import { startRelay, type Relay } from '../../relay/server';
import { openPostgresStorage } from '../../relay/storage/postgres';
import {
  deviceMailbox,
  envelopesPath,
  NETWORK_MAILBOX,
  ORG_MAILBOX,
  paddedPayloadLength,
  pullPath,
  readerLeasePath,
  ReaderLease,
  REFERRALS_MAILBOX,
  RELAY_ERROR_CODES,
  type PullResponse,
  type UploadResponse
} from '../../shared/relay/protocol';
import { filesContaining, listFiles, makeTempDir } from '../helpers/temp-dir';
import { postgresForTests, startTestRelay, type PgServer } from './relay-helpers';

const errorCode = (a: Answer) => (a.body as { error?: { code?: string } } | undefined)?.error?.code;
function expectError(a: Answer, status: number, code: string) {
  expect({ status: a.status, code: errorCode(a) }).toEqual({ status, code });
  expect(RELAY_ERROR_CODES).toContain(code);
}
const env = (bytes = 256) => ({ v: 1, id: randomHex(16), payload: randomBytes(bytes).toString('base64') });

type Msg = { type: string; [k: string]: unknown };
/** A signed-in WebSocket that records every message after `ready`. */
async function openSocket(relay: Relay, c: RelayClient) {
  const ws = new WebSocket(`${relay.url.replace('http', 'ws')}/v1/socket`);
  const notes: Msg[] = [];
  const ready = await new Promise<Msg>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no ready message')), 5000);
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as Msg;
      if (m.type === 'challenge') ws.send(JSON.stringify(c.socketAuth(m.challenge as string)));
      else if (m.type === 'ready') {
        clearTimeout(t);
        resolve(m);
      } else if (m.type === 'error') reject(new Error(String((m.error as { code: string }).code)));
      else notes.push(m);
    });
  });
  const waitFor = async (pred: (m: Msg) => boolean) => {
    for (let i = 0; i < 250; i++) {
      const m = notes.find(pred);
      if (m) return m;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('no matching notification');
  };
  return { ws, ready, notes, waitFor };
}

type Backend = { name: string; start: (now: () => number) => Promise<Relay>; stop: () => Promise<void> };

const HOUR = 3_600_000;
/** The relays' clock runs `shift` ms ahead while a test needs a day to pass (its requests then carry that time). */
let shift = 0;
const relayNow = () => Date.now() + shift;

const pgServer = await postgresForTests();
const pgUrl = 'url' in pgServer ? pgServer.url : null;
const sqliteDir = makeTempDir('anxin-relay-referrals-');

const backends: (Backend & { available: boolean })[] = [
  { name: 'sqlite', available: true, start: (now) => startTestRelay(sqliteDir.dir, {}, { now }), stop: async () => sqliteDir.cleanup() },
  {
    name: 'postgres',
    available: pgUrl !== null,
    start: async (now) => startRelay({ ...defaultConfig(), port: 0, backend: 'postgres', postgresUrl: pgUrl }, { storage: await openPostgresStorage(pgUrl!), logger: createLogger('silent'), now }),
    stop: async () => (pgServer as PgServer).stop?.()
  }
];

for (const backend of backends) {
  describe.skipIf(!backend.available)(`relay referrals and network mailboxes: ${backend.name}`, () => {
    let relay: Relay;
    let orgA: OrgIdentity, orgB: OrgIdentity;
    let a1: DeviceIdentity, a2: DeviceIdentity, b1: DeviceIdentity, b2: DeviceIdentity;
    let A1: RelayClient, A2: RelayClient, B1: RelayClient, B2: RelayClient;
    const clients: RelayClient[] = [];
    const client = (d: DeviceIdentity) => {
      const c = new RelayClient(relay.url, d);
      clients.push(c);
      return c;
    };

    beforeAll(async () => {
      relay = await backend.start(relayNow);
      orgA = newOrg();
      orgB = newOrg();
      [a1, a2, b1, b2] = [newDevice(orgA.orgId), newDevice(orgA.orgId), newDevice(orgB.orgId), newDevice(orgB.orgId)];
      [A1, A2, B1, B2] = [client(a1), client(a2), client(b1), client(b2)];
      expect((await A1.request('POST', '/v1/orgs', createOrgBody(orgA, a1))).status).toBe(201);
      expect((await B1.request('POST', '/v1/orgs', createOrgBody(orgB, b1))).status).toBe(201);
      expect((await A1.request('POST', `/v1/orgs/${orgA.orgId}/devices`, { v: 1, certificate: certify(orgA, a2, 'member', a1.deviceId) })).status).toBe(201);
      expect((await B1.request('POST', `/v1/orgs/${orgB.orgId}/devices`, { v: 1, certificate: certify(orgB, b2, 'member', b1.deviceId) })).status).toBe(201);
    });
    afterAll(async () => {
      for (const c of clients) c.close();
      await relay?.close();
      await backend.stop();
    });

    it("lets a device of A deliver into B's referrals (idempotently) and notifies B's sockets, not A's; only B reads it", async () => {
      const sockB = await openSocket(relay, B2);
      const sockA = await openSocket(relay, A1);
      // `ready` is unchanged (older clients would refuse an unknown mailbox name in it).
      expect((sockB.ready.mailboxes as { mailbox: string }[]).map((m) => m.mailbox)).toEqual([ORG_MAILBOX, deviceMailbox(b2.deviceId)]);
      try {
        const box = envelopesPath(orgB.orgId, REFERRALS_MAILBOX);
        const envs = [env(256), env(1024)];
        const up = await A2.request('POST', box, { v: 1, envelopes: envs });
        expect(up.status).toBe(200);
        const first = up.body as UploadResponse;
        expect(first.results.map((r) => [r.seq, r.status])).toEqual([
          [1, 'stored'],
          [2, 'stored']
        ]);
        const again = (await A2.request('POST', box, { v: 1, envelopes: envs })).body as UploadResponse;
        expect(again.results.map((r) => [r.seq, r.status])).toEqual([
          [1, 'duplicate'],
          [2, 'duplicate']
        ]);
        expect(again.head).toBe(2);
        expectError(await A1.request('POST', box, { v: 1, envelopes: [{ ...envs[0]!, payload: randomBytes(256).toString('base64') }] }), 409, 'id-conflict');
        expectError(await A1.request('POST', box, { v: 1, envelopes: [{ ...env(), payload: randomBytes(300).toString('base64') }] }), 400, 'envelope-unpadded');

        expect(await sockB.waitFor((m) => m.mailbox === REFERRALS_MAILBOX)).toEqual({ type: 'notify', mailbox: REFERRALS_MAILBOX, head: 2 });
        // An upload to A's own org mailbox reaches A's socket after B's event: A heard nothing of B's referrals.
        const own = (await A2.request('POST', envelopesPath(orgA.orgId, ORG_MAILBOX), { v: 1, envelopes: [env()] })).body as UploadResponse;
        await sockA.waitFor((m) => m.mailbox === ORG_MAILBOX && m.head === own.head);
        expect(sockA.notes.filter((m) => m.mailbox === REFERRALS_MAILBOX)).toEqual([]);

        expectError(await A2.request('GET', pullPath(orgB.orgId, REFERRALS_MAILBOX, 0)), 403, 'forbidden');
        expectError(await A1.request('GET', pullPath(orgB.orgId, REFERRALS_MAILBOX, 0)), 403, 'forbidden');
        const page = await B1.request('GET', pullPath(orgB.orgId, REFERRALS_MAILBOX, 0));
        expect(page.status).toBe(200);
        const body = page.body as PullResponse;
        expect(body.envelopes.map((e) => [e.id, e.seq, e.sender, e.payload])).toEqual(envs.map((e, i) => [e.id, i + 1, a2.deviceId, e.payload]));
        expect(body.head).toBe(2);
        // One device of B reads at a time (the reader lease: the last test).
        expectError(await B2.request('GET', pullPath(orgB.orgId, REFERRALS_MAILBOX, 0)), 409, 'not-reader');
        // A's own referrals inbox is separate and empty.
        expect(((await A1.request('GET', pullPath(orgA.orgId, REFERRALS_MAILBOX, 0))).body as PullResponse).head).toBe(0);
      } finally {
        sockA.ws.close();
        sockB.ws.close();
      }
    });

    it("keeps B's org and device mailboxes private, and B's network mailbox B's to write", async () => {
      const headOrg = await relay.storage.head(orgB.orgId, ORG_MAILBOX);
      expectError(await A1.request('POST', envelopesPath(orgB.orgId, ORG_MAILBOX), { v: 1, envelopes: [env()] }), 403, 'forbidden');
      expectError(await A1.request('GET', pullPath(orgB.orgId, ORG_MAILBOX, 0)), 403, 'forbidden');
      expectError(await A1.request('POST', envelopesPath(orgB.orgId, NETWORK_MAILBOX), { v: 1, envelopes: [env()] }), 403, 'forbidden');
      expectError(await A1.request('POST', envelopesPath(orgB.orgId, deviceMailbox(b2.deviceId)), { v: 1, envelopes: [env()] }), 403, 'forbidden');
      expectError(await A1.request('GET', pullPath(orgB.orgId, deviceMailbox(b2.deviceId), 0)), 403, 'forbidden');
      expect(await relay.storage.head(orgB.orgId, ORG_MAILBOX)).toBe(headOrg);
      expect(await relay.storage.head(orgB.orgId, NETWORK_MAILBOX)).toBe(0);
      // A mailbox name outside the four kinds is refused.
      expectError(await A1.request('POST', envelopesPath(orgB.orgId, 'referrals-x'), { v: 1, envelopes: [env()] }), 400, 'bad-request');
    });

    it("publishes A's network mailbox: A writes, B's devices read, B cannot write", async () => {
      const box = envelopesPath(orgA.orgId, NETWORK_MAILBOX);
      const published = env(2048);
      expect((await A2.request('POST', box, { v: 1, envelopes: [published] })).status).toBe(200);
      expect(((await A1.request('POST', box, { v: 1, envelopes: [published] })).body as UploadResponse).results[0]!.status).toBe('duplicate');
      for (const reader of [B1, B2, A1]) {
        const page = (await reader.request('GET', pullPath(orgA.orgId, NETWORK_MAILBOX, 0))).body as PullResponse;
        expect(page.envelopes.map((e) => [e.id, e.sender, e.payload])).toEqual([[published.id, a2.deviceId, published.payload]]);
      }
      expectError(await B1.request('POST', box, { v: 1, envelopes: [env()] }), 403, 'forbidden');
      expectError(await B2.request('POST', box, { v: 1, envelopes: [published] }), 403, 'forbidden');
      expect(await relay.storage.head(orgA.orgId, NETWORK_MAILBOX)).toBe(1);
    });

    it('refuses a revoked or uncertified device of A, and an unknown receiving organisation', async () => {
      const a3 = newDevice(orgA.orgId);
      const A3 = client(a3);
      expect((await A1.request('POST', `/v1/orgs/${orgA.orgId}/devices`, { v: 1, certificate: certify(orgA, a3, 'member', a1.deviceId) })).status).toBe(201);
      const box = envelopesPath(orgB.orgId, REFERRALS_MAILBOX);
      const before = await relay.storage.head(orgB.orgId, REFERRALS_MAILBOX);
      expect((await A3.request('POST', box, { v: 1, envelopes: [env()] })).status).toBe(200);
      expect((await A1.request('POST', `/v1/orgs/${orgA.orgId}/revocations`, { v: 1, revocation: revoke(orgA, a3.deviceId, a1.deviceId) })).status).toBe(200);
      expectError(await A3.request('POST', box, { v: 1, envelopes: [env()] }), 403, 'device-revoked');
      expectError(await A3.request('GET', pullPath(orgB.orgId, NETWORK_MAILBOX, 0)), 403, 'device-revoked');
      expect(await relay.storage.head(orgB.orgId, REFERRALS_MAILBOX)).toBe(before + 1);

      // A device no organisation on this relay certified (its own org id is made up).
      const stranger = client(newDevice(newOrg().orgId));
      expectError(await stranger.request('POST', box, { v: 1, envelopes: [env()] }), 401, 'unknown-device');
      expectError(await stranger.request('GET', pullPath(orgA.orgId, NETWORK_MAILBOX, 0)), 401, 'unknown-device');
      // Signed with another key than the certified one.
      const impostor = client({ ...newDevice(orgA.orgId), deviceId: a2.deviceId });
      expectError(await impostor.request('POST', box, { v: 1, envelopes: [env()] }), 401, 'bad-signature');
      expect(await relay.storage.head(orgB.orgId, REFERRALS_MAILBOX)).toBe(before + 1);

      const nobody = newOrg().orgId;
      expectError(await A1.request('POST', envelopesPath(nobody, REFERRALS_MAILBOX), { v: 1, envelopes: [env()] }), 404, 'org-not-found');
      expectError(await B1.request('GET', pullPath(nobody, NETWORK_MAILBOX, 0)), 404, 'org-not-found');
      expect(await relay.storage.head(nobody, REFERRALS_MAILBOX)).toBe(0);
    });

    it("lets one device of B read B's referrals at a time: taken over only after 24 h without a pull, or at once from a revoked holder", async () => {
      const pull = pullPath(orgB.orgId, REFERRALS_MAILBOX, 0);
      const lease = readerLeasePath(orgB.orgId, REFERRALS_MAILBOX);
      // B1 holds the lease (it read first, in the first test); B2 is refused, told who reads and when it last did.
      expect((await B1.request('GET', pull)).status).toBe(200);
      const refused = await B2.request('GET', pull);
      expectError(refused, 409, 'not-reader');
      const { reader, seenAt } = (refused.body as { error: { details: { reader: string; seenAt: number } } }).error.details;
      expect(reader).toBe(b1.deviceId);
      expect(Math.abs(seenAt - Date.now())).toBeLessThan(60_000);
      // Taking over within 24 h of B1's last pull is refused; B1 reads on.
      expectError(await B2.request('POST', lease, { v: 1 }), 409, 'not-reader');
      expect((await B1.request('GET', pull)).status).toBe(200);

      // 25 h on (the relay's clock; requests signed at that time): B2 takes it over.
      shift = 25 * HOUR;
      const later = () => ({ timestamp: Date.now() + shift });
      const taken = await B2.request('POST', lease, { v: 1 }, later());
      expect(taken.status).toBe(200);
      expect(ReaderLease.parse(taken.body)).toMatchObject({ reader: b2.deviceId });
      expect(Math.abs((taken.body as ReaderLease).since - (Date.now() + shift))).toBeLessThan(60_000);
      // From now on B1's pulls are refused — what arrives is applied by B2 alone — and it cannot take it back.
      expectError(await B1.request('GET', pull, undefined, later()), 409, 'not-reader');
      expect((await B2.request('GET', pull, undefined, later())).status).toBe(200);
      expectError(await B1.request('POST', lease, { v: 1 }, later()), 409, 'not-reader');
      // Writers are not concerned: A still delivers into B's referrals.
      expect((await A1.request('POST', envelopesPath(orgB.orgId, REFERRALS_MAILBOX), { v: 1, envelopes: [env()] }, later())).status).toBe(200);

      // B2 (the holder) is revoked: B1 reads again at once, without a takeover.
      expect((await B1.request('POST', `/v1/orgs/${orgB.orgId}/revocations`, { v: 1, revocation: revoke(orgB, b2.deviceId, b1.deviceId) }, later())).status).toBe(200);
      expect((await B1.request('GET', pull, undefined, later())).status).toBe(200);
      expect(await relay.storage.reader(orgB.orgId, REFERRALS_MAILBOX)).toMatchObject({ reader: b1.deviceId });

      // Only the referrals mailbox has a lease, and only B's own devices take B's.
      expectError(await B1.request('POST', readerLeasePath(orgB.orgId, ORG_MAILBOX), { v: 1 }, later()), 404, 'not-found');
      expectError(await A1.request('POST', lease, { v: 1 }, later()), 403, 'forbidden');
      expectError(await B1.request('POST', lease, { v: 2 }, later()), 400, 'unsupported-version');
      shift = 0;
    });
  });
}

const MARKER = 'ANXIN-REFERRAL-MARKER-3K8W 转介标记';

describe('relay referrals marker test', () => {
  it("stores a referral sealed by the sending client only as sealed bytes: the marker is in no file of the relay", async () => {
    await sodium.ready;
    const tmp = makeTempDir('anxin-relay-referral-marker-');
    const relay = await startTestRelay(tmp.dir);
    const orgA = newOrg();
    const orgB = newOrg();
    const a = newDevice(orgA.orgId);
    const b = newDevice(orgB.orgId);
    const A = new RelayClient(relay.url, a);
    const B = new RelayClient(relay.url, b);
    // The receiving organisation's X25519 key pair: the sender seals to its public half.
    const receiver = sodium.crypto_box_keypair();
    try {
      expect((await A.request('POST', '/v1/orgs', createOrgBody(orgA, a))).status).toBe(201);
      expect((await B.request('POST', '/v1/orgs', createOrgBody(orgB, b))).status).toBe(201);
      const sealed = Array.from({ length: 8 }, (_, i) => {
        const plaintext = sodium.from_string(JSON.stringify({ shared: { pseudonym: `${MARKER} #${i}`, notes: 'x'.repeat(i * 400) } }));
        const padded = new Uint8Array(paddedPayloadLength(plaintext.length + 4 + sodium.crypto_box_SEALBYTES)! - sodium.crypto_box_SEALBYTES);
        new DataView(padded.buffer).setUint32(0, plaintext.length);
        padded.set(plaintext, 4);
        const payload = sodium.crypto_box_seal(padded, receiver.publicKey);
        return { v: 1, id: randomHex(16), payload: Buffer.from(payload).toString('base64') };
      });
      expect((await A.request('POST', envelopesPath(orgB.orgId, REFERRALS_MAILBOX), { v: 1, envelopes: sealed })).status).toBe(200);

      // It really was sent: the receiver opens every envelope to the marker.
      const page = (await B.request('GET', pullPath(orgB.orgId, REFERRALS_MAILBOX, 0))).body as PullResponse;
      const opened = page.envelopes.map((e) => {
        const padded = sodium.crypto_box_seal_open(Buffer.from(e.payload, 'base64'), receiver.publicKey, receiver.privateKey);
        const len = new DataView(padded.buffer, padded.byteOffset).getUint32(0);
        return sodium.to_string(padded.subarray(4, 4 + len));
      });
      expect(opened).toHaveLength(8);
      expect(opened.every((t) => t.includes(MARKER))).toBe(true);

      expect(listFiles(tmp.dir).some((f) => f.endsWith('-wal'))).toBe(true);
      expect(filesContaining(tmp.dir, MARKER)).toEqual([]);
      expect(filesContaining(tmp.dir, 'ANXIN-REFERRAL-MARKER')).toEqual([]);
      expect(filesContaining(tmp.dir, '转介标记')).toEqual([]);
    } finally {
      A.close();
      B.close();
      await relay.close();
    }
    expect(filesContaining(tmp.dir, 'ANXIN-REFERRAL-MARKER')).toEqual([]);
    tmp.cleanup();
  });
});
