/**
 * Sync as the UI holds it: the status (kept fresh by the `sync:status` event), the devices,
 * the open conflicts, and the linking steps. Holds no key; dropped at lock.
 */
import { create } from 'zustand';
import type { ConflictInfo, DeviceInfo, LinkCandidate, LinkOffer, SyncStatus } from '../../../shared/domain/sync/sync';
import type { AppErrorInfo } from '../../../shared/result';
import { getApi } from '../../bridge';
import { busyRunner, handleLockedError, settle } from '../../app/notices';

type SyncStore = {
  status: SyncStatus | null;
  devices: DeviceInfo[];
  conflicts: ConflictInfo[];
  offer: LinkOffer | null;
  candidate: (LinkCandidate & { code: string }) | null;
  busy: boolean;
  error: AppErrorInfo | null;
  notice: 'linked' | 'removed' | null;

  refresh: () => Promise<void>;
  loadDetails: () => Promise<void>;
  setStatus: (s: SyncStatus) => void;
  syncNow: () => Promise<void>;
  createOrg: (relayUrl: string, label: string) => Promise<void>;
  offerLink: (relayUrl: string) => Promise<void>;
  lookup: (code: string) => Promise<void>;
  approve: (label: string, role: 'admin' | 'member') => Promise<void>;
  cancelLink: () => void;
  remove: (deviceId: string) => Promise<void>;
  resolve: (conflictId: string, choice: 'local' | 'remote' | 'manual', text?: string) => Promise<boolean>;
  dismissError: () => void;
  reset: () => void;
};

const initial = { status: null, devices: [], conflicts: [], offer: null, candidate: null, busy: false, error: null, notice: null };

export const useSync = create<SyncStore>()((set, get) => {
  const run = busyRunner(set);

  return {
    ...initial,
    refresh: async () => {
      const result = await settle(() => getApi().sync.status({}));
      if (result.ok) set({ status: result.value });
    },
    loadDetails: async () => {
      await get().refresh();
      const [devices, conflicts] = await Promise.all([settle(() => getApi().sync.devices({})), settle(() => getApi().sync.conflicts({}))]);
      if (devices.ok) set({ devices: devices.value });
      else if (!handleLockedError(devices.error)) set({ error: devices.error });
      if (conflicts.ok) set({ conflicts: conflicts.value });
    },
    setStatus: (status) => {
      const before = get().status;
      set({ status });
      // Joined, or a conflict appeared: the lists on the Devices screen change too.
      if ((before?.state === 'linking' && status.state !== 'linking') || before?.conflicts !== status.conflicts) void get().loadDetails();
      if (before?.state === 'linking' && status.orgId) set({ offer: null });
    },
    syncNow: async () => {
      const s = await run(() => getApi().sync.syncNow({}));
      if (s) set({ status: s });
      await get().loadDetails();
    },
    createOrg: async (relayUrl, label) => {
      const s = await run(() => getApi().sync.createOrg({ relayUrl, label }));
      if (s) {
        set({ status: s });
        await get().loadDetails();
      }
    },
    offerLink: async (relayUrl) => {
      const offer = await run(() => getApi().sync.offerLink({ relayUrl }));
      if (offer) set({ offer });
      await get().refresh();
    },
    lookup: async (code) => {
      const c = await run(() => getApi().sync.lookupLink({ code }));
      if (c) set({ candidate: { ...c, code } });
    },
    approve: async (label, role) => {
      const c = get().candidate;
      if (!c) return;
      const ok = await run(() => getApi().sync.approveLink({ code: c.code, fingerprint: c.fingerprint, role, label }));
      if (ok === null) {
        set({ candidate: null, notice: 'linked' });
        await get().loadDetails();
        set({ notice: 'linked' });
      }
    },
    cancelLink: () => set({ candidate: null, error: null }),
    remove: async (deviceId) => {
      const ok = await run(() => getApi().sync.removeDevice({ deviceId }));
      if (ok === null) {
        await get().loadDetails();
        set({ notice: 'removed' });
      }
    },
    resolve: async (conflictId, choice, text) => {
      const ok = await run(() => getApi().sync.resolveConflict({ conflictId, choice, ...(text !== undefined ? { text } : {}) }));
      await get().loadDetails();
      return ok === null;
    },
    dismissError: () => set({ error: null }),
    reset: () => set({ ...initial })
  };
});

/** Mount once while unlocked (the header indicator does): status events and reset at lock. */
export function subscribeSync(): () => void {
  const api = getApi();
  const offStatus = api.onEvent('sync:status', (s) => useSync.getState().setStatus(s));
  const offLock = api.onEvent('vault:locked', () => useSync.getState().reset());
  void useSync.getState().refresh();
  return () => {
    offStatus();
    offLock();
  };
}
