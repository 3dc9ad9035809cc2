/**
 * PostgreSQL storage: for organisations that run several relay instances behind a load
 * balancer. Per-mailbox sequence numbers stay gapless with concurrent writers across instances
 * because every append locks its mailbox row (SELECT … FOR UPDATE) for the length of its
 * transaction; membership changes lock the organisation row the same way. The nonce cache lives
 * here too, so a request replayed to another instance is still refused. Notifications between
 * instances use LISTEN/NOTIFY (no content: organisation, mailbox, head).
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { AppendResult, DeviceRow, EnvelopeIn, EnvelopeOut, LinkRow, OrgRow, RelayEvent, RelayStorage } from './types';

const CHANNEL = 'anxin_relay_events';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS relay_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS relay_orgs (
  org_id TEXT PRIMARY KEY, signing_key TEXT NOT NULL, box_key TEXT NOT NULL,
  created_at BIGINT NOT NULL, create_request TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS relay_devices (
  org_id TEXT NOT NULL REFERENCES relay_orgs(org_id), device_id TEXT NOT NULL, role TEXT NOT NULL,
  signing_key TEXT NOT NULL, certificate TEXT NOT NULL, revocation TEXT, added_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, device_id));
CREATE TABLE IF NOT EXISTS relay_key_rotations (
  org_id TEXT NOT NULL REFERENCES relay_orgs(org_id), epoch INTEGER NOT NULL, notice TEXT NOT NULL,
  PRIMARY KEY (org_id, epoch));
CREATE TABLE IF NOT EXISTS relay_mailboxes (
  org_id TEXT NOT NULL, mailbox TEXT NOT NULL, head BIGINT NOT NULL, PRIMARY KEY (org_id, mailbox));
CREATE TABLE IF NOT EXISTS relay_envelopes (
  org_id TEXT NOT NULL, mailbox TEXT NOT NULL, seq BIGINT NOT NULL, id TEXT NOT NULL,
  digest BYTEA NOT NULL, sender TEXT NOT NULL, received_at BIGINT NOT NULL, payload BYTEA NOT NULL,
  PRIMARY KEY (org_id, mailbox, seq), UNIQUE (org_id, mailbox, id));
CREATE TABLE IF NOT EXISTS relay_nonces (
  key_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (key_id, nonce));
CREATE INDEX IF NOT EXISTS relay_nonces_expiry ON relay_nonces (expires_at);
CREATE TABLE IF NOT EXISTS relay_mailbox_readers (
  org_id TEXT NOT NULL, mailbox TEXT NOT NULL, device_id TEXT NOT NULL, since BIGINT NOT NULL, seen_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, mailbox));
CREATE TABLE IF NOT EXISTS relay_link_requests (
  code_hash TEXT PRIMARY KEY, device_id TEXT NOT NULL, signing_key TEXT NOT NULL, box_key TEXT NOT NULL,
  signature TEXT NOT NULL, expires_at BIGINT NOT NULL, org_id TEXT);
`;

type DeviceSql = { org_id: string; device_id: string; role: 'admin' | 'member'; signing_key: string; certificate: string; revocation: string | null; added_at: string };
const toDevice = (r: DeviceSql): DeviceRow => ({
  orgId: r.org_id,
  deviceId: r.device_id,
  role: r.role,
  signingKey: r.signing_key,
  certificate: r.certificate,
  revocation: r.revocation,
  addedAt: Number(r.added_at)
});

type LinkSql = { code_hash: string; device_id: string; signing_key: string; box_key: string; signature: string; expires_at: string; org_id: string | null };
const toLink = (r: LinkSql): LinkRow => ({
  codeHash: r.code_hash,
  deviceId: r.device_id,
  signingKey: r.signing_key,
  boxKey: r.box_key,
  signature: r.signature,
  expiresAt: Number(r.expires_at),
  orgId: r.org_id
});

export async function openPostgresStorage(connectionString: string, opts: { poolSize?: number } = {}): Promise<RelayStorage> {
  const pool = new pg.Pool({ connectionString, max: opts.poolSize ?? 10 });
  pool.on('error', () => undefined); // an idle client's error must not crash the relay; the next query reports it

  const tx = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query('COMMIT');
      return out;
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      c.release();
    }
  };

  // Several instances may start at once: serialise schema creation with an advisory lock.
  await tx(async (c) => {
    await c.query('SELECT pg_advisory_xact_lock(727274)');
    await c.query(SCHEMA);
    await c.query('INSERT INTO relay_meta (key, value) VALUES ($1, $2) ON CONFLICT DO NOTHING', ['generation', randomBytes(16).toString('hex')]);
  });
  const generation = (await pool.query<{ value: string }>('SELECT value FROM relay_meta WHERE key = $1', ['generation'])).rows[0]!.value;

  const listeners = new Set<(event: RelayEvent) => void>();
  const listener = new pg.Client({ connectionString });
  listener.on('error', () => undefined);
  listener.on('notification', (msg) => {
    if (msg.channel !== CHANNEL || !msg.payload) return;
    let event: RelayEvent;
    try {
      event = JSON.parse(msg.payload) as RelayEvent;
    } catch {
      return;
    }
    for (const l of listeners) l(event);
  });
  await listener.connect();
  await listener.query(`LISTEN ${CHANNEL}`);

  const headOf = async (c: pg.PoolClient | pg.Pool, orgId: string, mailbox: string) =>
    Number((await c.query<{ head: string }>('SELECT head FROM relay_mailboxes WHERE org_id = $1 AND mailbox = $2', [orgId, mailbox])).rows[0]?.head ?? 0);

  return {
    backend: 'postgres',
    generation: async () => generation,

    createOrg: (org: OrgRow, d: DeviceRow) =>
      tx(async (c) => {
        const inserted = await c.query(
          'INSERT INTO relay_orgs (org_id, signing_key, box_key, created_at, create_request) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
          [org.orgId, org.signingKey, org.boxKey, org.createdAt, org.createRequest]
        );
        if (inserted.rowCount !== 1) {
          const existing = await c.query<{ create_request: string }>('SELECT create_request FROM relay_orgs WHERE org_id = $1', [org.orgId]);
          return existing.rows[0]!.create_request === org.createRequest ? 'identical' : 'different';
        }
        await c.query(
          'INSERT INTO relay_devices (org_id, device_id, role, signing_key, certificate, revocation, added_at) VALUES ($1, $2, $3, $4, $5, NULL, $6)',
          [d.orgId, d.deviceId, d.role, d.signingKey, d.certificate, d.addedAt]
        );
        return 'created';
      }),

    getOrg: async (orgId) => {
      const r = (await pool.query('SELECT org_id, signing_key, box_key, created_at, create_request FROM relay_orgs WHERE org_id = $1', [orgId])).rows[0];
      return r ? { orgId: r.org_id, signingKey: r.signing_key, boxKey: r.box_key, createdAt: Number(r.created_at), createRequest: r.create_request } : null;
    },
    getDevice: async (orgId, deviceId) => {
      const r = (await pool.query<DeviceSql>('SELECT * FROM relay_devices WHERE org_id = $1 AND device_id = $2', [orgId, deviceId])).rows[0];
      return r ? toDevice(r) : null;
    },
    listDevices: async (orgId) =>
      (await pool.query<DeviceSql>('SELECT * FROM relay_devices WHERE org_id = $1 ORDER BY added_at, device_id', [orgId])).rows.map(toDevice),

    addDevice: (d) =>
      tx(async (c) => {
        await c.query('SELECT 1 FROM relay_orgs WHERE org_id = $1 FOR UPDATE', [d.orgId]);
        const inserted = await c.query(
          'INSERT INTO relay_devices (org_id, device_id, role, signing_key, certificate, revocation, added_at) VALUES ($1, $2, $3, $4, $5, NULL, $6) ON CONFLICT DO NOTHING',
          [d.orgId, d.deviceId, d.role, d.signingKey, d.certificate, d.addedAt]
        );
        if (inserted.rowCount === 1) return 'created';
        const existing = (await c.query<DeviceSql>('SELECT * FROM relay_devices WHERE org_id = $1 AND device_id = $2', [d.orgId, d.deviceId])).rows[0]!;
        if (existing.revocation !== null) return 'revoked';
        return existing.certificate === d.certificate ? 'identical' : 'different';
      }),

    revokeDevice: (orgId, deviceId, revocation) =>
      tx(async (c) => {
        await c.query('SELECT 1 FROM relay_orgs WHERE org_id = $1 FOR UPDATE', [orgId]);
        const existing = (await c.query<DeviceSql>('SELECT * FROM relay_devices WHERE org_id = $1 AND device_id = $2', [orgId, deviceId])).rows[0];
        if (!existing) return 'not-found';
        if (existing.revocation !== null) return 'already';
        if (existing.role === 'admin') {
          const n = Number(
            (await c.query<{ n: string }>("SELECT count(*) AS n FROM relay_devices WHERE org_id = $1 AND role = 'admin' AND revocation IS NULL", [orgId])).rows[0]!.n
          );
          if (n <= 1) return 'last-admin';
        }
        await c.query('UPDATE relay_devices SET revocation = $1 WHERE org_id = $2 AND device_id = $3', [revocation, orgId, deviceId]);
        return 'revoked';
      }),

    addKeyRotation: (orgId, epoch, notice) =>
      tx(async (c) => {
        await c.query('SELECT 1 FROM relay_orgs WHERE org_id = $1 FOR UPDATE', [orgId]);
        const existing = (await c.query<{ notice: string }>('SELECT notice FROM relay_key_rotations WHERE org_id = $1 AND epoch = $2', [orgId, epoch])).rows[0];
        if (existing) return existing.notice === notice ? 'identical' : 'stale';
        const last = Number((await c.query<{ e: string }>('SELECT coalesce(max(epoch), 0) AS e FROM relay_key_rotations WHERE org_id = $1', [orgId])).rows[0]!.e);
        if (last !== epoch - 1) return 'stale';
        await c.query('INSERT INTO relay_key_rotations (org_id, epoch, notice) VALUES ($1, $2, $3)', [orgId, epoch, notice]);
        return 'stored';
      }),
    listKeyRotations: async (orgId) =>
      (await pool.query<{ notice: string }>('SELECT notice FROM relay_key_rotations WHERE org_id = $1 ORDER BY epoch', [orgId])).rows.map((r) => r.notice),

    rememberNonce: async (keyId, nonce, expiresAt) =>
      (await pool.query('INSERT INTO relay_nonces (key_id, nonce, expires_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [keyId, nonce, expiresAt])).rowCount === 1,
    purgeNonces: async (now) =>
      ((await pool.query('DELETE FROM relay_nonces WHERE expires_at < $1', [now])).rowCount ?? 0) +
      ((await pool.query('DELETE FROM relay_link_requests WHERE expires_at < $1', [now])).rowCount ?? 0),

    putLinkRequest: (l, now) =>
      tx(async (c) => {
        await c.query('DELETE FROM relay_link_requests WHERE code_hash = $1 AND expires_at < $2', [l.codeHash, now]);
        const inserted = await c.query(
          'INSERT INTO relay_link_requests (code_hash, device_id, signing_key, box_key, signature, expires_at, org_id) VALUES ($1, $2, $3, $4, $5, $6, NULL) ON CONFLICT DO NOTHING',
          [l.codeHash, l.deviceId, l.signingKey, l.boxKey, l.signature, l.expiresAt]
        );
        if (inserted.rowCount === 1) return 'created';
        const e = (await c.query<LinkSql>('SELECT * FROM relay_link_requests WHERE code_hash = $1', [l.codeHash])).rows[0]!;
        return e.device_id === l.deviceId && e.signing_key === l.signingKey && e.box_key === l.boxKey ? 'identical' : 'taken';
      }),
    getLinkRequest: async (codeHash, now) => {
      const r = (await pool.query<LinkSql>('SELECT * FROM relay_link_requests WHERE code_hash = $1 AND expires_at >= $2', [codeHash, now])).rows[0];
      return r ? toLink(r) : null;
    },
    markLinked: async (deviceId, signingKey, orgId, now) => {
      await pool.query('UPDATE relay_link_requests SET org_id = $1 WHERE device_id = $2 AND signing_key = $3 AND expires_at >= $4 AND org_id IS NULL', [
        orgId,
        deviceId,
        signingKey,
        now
      ]);
    },

    append: async (orgId, mailbox, sender, envelopes: EnvelopeIn[], receivedAt): Promise<AppendResult> => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        // The row lock serialises appends to one mailbox across every relay instance.
        await c.query('INSERT INTO relay_mailboxes (org_id, mailbox, head) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING', [orgId, mailbox]);
        let head = Number(
          (await c.query<{ head: string }>('SELECT head FROM relay_mailboxes WHERE org_id = $1 AND mailbox = $2 FOR UPDATE', [orgId, mailbox])).rows[0]!.head
        );
        const existingRows = await c.query<{ id: string; seq: string; digest: Buffer }>(
          'SELECT id, seq, digest FROM relay_envelopes WHERE org_id = $1 AND mailbox = $2 AND id = ANY($3::text[])',
          [orgId, mailbox, envelopes.map((e) => e.id)]
        );
        const known = new Map(existingRows.rows.map((r) => [r.id, { seq: Number(r.seq), digest: r.digest }]));
        const results: { id: string; seq: number; status: 'stored' | 'duplicate' }[] = [];
        for (const e of envelopes) {
          const digest = createHash('sha256').update(e.payload).digest();
          const existing = known.get(e.id);
          if (existing) {
            if (!digest.equals(existing.digest)) {
              await c.query('ROLLBACK');
              return { ok: false, conflictId: e.id };
            }
            results.push({ id: e.id, seq: existing.seq, status: 'duplicate' });
            continue;
          }
          head += 1;
          await c.query(
            'INSERT INTO relay_envelopes (org_id, mailbox, seq, id, digest, sender, received_at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
            [orgId, mailbox, head, e.id, digest, sender, receivedAt, Buffer.from(e.payload)]
          );
          known.set(e.id, { seq: head, digest });
          results.push({ id: e.id, seq: head, status: 'stored' });
        }
        await c.query('UPDATE relay_mailboxes SET head = $3 WHERE org_id = $1 AND mailbox = $2', [orgId, mailbox, head]);
        await c.query('COMMIT');
        return { ok: true, results, head };
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        c.release();
      }
    },

    pull: (orgId, mailbox, after, limit, maxBytes) =>
      tx(async (c) => {
        await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        const rows = await c.query<{ id: string; seq: string; sender: string; received_at: string; payload: Buffer }>(
          'SELECT id, seq, sender, received_at, payload FROM relay_envelopes WHERE org_id = $1 AND mailbox = $2 AND seq > $3 ORDER BY seq LIMIT $4',
          [orgId, mailbox, after, limit]
        );
        const envelopes: EnvelopeOut[] = [];
        let bytes = 0;
        for (const r of rows.rows) {
          if (envelopes.length > 0 && bytes + r.payload.length > maxBytes) break;
          bytes += r.payload.length;
          envelopes.push({ id: r.id, seq: Number(r.seq), sender: r.sender, receivedAt: Number(r.received_at), payload: r.payload });
        }
        return { envelopes, head: await headOf(c, orgId, mailbox) };
      }),
    head: (orgId, mailbox) => headOf(pool, orgId, mailbox),
    // One statement: the upsert's WHERE decides whether the claim is granted (no row returned: refused).
    claimReader: async (orgId, mailbox, deviceId, now, staleBefore) => {
      const granted = await pool.query<{ since: string }>(
        `INSERT INTO relay_mailbox_readers (org_id, mailbox, device_id, since, seen_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (org_id, mailbox) DO UPDATE SET
           since = CASE WHEN relay_mailbox_readers.device_id = EXCLUDED.device_id THEN relay_mailbox_readers.since ELSE EXCLUDED.since END,
           device_id = EXCLUDED.device_id,
           seen_at = EXCLUDED.seen_at
         WHERE relay_mailbox_readers.device_id = EXCLUDED.device_id
           OR EXISTS (SELECT 1 FROM relay_devices d WHERE d.org_id = relay_mailbox_readers.org_id AND d.device_id = relay_mailbox_readers.device_id AND d.revocation IS NOT NULL)
           OR ($5::bigint IS NOT NULL AND relay_mailbox_readers.seen_at < $5::bigint)
         RETURNING since`,
        [orgId, mailbox, deviceId, now, staleBefore]
      );
      if (granted.rows[0]) return { granted: true, since: Number(granted.rows[0].since) };
      const r = (await pool.query<{ device_id: string; seen_at: string }>('SELECT device_id, seen_at FROM relay_mailbox_readers WHERE org_id = $1 AND mailbox = $2', [orgId, mailbox])).rows[0]!;
      return { granted: false, reader: r.device_id, seenAt: Number(r.seen_at) };
    },
    reader: async (orgId, mailbox) => {
      const r = (await pool.query<{ device_id: string; since: string; seen_at: string }>('SELECT device_id, since, seen_at FROM relay_mailbox_readers WHERE org_id = $1 AND mailbox = $2', [orgId, mailbox])).rows[0];
      return r ? { reader: r.device_id, since: Number(r.since), seenAt: Number(r.seen_at) } : null;
    },

    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    publish: async (event) => {
      await pool.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(event)]);
    },
    counts: async () => {
      const r = (
        await pool.query<{ orgs: string; devices: string; envelopes: string }>(
          'SELECT (SELECT count(*) FROM relay_orgs) AS orgs, (SELECT count(*) FROM relay_devices) AS devices, (SELECT count(*) FROM relay_envelopes) AS envelopes'
        )
      ).rows[0]!;
      return { orgs: Number(r.orgs), devices: Number(r.devices), envelopes: Number(r.envelopes) };
    },
    close: async () => {
      listeners.clear();
      await listener.end().catch(() => undefined);
      await pool.end();
    }
  };
}
