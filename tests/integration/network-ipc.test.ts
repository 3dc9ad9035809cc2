// The network:* channels through the real IPC path (createAnxinMain → dispatch, requests and
// responses checked against the contract): two organisations, each its own app and data
// directory, on a real relay on 127.0.0.1. The profiles typed are sealed at rest: neither the
// data directories nor the relay's storage hold them in the clear.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnxinMain, type AnxinMain } from '../../main/app';
import { KDF_FLOOR } from '../../main/services/crypto';
import type { InvitationPreview, JoinRequestPreview, NetworkOrganisation, NetworkStatus } from '../../shared/domain/referrals/schemas';
import type { DirectoryEntry } from '../../shared/domain/directory/schemas';
import type { Result } from '../../shared/result';
import { filesContaining, makeTempDir } from '../helpers/temp-dir';
import { startTestRelay, type TestRelay } from './sync-fixtures';

const PASS = 'correct horse battery staple 安心';
const HOURS_MARKER = 'Hours Quillmarsh 周二标记';

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

type App = { app: AnxinMain; tmp: ReturnType<typeof makeTempDir>; raw(channel: string, req: unknown): Promise<Result<unknown>>; call<T>(channel: string, req: unknown): Promise<T> };

async function openApp(): Promise<App> {
  const tmp = makeTempDir('anxin-network-ipc-');
  const app = await createAnxinMain({ dataDir: tmp.dir, shell: 'browser', kdfParams: KDF_FLOOR, emit: () => {} });
  const raw = (channel: string, req: unknown) => app.dispatch(channel as never, req as never) as Promise<Result<unknown>>;
  const call = async <T>(channel: string, req: unknown) => value<T>(await raw(channel, req));
  await call('vault:create', { displayName: 'Marie', passphrase: PASS });
  return { app, tmp, raw, call };
}

const profile = (name: string, city: string) => ({
  name,
  country: 'BE',
  city,
  demo: true,
  services: [{ type: 'legal-aid', name: `${name} legal desk`, city, languages: ['mandarin', 'french'], hours: HOURS_MARKER, phone: '+32 2 000 00 00', email: 'desk@example.org', acceptsReferrals: true }]
});

let relay: TestRelay;
let coord: App;
let member: App;

beforeAll(async () => {
  relay = await startTestRelay();
  coord = await openApp();
  member = await openApp();
});
afterAll(async () => {
  for (const a of [coord, member]) {
    await a?.app.close();
    a?.tmp.cleanup();
  }
  await relay?.stop();
});

describe('network over IPC', () => {
  it('runs create → join request → admit → join → refresh, and shows the network in the directory', async () => {
    const before = await coord.call<NetworkStatus>('network:status', {});
    expect(before).toEqual({ organisationReady: false, organisationId: null, fingerprint: null, profile: null, network: null, ownEntryMismatch: false });
    expect(codeOf(await coord.raw('network:setProfile', { profile: profile('Lotus Harbour (demo)', 'Brussels') }))).toBe('network/not-ready');
    expect(codeOf(await coord.raw('network:create', { name: 'Demo network' }))).toBe('network/not-ready');

    await coord.call('sync:createOrg', { relayUrl: relay.url, label: 'office' });
    await member.call('sync:createOrg', { relayUrl: relay.url, label: 'office' });
    expect(codeOf(await coord.raw('network:create', { name: 'Demo network' }))).toBe('network/profile-missing');
    expect(codeOf(await coord.raw('network:setProfile', { profile: { ...profile('x', 'Brussels'), country: 'Belgium' } }))).toBe('ipc/invalid-request');

    const cs = await coord.call<NetworkStatus>('network:setProfile', { profile: profile('Lotus Harbour (demo)', 'Brussels') });
    expect(cs.organisationReady).toBe(true);
    expect(cs.fingerprint).toMatch(/^(\d{5} ){11}\d{5}$/);
    const created = await coord.call<NetworkStatus>('network:create', { name: 'Demo network' });
    expect(created.network).toMatchObject({ name: 'Demo network', coordinator: true });
    const networkFingerprint = created.network!.fingerprint;
    expect(codeOf(await coord.raw('network:create', { name: 'Another' }))).toBe('network/already-joined');

    await member.call('network:setProfile', { profile: profile('Quince Legal Aid (demo)', 'Antwerp') });
    const request = await member.call<{ text: string; fingerprint: string }>('network:joinRequest', {});
    expect(request.text.startsWith('anxin-join:v1:')).toBe(true);
    const preview = await coord.call<JoinRequestPreview>('network:inspectRequest', { text: request.text });
    expect(preview.fingerprint).toBe(request.fingerprint);
    expect(preview.profile.name).toBe('Quince Legal Aid (demo)');
    expect(codeOf(await coord.raw('network:admit', { text: request.text, fingerprint: '1234', validUntil: '2099-01-01' }))).toBe('network/fingerprint-mismatch');
    const admitted = await coord.call<{ invitation: string; organisation: NetworkOrganisation }>('network:admit', { text: request.text, fingerprint: request.fingerprint, validUntil: '2099-01-01' });
    expect(admitted.organisation.pin).toBe('pinned');

    const inv = await member.call<InvitationPreview>('network:inspectInvitation', { text: admitted.invitation });
    expect(inv.fingerprint).toBe(networkFingerprint);
    expect(codeOf(await member.raw('network:join', { text: admitted.invitation, fingerprint: '0000' }))).toBe('network/fingerprint-mismatch');
    const joined = await member.call<NetworkStatus>('network:join', { text: admitted.invitation, fingerprint: networkFingerprint });
    expect(joined.network).toMatchObject({ fingerprint: networkFingerprint, coordinator: false, validUntil: '2099-01-01', refreshedAt: null });
    expect(await member.call('network:refresh', {})).toEqual({ organisations: 2, changedKeys: 0 });
    expect((await member.call<NetworkStatus>('network:status', {})).network).toMatchObject({ lastRefresh: { ok: true, error: null }, stale: false });
    const orgs = await member.call<NetworkOrganisation[]>('network:organisations', {});
    expect(orgs.map((o) => [o.profile.name, o.self, o.coordinator])).toEqual([
      ['Quince Legal Aid (demo)', true, false],
      ['Lotus Harbour (demo)', false, true]
    ]);
    expect(codeOf(await member.raw('network:remove', { organisationId: orgs[1]!.organisationId }))).toBe('network/not-coordinator');
    expect(codeOf(await member.raw('network:acceptKeyChange', { organisationId: orgs[1]!.organisationId, fingerprint: '1' }))).toBe('network/fingerprint-mismatch');
    expect(await member.call<NetworkOrganisation>('network:acceptKeyChange', { organisationId: orgs[1]!.organisationId, fingerprint: orgs[1]!.fingerprint })).toEqual(orgs[1]);

    const search = await member.call<{ entries: DirectoryEntry[] }>('directory:search', { type: 'legal-aid' });
    expect(search.entries.map((e) => [e.name, e.source]).sort()).toEqual([
      ['Lotus Harbour (demo) legal desk', 'network'],
      ['Quince Legal Aid (demo) legal desk', 'network']
    ]);

    // Survives a lock: everything is sealed records.
    const profileId = (await member.call<{ profileId: string }>('vault:status', {})).profileId;
    await member.call('vault:lock', { reason: 'manual' });
    expect(codeOf(await member.raw('network:status', {}))).toBe('vault/locked');
    await member.call('vault:unlock', { profileId, passphrase: PASS });
    expect((await member.call<NetworkOrganisation[]>('network:organisations', {})).map((o) => o.fingerprint)).toEqual(orgs.map((o) => o.fingerprint));
    expect((await member.call<NetworkStatus>('network:status', {})).network?.fingerprint).toBe(networkFingerprint);

    // The coordinator removes the member: its directory lists only itself.
    await coord.call('network:remove', { organisationId: orgs[0]!.organisationId });
    expect((await coord.call<NetworkOrganisation[]>('network:organisations', {})).length).toBe(1);
    // The directory it published is sealed to the organisations it lists: the removed one cannot read it.
    expect(codeOf(await member.raw('network:refresh', {}))).toBe('network/unknown-organisation');
    // The failure stays in the status for the Network screen.
    expect((await member.call<NetworkStatus>('network:status', {})).network?.lastRefresh).toMatchObject({ ok: false, error: { code: 'network/unknown-organisation' } });
    expect((await member.call<NetworkOrganisation[]>('network:organisations', {})).length).toBe(2);

    // The relay stores the signed directory sealed: no profile text in its storage.
    expect(filesContaining(relay.dataDir, HOURS_MARKER)).toEqual([]);
    expect(filesContaining(relay.dataDir, 'Quince Legal Aid')).toEqual([]);

    // Nothing typed into a profile is readable in either data directory.
    for (const a of [coord, member]) expect(filesContaining(a.tmp.dir, HOURS_MARKER)).toEqual([]);
  });
});
