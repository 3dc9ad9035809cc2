// The outcome of every directory refresh, background or by hand, shows in the network status
// (docs/network.md, "Refreshing the directory"): a stopped relay, a snapshot that does not
// verify, and a directory not verified for more than DIRECTORY_STALE_DAYS. Real sessions with
// their own SQLite files on a real relay on 127.0.0.1 (stopped and restarted on the same port).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as crypto from '../../main/services/crypto';
import { createNetworkService, STALE_AFTER_MS } from '../../main/services/network';
import { signSnapshot } from '../../main/services/network/formats';
import { publishSnapshot } from '../../main/services/network/mailbox';
import { DIRECTORY_KIND, type DirectoryBody } from '../../main/services/network/store';
import { DIRECTORY_STALE_DAYS } from '../../shared/domain/referrals/schemas';
import { codeOf, setUpNetwork, startNetworkTestRelay, type TestNetwork } from './network-fixtures';
import type { TestRelay } from './sync-fixtures';

let relay: TestRelay;
let net: TestNetwork;
const DAY = 86_400_000;

/** The same relay again: same port, same data. */
const restart = (r: TestRelay) => startNetworkTestRelay({ port: r.port, dataDir: r.dataDir });

const member = () => net.members[0]!.session;
const storedFetchedAt = () => member().store.list<DirectoryBody>(DIRECTORY_KIND)[0]!.body.fetchedAt;

beforeAll(async () => {
  await crypto.initCrypto();
  relay = await startNetworkTestRelay();
  net = await setUpNetwork(relay, 1);
});
afterAll(async () => {
  await net?.close();
  await relay?.stop();
});

describe('the last refresh in the status', () => {
  it('a successful refresh is recorded as ok, and the directory is not stale', async () => {
    await member().network.refresh();
    const n = member().network.status().network!;
    expect(n.lastRefresh).toMatchObject({ ok: true, error: null });
    expect(Date.parse(n.lastRefresh!.at)).not.toBeNaN();
    expect(n.stale).toBe(false);
  });

  it('against a stopped relay it records sync/relay-unreachable; after the relay is back, ok again', async () => {
    const verifiedBefore = member().network.status().network!.refreshedAt;
    await relay.stop();
    try {
      expect(await codeOf(() => member().network.refresh())).toBe('sync/relay-unreachable');
      const n = member().network.status().network!;
      expect(n.lastRefresh).toMatchObject({ ok: false, error: { code: 'sync/relay-unreachable' } });
      // The directory itself is unchanged: still the one verified before.
      expect(n.refreshedAt).toBe(verifiedBefore);
      expect(member().network.organisations().length).toBe(2);
    } finally {
      relay = await restart(relay);
    }
    expect((await member().network.refresh()).organisations).toBe(2);
    expect(member().network.status().network!.lastRefresh).toMatchObject({ ok: true, error: null });
  });

  it('a snapshot signed by another key makes the BACKGROUND refresh record network/bad-signature', async () => {
    const m = member();
    // A second service over the same records that refreshes after every sync cycle.
    const eager = createNetworkService({ store: m.store, sync: m.sync, autoRefreshMs: 1 });
    const current = net.coordinator.session.store.list<DirectoryBody>(DIRECTORY_KIND)[0]!.body.snapshot;
    const forged = signSnapshot({ networkId: current.networkId, version: current.version + 3, issuedAt: new Date().toISOString(), entries: current.entries }, crypto.signKeyPair().secretKey);
    const recipients = net.all.map((p) => ({ organisationId: p.orgId, boxPublic: p.session.network.identity().box.publicKey }));
    await publishSnapshot(net.coordinator.session.network.transport(), forged, recipients);
    for (let i = 0; i < 200 && eager.status().network?.lastRefresh?.ok !== false; i++) {
      await m.sync.syncNow();
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(eager.status().network!.lastRefresh).toMatchObject({ ok: false, error: { code: 'network/bad-signature' } });
    // By hand, the same.
    expect(await codeOf(() => m.network.refresh())).toBe('network/bad-signature');
    expect(m.network.status().network!.lastRefresh).toMatchObject({ ok: false, error: { code: 'network/bad-signature' } });
  });
});

describe('a stale directory', () => {
  it(`is flagged after ${DIRECTORY_STALE_DAYS} days without a verified refresh, and a refresh clears it (also after a restart)`, async () => {
    // Genuine next directory (past the forged one above) so refreshes succeed again.
    const coord = net.coordinator.session.network;
    await coord.admit({ text: coord.joinRequest().text, fingerprint: coord.identity().fingerprint, validUntil: '2099-09-09' });
    await member().network.refresh();
    const verified = Date.parse(storedFetchedAt());
    const at = (ms: number) => createNetworkService({ store: member().store, sync: member().sync, autoRefreshMs: 0, now: () => verified + ms });

    expect(at(STALE_AFTER_MS - DAY).status().network).toMatchObject({ stale: false, lastRefresh: null });
    const later = at(STALE_AFTER_MS + DAY);
    expect(later.status().network).toMatchObject({ stale: true, lastRefresh: null });
    // The coordinator holds the signing key: its directory is never stale.
    const coordLater = createNetworkService({ store: net.coordinator.session.store, sync: net.coordinator.session.sync, autoRefreshMs: 0, now: () => verified + 30 * DAY });
    expect(coordLater.status().network).toMatchObject({ coordinator: true, stale: false });

    // Nothing new on the relay, but verified again: no longer stale, and the time is stored.
    await later.refresh();
    expect(later.status().network).toMatchObject({ stale: false, lastRefresh: { ok: true, error: null } });
    expect(Date.parse(storedFetchedAt())).toBe(verified + STALE_AFTER_MS + DAY);
    expect(at(STALE_AFTER_MS + 2 * DAY).status().network!.stale).toBe(false);
  });
});
