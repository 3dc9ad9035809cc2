/**
 * The main process without Electron: one object that owns the vault state and answers the
 * IPC contract. The Electron shell (main/electron/) and the browser host (main/host/) both
 * create it and route their calls to `dispatch`; neither holds any state of its own.
 */
import type { EventName, EventPayload, LockReason, VaultStatus } from '../shared/ipc/contract';
import { AppError } from '../shared/errors';
import { createDispatch, type Dispatch, type Handlers } from './ipc/router';
import { initCrypto, type KdfParams } from './services/crypto';
import { createVault, type OpenedVault } from './services/vault';
import { openUnlockedSession, type UnlockedSession } from './services/unlocked-session';
import { createIdleLock, type Timers } from './services/idle-lock';
import { createPreferences } from './services/preferences';
import type { HandlerContext } from './ipc/context';
import { createCaseFilesHandlers } from './ipc/handlers/case-files';
import { createNotesHandlers } from './ipc/handlers/notes';
import { createSyncHandlers } from './ipc/handlers/sync';
import { createDesktopHandlers, type DesktopOptions } from './ipc/handlers/desktop';
import { createDirectoryHandlers } from './ipc/handlers/directory';
import { createReferralsHandlers } from './ipc/handlers/referrals';

declare const __ANXIN_VERSION__: string | undefined;

export type AnxinMainOptions = {
  dataDir: string;
  shell: 'electron' | 'browser';
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  kdfParams?: KdfParams;
  now?: () => number;
  timers?: Timers;
  /** Content-free operational log lines (never case data). */
  log?: (line: string) => void;
  /** Called after a quick exit has locked the vault (Electron hides the window). */
  onQuickExit?: () => void;
  /** Desktop integration (the update controller, packaged Electron only). */
  desktop?: DesktopOptions;
};

export type AnxinMain = {
  dispatch: Dispatch;
  lock(reason: LockReason): void;
  close(): Promise<void>;
};

export async function createAnxinMain(opts: AnxinMainOptions): Promise<AnxinMain> {
  await initCrypto();
  const vault = createVault({
    dataDir: opts.dataDir,
    ...(opts.kdfParams ? { kdfParams: opts.kdfParams } : {}),
    ...(opts.now ? { now: opts.now } : {})
  });
  const preferences = createPreferences(opts.dataDir);
  let session: UnlockedSession | null = null;
  const idle = createIdleLock(() => lock('idle'), opts.timers);

  function status(): VaultStatus {
    const v = session?.vault;
    return {
      state: v ? 'unlocked' : 'locked',
      profileId: v?.profileId ?? null,
      displayName: v?.displayName ?? null,
      recoveryKeyConfirmed: v?.recoveryKeyConfirmed ?? false,
      idleTimeoutMinutes: v?.idleTimeoutMinutes ?? 5
    };
  }

  function lock(reason: LockReason): void {
    if (!session) return;
    const s = session;
    session = null;
    idle.stop();
    s.close();
    opts.emit('vault:locked', { reason });
  }

  function begin(opened: OpenedVault): VaultStatus {
    lock('manual');
    session = openUnlockedSession(opened, opts.now);
    idle.start(opened.idleTimeoutMinutes);
    return status();
  }

  function unlocked(): UnlockedSession {
    if (!session) throw new AppError('vault/locked', 'The vault is locked');
    idle.touch();
    return session;
  }

  const ctx: HandlerContext = {
    dataDir: opts.dataDir,
    shell: opts.shell,
    unlocked,
    current: () => session,
    emit: opts.emit,
    lock,
    now: opts.now ?? Date.now
  };

  const handlers: Handlers = {
    'app:info': () => ({ version: typeof __ANXIN_VERSION__ === 'string' ? __ANXIN_VERSION__ : '0.0.0-dev', shell: opts.shell }),
    'prefs:get': () => preferences.get(),
    'prefs:set': (next) => preferences.set(next),
    'vault:listProfiles': () => vault.listProfiles(),
    'vault:status': () => status(),
    'vault:create': async ({ displayName, passphrase }) => {
      const { vault: opened, recoveryKey } = await vault.create(displayName, passphrase);
      return { status: begin(opened), recoveryKey };
    },
    'vault:unlock': async ({ profileId, passphrase }) => begin(await vault.unlock(profileId, passphrase)),
    'vault:lock': ({ reason }) => {
      lock(reason);
      return status();
    },
    'vault:confirmRecoveryKey': async ({ recoveryKey }) => {
      const s = unlocked();
      await vault.confirmRecoveryKey(s.vault.profileId, recoveryKey);
      s.vault.recoveryKeyConfirmed = true;
      return status();
    },
    'vault:rotateRecoveryKey': async () => {
      const s = unlocked();
      const recoveryKey = await vault.rotateRecoveryKey(s.vault.profileId, s.vault.masterKey);
      s.vault.recoveryKeyConfirmed = false;
      return { recoveryKey };
    },
    'vault:changePassphrase': async ({ currentPassphrase, newPassphrase }) => {
      const s = unlocked();
      await vault.changePassphrase(s.vault.profileId, currentPassphrase, newPassphrase);
      return null;
    },
    'vault:recover': async ({ profileId, recoveryKey, newPassphrase }) =>
      begin(await vault.recover(profileId, recoveryKey, newPassphrase)),
    'vault:setIdleTimeout': async ({ minutes }) => {
      const s = unlocked();
      await vault.setIdleTimeoutMinutes(s.vault.profileId, minutes);
      s.vault.idleTimeoutMinutes = minutes;
      idle.start(minutes);
      return status();
    },
    'session:activity': () => {
      if (session) idle.touch();
      return null;
    },
    'session:quickExit': () => {
      lock('quick-exit');
      opts.onQuickExit?.();
      return null;
    },
    'search:query': ({ text, limit }) => unlocked().index.search(text, limit ?? 50),
    ...createCaseFilesHandlers(ctx),
    ...createNotesHandlers(ctx),
    ...createSyncHandlers(ctx),
    ...createDesktopHandlers(ctx, opts.desktop),
    ...createDirectoryHandlers(ctx),
    ...createReferralsHandlers(ctx)
  };

  return {
    dispatch: createDispatch(handlers, opts.log),
    lock,
    async close() {
      lock('quit');
    }
  };
}
