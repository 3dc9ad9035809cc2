/**
 * Vault state as the UI sees it: the profiles on this computer, whether one is unlocked, and
 * — for a few moments only — a recovery key to show once. The passphrase never enters this
 * store; forms pass it straight to the bridge.
 */
import { create } from 'zustand';
import type { AnxinApi } from '../../../shared/ipc/api';
import type { LockReason, ResponseOf, VaultStatus } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import { getApi } from '../../bridge';
import { reportError, settle } from '../../app/notices';
import { normalizeRecoveryKey } from './recovery-key-text';

export type Profile = ResponseOf<'vault:listProfiles'>[number];

export type VaultState = {
  phase: 'loading' | 'ready' | 'failed';
  profiles: Profile[];
  status: VaultStatus | null;
  /** Why the vault last locked (shown on the unlock screen); null after a fresh start. */
  lockReason: LockReason | null;
  /** Shown once after create / rotate, dropped as soon as it is confirmed, skipped or locked. */
  recoveryKey: string | null;
  /** "Remind me later" on the unconfirmed-recovery-key prompt, for this unlock only. */
  recoveryDeferred: boolean;
  /** The unlock screen's "new profile for another person" link. */
  creatingProfile: boolean;

  init: () => Promise<void>;
  refreshProfiles: () => Promise<void>;
  create: (displayName: string, passphrase: string) => Promise<Result<unknown>>;
  unlock: (profileId: string, passphrase: string) => Promise<Result<VaultStatus>>;
  recover: (profileId: string, recoveryKey: string, newPassphrase: string) => Promise<Result<VaultStatus>>;
  /** Local half of locking: forget everything sensitive this store holds. */
  markLocked: (reason: LockReason | null) => void;
  refreshStatus: () => Promise<void>;
  /** False (and nothing sent) when the typed text does not match the key that was shown. */
  confirmRecoveryKey: (typed: string) => Promise<Result<VaultStatus> | false>;
  skipRecoveryKey: () => void;
  deferRecoveryPrompt: () => void;
  rotateRecoveryKey: () => Promise<Result<unknown>>;
  changePassphrase: (currentPassphrase: string, newPassphrase: string) => Promise<Result<null>>;
  setIdleTimeout: (minutes: number) => Promise<Result<VaultStatus>>;
  showCreateProfile: (show: boolean) => void;
};

export function createVaultStore(api: () => AnxinApi) {
  return create<VaultState>()((set, get) => ({
    phase: 'loading',
    profiles: [],
    status: null,
    lockReason: null,
    recoveryKey: null,
    recoveryDeferred: false,
    creatingProfile: false,

    async init() {
      set({ phase: 'loading' });
      const [profiles, status] = await Promise.all([
        settle(() => api().vault.listProfiles({})),
        settle(() => api().vault.status({}))
      ]);
      if (!profiles.ok || !status.ok) {
        reportError(!profiles.ok ? profiles.error : (status as Extract<typeof status, { ok: false }>).error);
        set({ phase: 'failed' });
        return;
      }
      set({ phase: 'ready', profiles: profiles.value, status: status.value });
    },

    async refreshProfiles() {
      const result = await settle(() => api().vault.listProfiles({}));
      if (result.ok) set({ profiles: result.value });
      else reportError(result.error);
    },

    async create(displayName, passphrase) {
      const result = await settle(() => api().vault.create({ displayName, passphrase }));
      if (!result.ok) return result;
      set({
        status: result.value.status,
        recoveryKey: result.value.recoveryKey,
        recoveryDeferred: false,
        creatingProfile: false,
        lockReason: null
      });
      await get().refreshProfiles();
      return { ok: true, value: null };
    },

    async unlock(profileId, passphrase) {
      const result = await settle(() => api().vault.unlock({ profileId, passphrase }));
      if (result.ok) set({ status: result.value, lockReason: null, recoveryDeferred: false });
      return result;
    },

    async recover(profileId, recoveryKey, newPassphrase) {
      const result = await settle(() => api().vault.recover({ profileId, recoveryKey, newPassphrase }));
      if (result.ok) set({ status: result.value, lockReason: null, recoveryDeferred: false });
      return result;
    },

    markLocked(reason) {
      const status = get().status;
      set({
        status: status ? { ...status, state: 'locked' } : status,
        lockReason: reason,
        recoveryKey: null,
        recoveryDeferred: false,
        creatingProfile: false
      });
    },

    async refreshStatus() {
      const result = await settle(() => api().vault.status({}));
      if (result.ok) set({ status: result.value });
      else reportError(result.error);
    },

    async confirmRecoveryKey(typed) {
      const shown = get().recoveryKey;
      if (!shown || normalizeRecoveryKey(typed) !== normalizeRecoveryKey(shown)) return false;
      // Send what she typed: main checks it too (and forgives the same things we do).
      const result = await settle(() => api().vault.confirmRecoveryKey({ recoveryKey: typed.trim().slice(0, 200) }));
      if (result.ok) set({ status: result.value, recoveryKey: null });
      return result;
    },

    skipRecoveryKey() {
      set({ recoveryKey: null, recoveryDeferred: true });
    },

    deferRecoveryPrompt() {
      set({ recoveryDeferred: true });
    },

    async rotateRecoveryKey() {
      const result = await settle(() => api().vault.rotateRecoveryKey({}));
      if (!result.ok) return result;
      set({ recoveryKey: result.value.recoveryKey, recoveryDeferred: false });
      // The new key is unconfirmed; main's status says so.
      await get().refreshStatus();
      return { ok: true, value: null };
    },

    async changePassphrase(currentPassphrase, newPassphrase) {
      return settle(() => api().vault.changePassphrase({ currentPassphrase, newPassphrase }));
    },

    async setIdleTimeout(minutes) {
      const result = await settle(() => api().vault.setIdleTimeout({ minutes }));
      if (result.ok) set({ status: result.value });
      return result;
    },

    showCreateProfile(show) {
      set({ creatingProfile: show });
    }
  }));
}

export const useVault = createVaultStore(getApi);
