/**
 * One storage suite, run against both relay backends: SQLite (a real file in a temp dir) and
 * PostgreSQL (a real server: ANXIN_TEST_PG_URL, or a throw-away cluster; skipped with a printed
 * reason locally when neither is available, a failure on CI).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStorage } from '../../relay/storage/postgres';
import { openSqliteStorage } from '../../relay/storage/sqlite';
import type { DeviceRow, RelayEvent, RelayStorage } from '../../relay/storage/types';
import { makeTempDir } from '../helpers/temp-dir';
import { postgresForTests, type PgServer } from './relay-helpers';

const hex = (n: number) => randomBytes(n).toString('hex');
const bytes = (n: number, fill?: number) => (fill === undefined ? new Uint8Array(randomBytes(n)) : new Uint8Array(n).fill(fill));

const pgServer = await postgresForTests();
const pgUrl = 'url' in pgServer ? pgServer.url : null;

type Backend = { name: string; available: boolean; setup: () => Promise<void>; open: () => Promise<RelayStorage>; teardown: () => Promise<void> };

let sqliteDir: { dir: string; cleanup: () => void } | null = null;
const backends: Backend[] = [
  {
    name: 'sqlite',
    available: true,
    setup: async () => {
      sqliteDir = makeTempDir('anxin-relay-storage-');
    },
    open: async () => openSqliteStorage(sqliteDir!.dir),
    teardown: async () => sqliteDir?.cleanup()
  },
  {
    name: 'postgres',
    available: pgUrl !== null,
    setup: async () => undefined,
    open: () => openPostgresStorage(pgUrl!, { poolSize: 8 }),
    teardown: async () => (pgServer as PgServer).stop?.()
  }
];

function org(orgId = hex(16)) {
  return { orgId, signingKey: randomBytes(32).toString('base64'), boxKey: randomBytes(32).toString('base64'), createdAt: 1000, createRequest: `{"orgId":"${orgId}"}` };
}
function device(orgId: string, role: 'admin' | 'member' = 'member', deviceId = hex(8)): DeviceRow {
  return { orgId, deviceId, role, signingKey: randomBytes(32).toString('base64'), certificate: `{"cert":"${deviceId}"}`, revocation: null, addedAt: 1000 };
}

for (const backend of backends) {
  describe.skipIf(!backend.available)(`relay storage: ${backend.name}`, () => {
    let s: RelayStorage;
    beforeAll(async () => {
      await backend.setup();
      s = await backend.open();
    });
    afterAll(async () => {
      await s?.close();
      await backend.teardown();
    });

    it('creates an organisation once; an identical repeat and a different one are told apart', async () => {
      const o = org();
      const admin = device(o.orgId, 'admin');
      expect(await s.createOrg(o, admin)).toBe('created');
      expect(await s.createOrg(o, admin)).toBe('identical');
      expect(await s.createOrg({ ...o, createRequest: '{"other":1}' }, device(o.orgId, 'admin'))).toBe('different');
      expect(await s.getOrg(o.orgId)).toEqual(o);
      expect(await s.getOrg(hex(16))).toBeNull();
      expect(await s.getDevice(o.orgId, admin.deviceId)).toEqual(admin);
      expect(await s.listDevices(o.orgId)).toHaveLength(1);
    });

    it('adds, compares and revokes devices, never the last admin, and a revoked id stays revoked', async () => {
      const o = org();
      const admin = device(o.orgId, 'admin');
      await s.createOrg(o, admin);
      const laptop = device(o.orgId);
      expect(await s.addDevice(laptop)).toBe('created');
      expect(await s.addDevice(laptop)).toBe('identical');
      expect(await s.addDevice({ ...laptop, certificate: '{"other":1}' })).toBe('different');
      expect(await s.revokeDevice(o.orgId, admin.deviceId, '{"rev":0}')).toBe('last-admin');
      expect(await s.revokeDevice(o.orgId, laptop.deviceId, '{"rev":1}')).toBe('revoked');
      expect(await s.revokeDevice(o.orgId, laptop.deviceId, '{"rev":1}')).toBe('already');
      expect(await s.revokeDevice(o.orgId, hex(8), '{"rev":2}')).toBe('not-found');
      expect((await s.getDevice(o.orgId, laptop.deviceId))?.revocation).toBe('{"rev":1}');
      expect(await s.addDevice(laptop)).toBe('revoked');
      const second = device(o.orgId, 'admin');
      await s.addDevice(second);
      expect(await s.revokeDevice(o.orgId, admin.deviceId, '{"rev":3}')).toBe('revoked');
      expect(await s.revokeDevice(o.orgId, second.deviceId, '{"rev":4}')).toBe('last-admin');
    });

    it('accepts only the next key-rotation epoch', async () => {
      const o = org();
      await s.createOrg(o, device(o.orgId, 'admin'));
      expect(await s.addKeyRotation(o.orgId, 2, 'n2')).toBe('stale');
      expect(await s.addKeyRotation(o.orgId, 1, 'n1')).toBe('stored');
      expect(await s.addKeyRotation(o.orgId, 1, 'n1')).toBe('identical');
      expect(await s.addKeyRotation(o.orgId, 1, 'n1-other')).toBe('stale');
      expect(await s.addKeyRotation(o.orgId, 2, 'n2')).toBe('stored');
      expect(await s.listKeyRotations(o.orgId)).toEqual(['n1', 'n2']);
    });

    it('remembers nonces per key until they expire', async () => {
      const key = `${hex(16)}:${hex(8)}`;
      const nonce = hex(16);
      expect(await s.rememberNonce(key, nonce, 5000)).toBe(true);
      expect(await s.rememberNonce(key, nonce, 5000)).toBe(false);
      expect(await s.rememberNonce(`${hex(16)}:${hex(8)}`, nonce, 5000)).toBe(true);
      expect(await s.purgeNonces(6000)).toBeGreaterThanOrEqual(2);
      expect(await s.rememberNonce(key, nonce, 9000)).toBe(true);
    });

    it('numbers envelopes per mailbox; same id + same bytes is a duplicate, different bytes reject the whole batch', async () => {
      const orgId = hex(16);
      const a = { id: hex(16), payload: bytes(256) };
      const b = { id: hex(16), payload: bytes(512) };
      const first = await s.append(orgId, 'org', 'd1', [a, b], 42);
      expect(first).toEqual({ ok: true, head: 2, results: [{ id: a.id, seq: 1, status: 'stored' }, { id: b.id, seq: 2, status: 'stored' }] });
      const c = { id: hex(16), payload: bytes(256) };
      const again = await s.append(orgId, 'org', 'd2', [b, c], 43);
      expect(again).toEqual({ ok: true, head: 3, results: [{ id: b.id, seq: 2, status: 'duplicate' }, { id: c.id, seq: 3, status: 'stored' }] });
      const d = { id: hex(16), payload: bytes(256) };
      expect(await s.append(orgId, 'org', 'd1', [d, { id: a.id, payload: bytes(256) }], 44)).toEqual({ ok: false, conflictId: a.id });
      expect(await s.head(orgId, 'org')).toBe(3);
      const inBatch = await s.append(orgId, 'org', 'd1', [d, { ...d, payload: bytes(256) }], 45);
      expect(inBatch).toEqual({ ok: false, conflictId: d.id });
      // Another mailbox counts on its own.
      expect(await s.append(orgId, 'device-0123456789abcdef', 'd1', [a], 46)).toMatchObject({ ok: true, head: 1 });
      const pulled = await s.pull(orgId, 'org', 0, 10, 1 << 20);
      expect(pulled.head).toBe(3);
      expect(pulled.envelopes.map((e) => [e.id, e.seq, e.sender, e.receivedAt])).toEqual([
        [a.id, 1, 'd1', 42],
        [b.id, 2, 'd1', 42],
        [c.id, 3, 'd2', 43]
      ]);
      expect(Buffer.from(pulled.envelopes[1]!.payload).equals(Buffer.from(b.payload))).toBe(true);
    });

    it('pages by cursor, by count and by bytes (at least one envelope per page)', async () => {
      const orgId = hex(16);
      const items = Array.from({ length: 7 }, (_, i) => ({ id: hex(16), payload: bytes(1024, i) }));
      await s.append(orgId, 'org', 'd1', items, 1);
      const seen: number[] = [];
      let after = 0;
      for (let page = 0; page < 10 && after < 7; page++) {
        const r = await s.pull(orgId, 'org', after, 3, 2048);
        expect(r.envelopes.length).toBeGreaterThan(0);
        expect(r.envelopes.length).toBeLessThanOrEqual(2);
        seen.push(...r.envelopes.map((e) => e.seq));
        after = r.envelopes.at(-1)!.seq;
      }
      expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect((await s.pull(orgId, 'org', 0, 3, 100)).envelopes).toHaveLength(1);
      expect((await s.pull(orgId, 'org', 7, 3, 1 << 20)).envelopes).toHaveLength(0);
      expect(await s.head(hex(16), 'org')).toBe(0);
    });

    it('keeps sequence numbers gapless and unique with concurrent writers on two storage handles', async () => {
      const other = await backend.open();
      try {
        const orgId = hex(16);
        const batches = Array.from({ length: 20 }, () => Array.from({ length: 5 }, () => ({ id: hex(16), payload: bytes(256) })));
        const results = await Promise.all(batches.map((batch, i) => (i % 2 ? s : other).append(orgId, 'org', 'd', batch, i)));
        const seqs = results.flatMap((r) => (r.ok ? r.results.map((x) => x.seq) : [])).sort((x, y) => x - y);
        expect(seqs).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
        expect(await s.head(orgId, 'org')).toBe(100);
        // Within one batch, seqs are consecutive.
        for (const r of results) if (r.ok) expect(r.results.map((x) => x.seq)).toEqual(r.results.map((_, i) => r.results[0]!.seq + i));
      } finally {
        await other.close();
      }
    });

    it('delivers events to subscribers, and keeps its generation across a reopen', async () => {
      const got: RelayEvent[] = [];
      const off = s.subscribe((e) => got.push(e));
      const event: RelayEvent = { type: 'append', orgId: hex(16), mailbox: 'org', head: 7 };
      await s.publish(event);
      for (let i = 0; i < 50 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      off();
      expect(got).toContainEqual(event);
      const gen = await s.generation();
      expect(gen).toMatch(/^[0-9a-f]{32}$/);
      const reopened = await backend.open();
      expect(await reopened.generation()).toBe(gen);
      await reopened.close();
      expect((await s.counts()).envelopes).toBeGreaterThan(0);
    });
  });
}
