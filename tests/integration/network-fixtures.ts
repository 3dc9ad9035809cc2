/**
 * A referral network for integration tests: one coordinator organisation and `n` member
 * organisations, each a full unlocked session (its own SQLite file and master key) and its own
 * organisation on the given relay, admitted the way people do it (join request → fingerprint
 * compared → admit → invitation → fingerprint compared → join) and refreshed, so every
 * organisation lists all the others. All profiles are fictional demo organisations.
 *
 *   const net = await setUpNetwork(relay, 2);
 *   net.coordinator.session.network.trusted(net.members[0].orgId);
 *   await net.close();
 */
import { expect } from 'vitest';
import { boxKeyPair, randomKey, signKeyPair, toBase64 } from '../../main/services/crypto';
import { IDENTITY_KIND, type IdentityBody } from '../../main/services/network/store';
import { openUnlockedSession, type UnlockedSession } from '../../main/services/unlocked-session';
import type { OrganisationProfileInput } from '../../shared/domain/referrals/schemas';
import { AppError } from '../../shared/errors';
import { makeTempDir } from '../helpers/temp-dir';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../relay/config';
import { createLogger } from '../../relay/logger';
import { startRelay } from '../../relay/server';
import { openSqliteStorage } from '../../relay/storage/sqlite';
import type { TestRelay } from './sync-fixtures';

/** The AppError `fn` throws (sync or async); fails when it throws something else or nothing. */
export async function failure(fn: () => unknown): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}
export const codeOf = async (fn: () => unknown) => (await failure(fn)).code;

/**
 * What a test file opened (networks, sessions, relays), closed by `runAll()` in afterAll, the
 * last opened first.
 */
export class Cleanups {
  private readonly fns: Array<() => Promise<void> | void> = [];
  add(fn: () => Promise<void> | void): void {
    this.fns.push(fn);
  }
  /** `setUpNetwork`, closed by `runAll()`. */
  async network(relay: TestRelay, n: number, opts: Parameters<typeof setUpNetwork>[2] = {}): Promise<TestNetwork> {
    const net = await setUpNetwork(relay, n, opts);
    this.add(() => net.close());
    return net;
  }
  async runAll(): Promise<void> {
    for (const fn of this.fns.splice(0).reverse()) await fn();
  }
}

/**
 * Like sync-fixtures' startTestRelay, with the per-address limit on unauthenticated requests
 * (organisation creation, link requests) raised: a test that sets up several networks creates
 * more organisations from 127.0.0.1 than the default burst allows.
 */
export async function startNetworkTestRelay(opts: { dataDir?: string; port?: number } = {}): Promise<TestRelay> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'anxin-network-relay-'));
  const relay = await startRelay(
    { ...defaultConfig(), port: opts.port ?? 0, dataDir, logLevel: 'error', rateLimitPerSecond: 10_000, rateLimitBurst: 10_000, linkRateLimitPerSecond: 10_000, linkRateLimitBurst: 10_000 },
    { storage: openSqliteStorage(dataDir), logger: createLogger('error', () => {}) }
  );
  return { url: relay.url, port: relay.port, dataDir, relay, stop: () => relay.close() };
}

export type NetworkParty = {
  session: UnlockedSession;
  /** The organisation id (relay org id, also its id in the network directory). */
  orgId: string;
  profile: OrganisationProfileInput;
  /** Its referral-key fingerprint. */
  fingerprint: string;
  dir: string;
};
export type TestNetwork = {
  coordinator: NetworkParty;
  members: NetworkParty[];
  all: NetworkParty[];
  networkFingerprint: string;
  /** Stops every session's sync, closes it and removes its files (the relay stays up). */
  close(): Promise<void>;
};

const CITIES: Array<{ country: string; city: string }> = [
  { country: 'BE', city: 'Brussels' },
  { country: 'FR', city: 'Lyon' },
  { country: 'NL', city: 'Amsterdam' },
  { country: 'FR', city: 'Paris' },
  { country: 'BE', city: 'Antwerp' },
  { country: 'NL', city: 'Rotterdam' }
];
const NAMES = ['Lotus Harbour', 'Quince Legal Aid', 'Willow House', 'Magnolia Counselling', 'Peony Line', 'Camellia Clinic'];

/** A fictional organisation profile (demo: true) with two services. */
export function demoProfile(i: number): OrganisationProfileInput {
  const where = CITIES[i % CITIES.length]!;
  const name = `${NAMES[i % NAMES.length]} ${i + 1} (demo)`;
  return {
    name,
    country: where.country,
    city: where.city,
    demo: true,
    services: [
      { type: i % 2 === 0 ? 'shelter' : 'legal-aid', name: `${name} — intake`, city: where.city, languages: ['mandarin', i % 2 === 0 ? 'french' : 'dutch'], hours: 'Mon–Fri 9–17', phone: '+32 2 000 00 00', email: '', acceptsReferrals: true },
      { type: 'hotline', name: `${name} — hotline`, city: where.city, languages: ['mandarin', 'cantonese'], hours: '24/7', phone: '', email: '', acceptsReferrals: false }
    ]
  };
}

/** A full session in a new temp dir, in a new organisation on `relay`. */
export async function openOrganisation(relay: TestRelay, label: string, opts: { now?: () => number } = {}) {
  const tmp = makeTempDir('anxin-network-');
  const session = openUnlockedSession(
    { profileId: '0123456789abcdef', displayName: label, profileDir: tmp.dir, masterKey: randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 },
    opts.now
  );
  await session.sync.createOrganisation({ relayUrl: relay.url, label });
  const orgId = session.sync.status().orgId!;
  return { session, orgId, tmp };
}

/**
 * The organisation makes new referral keys (e.g. after a lost laptop): its identity record gets a
 * new signing and box key pair. Its next join request carries the new fingerprint.
 */
export function replaceReferralKeys(session: UnlockedSession): void {
  const rec = session.store.list<IdentityBody>(IDENTITY_KIND)[0]!;
  const sign = signKeyPair();
  const box = boxKeyPair();
  session.store.put({
    id: rec.header.id,
    kind: IDENTITY_KIND,
    collection: rec.header.collection,
    baseRevision: rec.header.revision,
    body: { ...rec.body, sign: { pub: toBase64(sign.publicKey), sec: toBase64(sign.secretKey) }, box: { pub: toBase64(box.publicKey), sec: toBase64(box.secretKey) } }
  });
}

export async function closeSession(session: UnlockedSession): Promise<void> {
  session.sync.stop();
  await session.sync.settle();
  session.close();
}

/**
 * Coordinator + `n` members, all joined and refreshed. `validUntil` is the members' entries'
 * end date (default: one year after `now`).
 */
export async function setUpNetwork(relay: TestRelay, n: number, opts: { now?: () => number; validUntil?: string; name?: string } = {}): Promise<TestNetwork> {
  const now = opts.now ?? Date.now;
  const validUntil = opts.validUntil ?? new Date(now() + 365 * 86_400_000).toISOString().slice(0, 10);
  const cleanups: Array<() => void> = [];
  const parties: NetworkParty[] = [];
  for (let i = 0; i <= n; i++) {
    const { session, orgId, tmp } = await openOrganisation(relay, i === 0 ? 'coordinator' : `member ${i}`, opts.now ? { now: opts.now } : {});
    cleanups.push(tmp.cleanup);
    const profile = demoProfile(i);
    session.network.setProfile(profile);
    parties.push({ session, orgId, profile, fingerprint: session.network.identity().fingerprint, dir: tmp.dir });
  }
  const coordinator = parties[0]!;
  const members = parties.slice(1);
  const created = await coordinator.session.network.create(opts.name ?? 'Demo network (fictional)');
  const networkFingerprint = created.network!.fingerprint;
  for (const m of members) {
    const request = m.session.network.joinRequest();
    // The coordinator compares the fingerprint read out on the phone, then admits.
    const preview = coordinator.session.network.inspectRequest(request.text);
    expect(preview.fingerprint).toBe(request.fingerprint);
    const { invitation } = await coordinator.session.network.admit({ text: request.text, fingerprint: request.fingerprint, validUntil });
    // The member compares the network fingerprint read out by the coordinator, then joins.
    expect(m.session.network.inspectInvitation(invitation).fingerprint).toBe(networkFingerprint);
    await m.session.network.join({ text: invitation, fingerprint: networkFingerprint });
  }
  for (const m of members) {
    const r = await m.session.network.refresh();
    expect(r.organisations).toBe(n + 1);
  }
  await coordinator.session.network.refresh();
  return {
    coordinator,
    members,
    all: parties,
    networkFingerprint,
    async close() {
      for (const p of parties) await closeSession(p.session);
      for (const c of cleanups) c();
    }
  };
}
