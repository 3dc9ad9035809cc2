/**
 * IPC handlers of shared/ipc/features/desktop.contract.ts: update status, settings and
 * installation. The update controller exists only in a packaged Electron build
 * (main/electron/main.ts passes it through createAnxinMain's `updates` option); the browser
 * host and development runs answer with a disabled status.
 */
import { AppError } from '../../../shared/errors';
import type { desktopContract, UpdateStatus } from '../../../shared/ipc/features/desktop.contract';
import { idleStatus, type UpdateController } from '../../services/updates/controller';
import { createUpdateSettings } from '../../services/updates/settings';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';

declare const __ANXIN_VERSION__: string | undefined;

export type DesktopOptions = {
  /** Present only where updates run (packaged Electron). */
  updates?: UpdateController | null;
};

function disabledStatus(shell: 'electron' | 'browser'): UpdateStatus {
  return idleStatus({ enabled: false, disabledReason: shell === 'browser' ? 'browser' : 'development' }, typeof __ANXIN_VERSION__ === 'string' ? __ANXIN_VERSION__ : '0.0.0-dev');
}

export function createDesktopHandlers(ctx: HandlerContext, opts: DesktopOptions = {}): HandlersFor<typeof desktopContract> {
  const settings = createUpdateSettings(ctx.dataDir);
  const updates = opts.updates ?? null;
  // What the renderer last reported; only meaningful while a vault is open.
  let unsavedWork = false;
  const disabled = () => new AppError('update/disabled', 'Updates are off in this version of Anxin');

  return {
    'desktop:updateStatus': () => updates?.status() ?? disabledStatus(ctx.shell),
    'desktop:checkForUpdates': async () => {
      if (!updates) throw disabled();
      return updates.checkNow();
    },
    'desktop:getUpdateSettings': () => settings.get(),
    'desktop:setUpdateSettings': (next) => {
      // Only someone who can open the vault may point this device to another update feed.
      ctx.unlocked();
      const saved = settings.set(next);
      updates?.settingsChanged();
      return saved;
    },
    'desktop:installUpdate': () => {
      if (!updates) throw disabled();
      updates.installNow({
        vaultUnlocked: ctx.current() !== null,
        unsavedWork,
        lock: () => ctx.lock('quit')
      });
      return null;
    },
    'desktop:reportUnsavedWork': ({ unsaved }) => {
      unsavedWork = unsaved;
      return null;
    }
  };
}
