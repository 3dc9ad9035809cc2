/**
 * The sync service of one unlocked profile (docs/sync.md). Owns the background loop:
 * push the outbox, read key grants, pull the organisation mailbox; on failure wait 1 s, 2 s,
 * 4 s … up to 2 minutes (with jitter) and try again; on success poll every `pollMs`, and at
 * once after a local write or a live notification from the relay's WebSocket (live.ts); while
 * that socket is down the poll is faster (`fallbackPollMs`). The loop stops at lock (keys are gone) and restarts at unlock,
 * which covers sleep (the vault locks on suspend), network loss and relay restarts alike.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { ConflictInfo, DeviceInfo, SyncStatus } from '../../../shared/domain/sync/sync';
import { hlcToIso } from '../../../shared/records/hlc';
import type { SealedStore } from '../sealed-store';
import { createEngine } from './engine';
import { createLiveSubscription } from './live';
import { createOrganisation } from './organisation';
import { toAppError, type RelayClient, type Signer } from './relay-client';
import { openSyncState } from './state';

export type SyncOptions = {
  db: Database;
  store: SealedStore;
  masterKey: Uint8Array;
  now?: () => number;
  /** After remote changes (or a conflict resolution) changed records of these collections. */
  onApplied?: (collections: ReadonlySet<string>) => void;
  /** Background loop on/off (tests drive cycles by hand with `syncNow`). */
  autoStart?: boolean;
  /** Slow poll while the live socket is up (default 60 s; docs/sync.md "Live delivery"). */
  pollMs?: number;
  /** Poll while the live socket is down (default: min(pollMs, 15 s)). */
  fallbackPollMs?: number;
  /** Live notifications over the relay's WebSocket (default: on with the background loop). */
  live?: boolean;
  relayFor?: (url: string) => RelayClient;
};

const MAX_BACKOFF_MS = 120_000;

export function createSyncService(o: SyncOptions) {
  const now = o.now ?? Date.now;
  const state = openSyncState(o.db, o.masterKey);
  const org = createOrganisation({ store: o.store, state, now, ...(o.relayFor ? { relayFor: o.relayFor } : {}) });
  const engine = createEngine({
    db: o.db,
    store: o.store,
    state,
    relay: () => org.relay(),
    signer: () => org.signer(),
    orgId: () => state.get('org_id')!,
    now,
    onApplied: (collections) => o.onApplied?.(collections)
  });
  o.store.setWriteHook((e) => {
    engine.onWrite(e);
    if (e.origin === 'local') schedule(300);
  });

  const listeners = new Set<(s: SyncStatus) => void>();
  let phase: 'idle' | 'syncing' | 'offline' | 'error' | 'removed' = state.get('removed') === '1' ? 'removed' : 'idle';
  let errorCode: SyncStatus['errorCode'] = null;
  let failures = 0;
  let retryAt: number | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let stopped = o.autoStart === false;
  let closed = false;
  const pollMs = o.pollMs ?? 60_000;
  const fallbackPollMs = o.fallbackPollMs ?? Math.min(pollMs, 15_000);
  let rerun = false;
  const live = createLiveSubscription({
    relayUrl: () => (state.get('org_id') ? (state.get('relay_url') ?? null) : null),
    signer: () => org.signer(),
    onChange: () => schedule(50),
    onState: (s) => {
      // Socket gone: the next poll comes at the faster fallback pace.
      if (s === 'waiting' && phase === 'idle' && timer && !running) schedule(fallbackPollMs);
    }
  });
  const liveWanted = () => o.live !== false && !stopped && !closed && phase !== 'removed' && !!state.get('org_id');
  const syncLive = () => (liveWanted() ? live.start() : live.stop());

  function status(): SyncStatus {
    const orgId = state.get('org_id') ?? null;
    const role = state.get('role');
    const last = state.get('last_sync_at');
    return {
      state: !orgId ? (state.get('link_code_hash') ? 'linking' : 'off') : phase,
      orgId,
      deviceId: o.store.deviceId,
      role: role === 'admin' || role === 'member' ? role : null,
      relayUrl: state.get('relay_url') ?? state.get('link_relay_url') ?? null,
      lastSyncAt: last ? new Date(Number(last)).toISOString() : null,
      pending: orgId ? state.pending() : 0,
      conflicts: state.openConflicts().length,
      rejected: state.num('rejected'),
      clockWarnings: state.num('clock_warnings'),
      errorCode,
      retryAt: retryAt === null ? null : new Date(retryAt).toISOString()
    };
  }
  const notify = () => {
    if (closed) return;
    const s = status();
    for (const l of listeners) l(s);
  };

  function schedule(delayMs: number): void {
    if (stopped || closed || phase === 'removed') return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      () => {
        timer = null;
        void cycle();
      },
      Math.min(delayMs, 2 ** 31 - 1)
    );
    timer.unref?.();
  }

  /** One full exchange with the relay. Concurrent callers share the running one. */
  function cycle(): Promise<void> {
    if (running) {
      // Something changed while this cycle runs (a notification, a write): one more after it.
      rerun = true;
      return running;
    }
    rerun = false;
    // Cleared in a .finally callback (a microtask), never inside the body: a body that returns
    // synchronously would otherwise clear `running` before it is assigned, and stick forever.
    const p = runCycle().finally(() => {
      if (running === p) running = null;
      if (rerun && !closed) {
        rerun = false;
        schedule(0);
      }
    });
    running = p;
    return p;
  }

  async function runCycle(): Promise<void> {
    {
      try {
        if (closed) return;
        if (!state.get('org_id')) {
          if (state.get('link_code_hash') && (await org.pollLink())) {
            notify();
          } else return;
        }
        phase = 'syncing';
        notify();
        await engine.push();
        await org.pullGrants();
        await engine.pull();
        if (closed) return;
        // A second push sends merges the pull produced.
        await engine.push();
        state.set('last_sync_at', now());
        phase = 'idle';
        errorCode = null;
        failures = 0;
        retryAt = null;
        notify();
        syncLive();
        schedule(live.state() === 'live' ? pollMs : fallbackPollMs);
      } catch (e) {
        if (closed) return;
        const err = toAppError(e);
        errorCode = err.code;
        if (err.code === 'sync/device-removed') {
          phase = 'removed';
          state.set('removed', '1');
          live.stop();
          notify();
          return;
        }
        phase = err.code === 'sync/relay-unreachable' ? 'offline' : 'error';
        failures++;
        const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures - 1, 10));
        const delay = Math.round(base * (0.75 + Math.random() * 0.5));
        retryAt = now() + delay;
        notify();
        schedule(delay);
      }
    }
  }

  function conflictInfo(row: ReturnType<typeof state.openConflicts>[number]): ConflictInfo | null {
    const local = o.store.revisionByHlc<Record<string, unknown>>(row.record_id, row.local_rev, row.local_hlc);
    const remote = o.store.revisionByHlc<Record<string, unknown>>(row.record_id, row.remote_rev, row.remote_hlc);
    const head = o.store.get<Record<string, unknown>>(row.record_id);
    if (!local || !remote || !head) return null;
    // The table names the field by a keyed hash; find it among the two versions' fields.
    const field = [...Object.keys(local.body ?? {}), ...Object.keys(remote.body ?? {})].find((k) => state.fieldTag(k) === row.field);
    if (field === undefined) return null;
    const text = (b: Record<string, unknown> | null) => (b && typeof b[field] === 'string' ? (b[field] as string) : '');
    return {
      conflictId: row.conflict_id,
      recordId: row.record_id,
      kind: row.kind,
      field,
      local: { text: text(local.body), at: hlcToIso(local.header.hlc), device: local.header.device },
      remote: { text: text(remote.body), at: hlcToIso(remote.header.hlc), device: remote.header.device },
      current: text(head.body)
    };
  }

  function knownDevices(): DeviceInfo[] {
    if (!state.get('org_id')) return [];
    return state.devices().map((d) => ({
      deviceId: d.device,
      label: state.get(`label:${d.device}`) ?? '',
      role: d.role,
      status: d.status,
      fingerprint: org.fingerprintOf(d.sign_public, d.box_public),
      thisDevice: d.device === o.store.deviceId
    }));
  }

  if (!stopped) schedule(0);

  return {
    status,
    onStatus(listener: (s: SyncStatus) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Runs one exchange now and waits for it (the "Sync now" button, and tests). */
    async syncNow(): Promise<SyncStatus> {
      await cycle();
      return status();
    },
    start(): void {
      stopped = false;
      schedule(0);
    },
    /** Whether the live socket is up ('live'), being opened, waiting to reconnect, or off. */
    liveState: () => live.state(),
    stop(): void {
      stopped = true;
      live.stop();
      if (timer) clearTimeout(timer);
      timer = null;
    },

    async createOrganisation(input: { relayUrl: string; label: string }): Promise<SyncStatus> {
      await org.create(input);
      phase = 'idle';
      notify();
      schedule(0);
      return status();
    },
    async offerLink(input: { relayUrl: string }) {
      const offer = await org.offerLink(input);
      notify();
      schedule(2000);
      return offer;
    },
    async lookupLink(code: string) {
      requireOrg();
      const { deviceId, fingerprint } = await org.lookupLink(code);
      return { deviceId, fingerprint };
    },
    async approveLink(input: { code: string; fingerprint: string; role: 'admin' | 'member'; label: string }): Promise<void> {
      requireOrg();
      await org.approveLink(input);
      notify();
    },
    async removeDevice(deviceId: string): Promise<void> {
      requireOrg();
      await org.removeDevice(deviceId);
      notify();
      schedule(0);
    },
    async devices(): Promise<DeviceInfo[]> {
      if (!state.get('org_id')) return [];
      try {
        await org.fetchOrg();
      } catch (e) {
        const err = toAppError(e);
        if (err.code === 'sync/key-mismatch') throw err;
        // Offline: show the devices as last seen.
      }
      return knownDevices();
    },
    /** The devices as last fetched from the relay, without asking it (for naming devices on screen). */
    knownDevices,
    fingerprint: () => org.fingerprint(),
    /**
     * The relay this device talks to as a member of its organisation, for other features that
     * use the relay (the referral network, docs/network.md); null when not in an organisation.
     */
    transport(): { client: RelayClient; signer: Signer; orgId: string } | null {
      const orgId = state.get('org_id');
      if (!orgId || !state.get('relay_url')) return null;
      return { client: org.relay(), signer: org.signer(orgId), orgId };
    },

    conflicts(): ConflictInfo[] {
      return state
        .openConflicts()
        .map(conflictInfo)
        .filter((c): c is ConflictInfo => c !== null);
    },
    /** Keeps one version (or a hand-merged text) as a new revision of the record. */
    resolveConflict(input: { conflictId: string; choice: 'local' | 'remote' | 'manual'; text?: string }): void {
      const row = state.conflict(input.conflictId);
      if (!row || row.resolved) throw new AppError('sync/conflict-not-found', 'this conflict was already resolved');
      const info = conflictInfo(row);
      if (!info) throw new AppError('sync/conflict-not-found', 'the record of this conflict is gone');
      const text = input.choice === 'local' ? info.local.text : input.choice === 'remote' ? info.remote.text : (input.text ?? '');
      o.store.transaction(() => {
        const head = o.store.get<Record<string, unknown>>(row.record_id)!;
        // Always a new revision, even when the text shown is already the chosen one: it records
        // that a person saw both versions, which closes the question on every device.
        const h = o.store.put({ id: row.record_id, kind: head.header.kind, collection: head.header.collection, body: { ...head.body, [info.field]: text }, baseRevision: head.header.revision });
        const seenUpTo = row.local_hlc > row.remote_hlc ? row.local_hlc : row.remote_hlc;
        state.putChanges(row.record_id, h.hlc, { ...(state.changes(row.record_id, h.hlc) ?? {}), [info.field]: seenUpTo });
        state.putView(row.record_id, { ...state.view(row.record_id), [info.field]: h.hlc });
        state.resolveConflict(row.conflict_id);
      });
      o.onApplied?.(new Set([o.store.get(row.record_id)?.header.collection ?? ''].filter(Boolean)));
      notify();
    },

    close(): void {
      closed = true;
      live.stop();
      if (timer) clearTimeout(timer);
      timer = null;
      listeners.clear();
      o.store.setWriteHook(null);
      state.close();
    },
    /** Waits for a running cycle (before closing the database). */
    async settle(): Promise<void> {
      if (running) await running.catch(() => undefined);
    }
  };

  function requireOrg(): void {
    if (!state.get('org_id')) throw new AppError('sync/not-configured', 'this device is not in an organisation');
  }
}

export type SyncService = ReturnType<typeof createSyncService>;
