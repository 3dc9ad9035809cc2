/**
 * SQLite storage (the default): one file in the data directory, WAL, synchronous=FULL so that an
 * acknowledged upload survives a crash or a power cut. One relay process per file —
 * better-sqlite3 is synchronous, so every transaction here is atomic with respect to the others.
 *
 * Group commit: the hot writes (nonces and appends) that arrive in the same turn of the event
 * loop run in ONE transaction, each inside its own savepoint (a conflict rolls back only its own
 * append), so one fsync covers them all; each caller's promise settles only after the commit.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppendResult, DeviceRow, EnvelopeIn, EnvelopeOut, LinkRow, OrgRow, RelayEvent, RelayStorage } from './types';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS orgs (
  org_id TEXT PRIMARY KEY, signing_key TEXT NOT NULL, box_key TEXT NOT NULL,
  created_at INTEGER NOT NULL, create_request TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS devices (
  org_id TEXT NOT NULL REFERENCES orgs(org_id), device_id TEXT NOT NULL, role TEXT NOT NULL,
  signing_key TEXT NOT NULL, certificate TEXT NOT NULL, revocation TEXT, added_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, device_id)) STRICT;
CREATE TABLE IF NOT EXISTS key_rotations (
  org_id TEXT NOT NULL REFERENCES orgs(org_id), epoch INTEGER NOT NULL, notice TEXT NOT NULL,
  PRIMARY KEY (org_id, epoch)) STRICT;
CREATE TABLE IF NOT EXISTS mailboxes (
  org_id TEXT NOT NULL, mailbox TEXT NOT NULL, head INTEGER NOT NULL,
  PRIMARY KEY (org_id, mailbox)) STRICT;
CREATE TABLE IF NOT EXISTS envelopes (
  org_id TEXT NOT NULL, mailbox TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,
  digest BLOB NOT NULL, sender TEXT NOT NULL, received_at INTEGER NOT NULL, payload BLOB NOT NULL,
  PRIMARY KEY (org_id, mailbox, seq), UNIQUE (org_id, mailbox, id)) STRICT;
CREATE TABLE IF NOT EXISTS nonces (
  key_id TEXT NOT NULL, nonce TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (key_id, nonce)) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nonces_expiry ON nonces (expires_at);
CREATE TABLE IF NOT EXISTS mailbox_readers (
  org_id TEXT NOT NULL, mailbox TEXT NOT NULL, device_id TEXT NOT NULL, since INTEGER NOT NULL, seen_at INTEGER NOT NULL,
  PRIMARY KEY (org_id, mailbox)) STRICT;
CREATE TABLE IF NOT EXISTS link_requests (
  code_hash TEXT PRIMARY KEY, device_id TEXT NOT NULL, signing_key TEXT NOT NULL, box_key TEXT NOT NULL,
  signature TEXT NOT NULL, expires_at INTEGER NOT NULL, org_id TEXT) STRICT;
`;

export const SQLITE_FILE_NAME = 'relay.db';

type DeviceSql = { org_id: string; device_id: string; role: 'admin' | 'member'; signing_key: string; certificate: string; revocation: string | null; added_at: number };
const toDevice = (r: DeviceSql): DeviceRow => ({
  orgId: r.org_id,
  deviceId: r.device_id,
  role: r.role,
  signingKey: r.signing_key,
  certificate: r.certificate,
  revocation: r.revocation,
  addedAt: r.added_at
});

export function openSqliteStorage(dataDir: string): RelayStorage {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('generation', randomBytes(16).toString('hex'));
  const generation = (db.prepare('SELECT value FROM meta WHERE key = ?').get('generation') as { value: string }).value;

  const q = {
    insertOrg: db.prepare('INSERT INTO orgs (org_id, signing_key, box_key, created_at, create_request) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    getOrg: db.prepare('SELECT org_id, signing_key, box_key, created_at, create_request FROM orgs WHERE org_id = ?'),
    insertDevice: db.prepare(
      'INSERT INTO devices (org_id, device_id, role, signing_key, certificate, revocation, added_at) VALUES (?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING'
    ),
    getDevice: db.prepare('SELECT * FROM devices WHERE org_id = ? AND device_id = ?'),
    listDevices: db.prepare('SELECT * FROM devices WHERE org_id = ? ORDER BY added_at, device_id'),
    activeAdmins: db.prepare("SELECT count(*) AS n FROM devices WHERE org_id = ? AND role = 'admin' AND revocation IS NULL"),
    revoke: db.prepare('UPDATE devices SET revocation = ? WHERE org_id = ? AND device_id = ? AND revocation IS NULL'),
    lastEpoch: db.prepare('SELECT coalesce(max(epoch), 0) AS e FROM key_rotations WHERE org_id = ?'),
    getRotation: db.prepare('SELECT notice FROM key_rotations WHERE org_id = ? AND epoch = ?'),
    insertRotation: db.prepare('INSERT INTO key_rotations (org_id, epoch, notice) VALUES (?, ?, ?)'),
    listRotations: db.prepare('SELECT notice FROM key_rotations WHERE org_id = ? ORDER BY epoch'),
    insertNonce: db.prepare('INSERT INTO nonces (key_id, nonce, expires_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    purgeNonces: db.prepare('DELETE FROM nonces WHERE expires_at < ?'),
    purgeLinks: db.prepare('DELETE FROM link_requests WHERE expires_at < ?'),
    getLink: db.prepare('SELECT * FROM link_requests WHERE code_hash = ?'),
    deleteLink: db.prepare('DELETE FROM link_requests WHERE code_hash = ?'),
    insertLink: db.prepare(
      'INSERT INTO link_requests (code_hash, device_id, signing_key, box_key, signature, expires_at, org_id) VALUES (?, ?, ?, ?, ?, ?, NULL)'
    ),
    markLinked: db.prepare('UPDATE link_requests SET org_id = ? WHERE device_id = ? AND signing_key = ? AND expires_at >= ? AND org_id IS NULL'),
    head: db.prepare('SELECT head FROM mailboxes WHERE org_id = ? AND mailbox = ?'),
    upsertHead: db.prepare('INSERT INTO mailboxes (org_id, mailbox, head) VALUES (?, ?, ?) ON CONFLICT (org_id, mailbox) DO UPDATE SET head = excluded.head'),
    findEnvelope: db.prepare('SELECT seq, digest FROM envelopes WHERE org_id = ? AND mailbox = ? AND id = ?'),
    insertEnvelope: db.prepare(
      'INSERT INTO envelopes (org_id, mailbox, seq, id, digest, sender, received_at, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'
    ),
    pull: db.prepare(
      'SELECT id, seq, sender, received_at, payload FROM envelopes WHERE org_id = ? AND mailbox = ? AND seq > ? ORDER BY seq LIMIT ?'
    ),
    // One statement: the upsert's WHERE decides whether the claim is granted (no row returned: refused).
    claimReader: db.prepare(`
      INSERT INTO mailbox_readers (org_id, mailbox, device_id, since, seen_at) VALUES (@org, @mailbox, @device, @now, @now)
      ON CONFLICT (org_id, mailbox) DO UPDATE SET
        since = CASE WHEN mailbox_readers.device_id = excluded.device_id THEN mailbox_readers.since ELSE excluded.since END,
        device_id = excluded.device_id,
        seen_at = excluded.seen_at
      WHERE mailbox_readers.device_id = excluded.device_id
        OR EXISTS (SELECT 1 FROM devices d WHERE d.org_id = mailbox_readers.org_id AND d.device_id = mailbox_readers.device_id AND d.revocation IS NOT NULL)
        OR (@staleBefore IS NOT NULL AND mailbox_readers.seen_at < @staleBefore)
      RETURNING since`),
    reader: db.prepare('SELECT device_id, since, seen_at FROM mailbox_readers WHERE org_id = ? AND mailbox = ?'),
    counts: db.prepare('SELECT (SELECT count(*) FROM orgs) AS orgs, (SELECT count(*) FROM devices) AS devices, (SELECT count(*) FROM envelopes) AS envelopes')
  };

  const headOf = (orgId: string, mailbox: string) => (q.head.get(orgId, mailbox) as { head: number } | undefined)?.head ?? 0;

  const createOrg = db.transaction((org: OrgRow, device: DeviceRow): 'created' | 'identical' | 'different' => {
    const inserted = q.insertOrg.run(org.orgId, org.signingKey, org.boxKey, org.createdAt, org.createRequest).changes === 1;
    if (!inserted) {
      const existing = q.getOrg.get(org.orgId) as { create_request: string };
      return existing.create_request === org.createRequest ? 'identical' : 'different';
    }
    q.insertDevice.run(device.orgId, device.deviceId, device.role, device.signingKey, device.certificate, device.addedAt);
    return 'created';
  });

  const addDevice = db.transaction((d: DeviceRow): 'created' | 'identical' | 'different' | 'revoked' => {
    if (q.insertDevice.run(d.orgId, d.deviceId, d.role, d.signingKey, d.certificate, d.addedAt).changes === 1) return 'created';
    const existing = q.getDevice.get(d.orgId, d.deviceId) as DeviceSql;
    if (existing.revocation !== null) return 'revoked';
    return existing.certificate === d.certificate ? 'identical' : 'different';
  });

  const revokeDevice = db.transaction((orgId: string, deviceId: string, revocation: string) => {
    const existing = q.getDevice.get(orgId, deviceId) as DeviceSql | undefined;
    if (!existing) return 'not-found' as const;
    if (existing.revocation !== null) return 'already' as const;
    if (existing.role === 'admin' && (q.activeAdmins.get(orgId) as { n: number }).n <= 1) return 'last-admin' as const;
    q.revoke.run(revocation, orgId, deviceId);
    return 'revoked' as const;
  });

  const addKeyRotation = db.transaction((orgId: string, epoch: number, notice: string): 'stored' | 'identical' | 'stale' => {
    const existing = q.getRotation.get(orgId, epoch) as { notice: string } | undefined;
    if (existing) return existing.notice === notice ? 'identical' : 'stale';
    if ((q.lastEpoch.get(orgId) as { e: number }).e !== epoch - 1) return 'stale';
    q.insertRotation.run(orgId, epoch, notice);
    return 'stored';
  });

  const append = db.transaction((orgId: string, mailbox: string, sender: string, envelopes: EnvelopeIn[], receivedAt: number): AppendResult => {
    let head = headOf(orgId, mailbox);
    const results: { id: string; seq: number; status: 'stored' | 'duplicate' }[] = [];
    const stored = new Map<string, { seq: number; digest: Buffer }>();
    for (const e of envelopes) {
      const digest = createHash('sha256').update(e.payload).digest();
      const existing = stored.get(e.id) ?? (q.findEnvelope.get(orgId, mailbox, e.id) as { seq: number; digest: Buffer } | undefined);
      if (existing) {
        if (!digest.equals(existing.digest)) throw new ConflictSignal(e.id);
        results.push({ id: e.id, seq: existing.seq, status: 'duplicate' });
        continue;
      }
      head += 1;
      q.insertEnvelope.run(orgId, mailbox, head, e.id, digest, sender, receivedAt, e.payload);
      stored.set(e.id, { seq: head, digest });
      results.push({ id: e.id, seq: head, status: 'stored' });
    }
    q.upsertHead.run(orgId, mailbox, head);
    return { ok: true, results, head };
  });

  type LinkSql = { code_hash: string; device_id: string; signing_key: string; box_key: string; signature: string; expires_at: number; org_id: string | null };
  const toLink = (r: LinkSql): LinkRow => ({
    codeHash: r.code_hash,
    deviceId: r.device_id,
    signingKey: r.signing_key,
    boxKey: r.box_key,
    signature: r.signature,
    expiresAt: r.expires_at,
    orgId: r.org_id
  });
  const putLink = db.transaction((l: LinkRow, now: number): 'created' | 'identical' | 'taken' => {
    const existing = q.getLink.get(l.codeHash) as LinkSql | undefined;
    if (existing && existing.expires_at >= now) {
      return existing.device_id === l.deviceId && existing.signing_key === l.signingKey && existing.box_key === l.boxKey ? 'identical' : 'taken';
    }
    if (existing) q.deleteLink.run(l.codeHash);
    q.insertLink.run(l.codeHash, l.deviceId, l.signingKey, l.boxKey, l.signature, l.expiresAt);
    return 'created';
  });

  type Job = { run: () => unknown; durable: boolean; resolve: (v: unknown) => void; reject: (e: unknown) => void; out?: { ok: true; value: unknown } | { ok: false; error: unknown } };
  let queue: Job[] = [];
  let scheduled = false;
  // A batch of only nonces commits without fsync (synchronous=NORMAL): the WAL is append-only,
  // so the next durable commit's fsync covers those frames too. At worst a power cut forgets the
  // nonces of the last moments, and those requests are still bound by their 5-minute window.
  let synchronous: 'FULL' | 'NORMAL' = 'FULL';
  const savepoint = db.transaction((fn: () => unknown) => fn());
  const runBatch = db.transaction((jobs: Job[]) => {
    for (const j of jobs) {
      try {
        j.out = { ok: true, value: savepoint(j.run) };
      } catch (error) {
        j.out = { ok: false, error };
      }
    }
  });
  const flush = () => {
    scheduled = false;
    const jobs = queue;
    queue = [];
    const wanted = jobs.some((j) => j.durable) ? 'FULL' : 'NORMAL';
    if (wanted !== synchronous) {
      db.pragma(`synchronous = ${wanted}`);
      synchronous = wanted;
    }
    try {
      runBatch.immediate(jobs);
    } catch (error) {
      for (const j of jobs) j.reject(error);
      return;
    }
    for (const j of jobs) {
      if (j.out!.ok) j.resolve(j.out!.value);
      else j.reject(j.out!.error);
    }
  };
  const grouped = <T>(run: () => T, durable = true): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({ run, durable, resolve: resolve as (v: unknown) => void, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });

  const listeners = new Set<(event: RelayEvent) => void>();

  return {
    backend: 'sqlite',
    generation: async () => generation,
    createOrg: async (org, device) => createOrg.immediate(org, device),
    getOrg: async (orgId) => {
      const r = q.getOrg.get(orgId) as { org_id: string; signing_key: string; box_key: string; created_at: number; create_request: string } | undefined;
      return r ? { orgId: r.org_id, signingKey: r.signing_key, boxKey: r.box_key, createdAt: r.created_at, createRequest: r.create_request } : null;
    },
    getDevice: async (orgId, deviceId) => {
      const r = q.getDevice.get(orgId, deviceId) as DeviceSql | undefined;
      return r ? toDevice(r) : null;
    },
    listDevices: async (orgId) => (q.listDevices.all(orgId) as DeviceSql[]).map(toDevice),
    addDevice: async (d) => addDevice.immediate(d),
    revokeDevice: async (orgId, deviceId, revocation) => revokeDevice.immediate(orgId, deviceId, revocation),
    addKeyRotation: async (orgId, epoch, notice) => addKeyRotation.immediate(orgId, epoch, notice),
    listKeyRotations: async (orgId) => (q.listRotations.all(orgId) as { notice: string }[]).map((r) => r.notice),
    rememberNonce: (keyId, nonce, expiresAt) => grouped(() => q.insertNonce.run(keyId, nonce, expiresAt).changes === 1, false),
    purgeNonces: async (now) => q.purgeNonces.run(now).changes + q.purgeLinks.run(now).changes,
    putLinkRequest: async (l, now) => putLink.immediate(l, now),
    getLinkRequest: async (codeHash, now) => {
      const r = q.getLink.get(codeHash) as LinkSql | undefined;
      return r && r.expires_at >= now ? toLink(r) : null;
    },
    markLinked: async (deviceId, signingKey, orgId, now) => void q.markLinked.run(orgId, deviceId, signingKey, now),
    append: async (orgId, mailbox, sender, envelopes, receivedAt) => {
      try {
        return await grouped(() => append(orgId, mailbox, sender, envelopes, receivedAt));
      } catch (err) {
        if (err instanceof ConflictSignal) return { ok: false, conflictId: err.id };
        throw err;
      }
    },
    pull: async (orgId, mailbox, after, limit, maxBytes) => {
      const read = db.transaction(() => {
        const rows = q.pull.all(orgId, mailbox, after, limit) as { id: string; seq: number; sender: string; received_at: number; payload: Buffer }[];
        const envelopes: EnvelopeOut[] = [];
        let bytes = 0;
        for (const r of rows) {
          if (envelopes.length > 0 && bytes + r.payload.length > maxBytes) break;
          bytes += r.payload.length;
          envelopes.push({ id: r.id, seq: r.seq, sender: r.sender, receivedAt: r.received_at, payload: r.payload });
        }
        return { envelopes, head: headOf(orgId, mailbox) };
      });
      return read();
    },
    head: async (orgId, mailbox) => headOf(orgId, mailbox),
    claimReader: async (orgId, mailbox, deviceId, now, staleBefore) => {
      const granted = q.claimReader.get({ org: orgId, mailbox, device: deviceId, now, staleBefore }) as { since: number } | undefined;
      if (granted) return { granted: true, since: granted.since };
      const r = q.reader.get(orgId, mailbox) as { device_id: string; seen_at: number };
      return { granted: false, reader: r.device_id, seenAt: r.seen_at };
    },
    reader: async (orgId, mailbox) => {
      const r = q.reader.get(orgId, mailbox) as { device_id: string; since: number; seen_at: number } | undefined;
      return r ? { reader: r.device_id, since: r.since, seenAt: r.seen_at } : null;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    publish: async (event) => {
      for (const l of listeners) l(event);
    },
    counts: async () => q.counts.get() as { orgs: number; devices: number; envelopes: number },
    close: async () => {
      if (queue.length > 0) flush();
      listeners.clear();
      if (db.open) db.close();
    }
  };
}

class ConflictSignal extends Error {
  constructor(readonly id: string) {
    super('envelope id conflict');
  }
}
