// The referral run after sync cycles (main/services/referrals/index.ts afterSyncCycle): a sync
// cycle follows every local write (an autosave each second while someone types) and each run
// reads the relay, so at most one run starts per BACKGROUND_INTERVAL_MS and the cycles in between
// are coalesced into one run when the interval ends. A real session on a real SQLite file (in no
// network, so each run stops at its first check); runs are counted at that check, network.status.
// The service times this with the monotonic clock, faked here (setTimeout and performance only).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as crypto from '../../main/services/crypto';
import { BACKGROUND_INTERVAL_MS } from '../../main/services/referrals';
import { openUnlockedSession, type UnlockedSession } from '../../main/services/unlocked-session';
import { makeTempDir } from '../helpers/temp-dir';

beforeAll(async () => {
  await crypto.initCrypto();
});

let cleanup: () => void = () => {};
afterEach(() => {
  vi.useRealTimers();
  cleanup();
});

function countedSession(): { session: UnlockedSession; runs: () => number } {
  const tmp = makeTempDir('anxin-ref-bg-');
  const session = openUnlockedSession({ profileId: '0123456789abcdef', displayName: 'desk', profileDir: tmp.dir, masterKey: crypto.randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
  cleanup = () => {
    session.close();
    tmp.cleanup();
  };
  let runs = 0;
  const status = session.network.status.bind(session.network);
  session.network.status = () => {
    runs++;
    return status();
  };
  return { session, runs: () => runs };
}

describe('referral runs after sync cycles', () => {
  it('starts one run at once, coalesces a burst of cycles into one more run when the interval ends, then stays quiet', async () => {
    const { session, runs } = countedSession();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const settle = () => session.referrals.settle();

    session.referrals.afterSyncCycle();
    await settle();
    expect(runs()).toBe(1);

    // An autosave a second for 9 seconds: no run before the interval ends.
    for (let i = 0; i < 9; i++) {
      await vi.advanceTimersByTimeAsync(1_000);
      session.referrals.afterSyncCycle();
      await settle();
    }
    expect(runs()).toBe(1);

    // The interval ends: the cycles in between give exactly one run.
    await vi.advanceTimersByTimeAsync(BACKGROUND_INTERVAL_MS - 9_000);
    await settle();
    expect(runs()).toBe(2);

    // No more cycles: no more runs.
    await vi.advanceTimersByTimeAsync(10 * BACKGROUND_INTERVAL_MS);
    await settle();
    expect(runs()).toBe(2);

    // A cycle long after the last run starts one at once.
    session.referrals.afterSyncCycle();
    await settle();
    expect(runs()).toBe(3);
  });

  it('starts nothing after the session was locked', async () => {
    const { session, runs } = countedSession();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    session.referrals.afterSyncCycle();
    await session.referrals.settle();
    session.referrals.afterSyncCycle(); // waits for the interval
    session.referrals.shutdown();
    await vi.advanceTimersByTimeAsync(2 * BACKGROUND_INTERVAL_MS);
    session.referrals.afterSyncCycle();
    await session.referrals.settle();
    expect(runs()).toBe(1);
  });
});
