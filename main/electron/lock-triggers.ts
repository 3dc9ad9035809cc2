/**
 * Locks the vault when the person walks away: OS suspend and OS screen lock lock it
 * ('suspend'), the CmdOrCtrl+L menu accelerator locks it ('shortcut'). `lock` is the app's
 * own (main/app.ts), which drops the keys and emits 'vault:locked' to the renderer when a
 * vault was open.
 */
import { powerMonitor } from 'electron';
import type { LockReason } from '../../shared/ipc/contract';
import { installMenu } from './menu';

export function installLockTriggers(opts: { lock: (reason: LockReason) => void; isPackaged: boolean; platform: NodeJS.Platform }): () => void {
  const onSuspend = () => opts.lock('suspend');
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('lock-screen', onSuspend);
  installMenu({ onLock: () => opts.lock('shortcut'), isPackaged: opts.isPackaged, platform: opts.platform });
  return () => {
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('lock-screen', onSuspend);
  };
}
