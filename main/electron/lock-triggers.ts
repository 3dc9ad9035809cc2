/**
 * Locks the vault when the person walks away: OS suspend and OS screen lock lock it
 * ('suspend'). The CmdOrCtrl+L accelerator is in the menu (menu-template.ts). `lock` is the
 * app's own (main/app.ts), which drops the keys and emits 'vault:locked' to the renderer when
 * a vault was open.
 */
import { powerMonitor } from 'electron';
import type { LockReason } from '../../shared/ipc/contract';

export function installLockTriggers(opts: { lock: (reason: LockReason) => void }): () => void {
  const onSuspend = () => opts.lock('suspend');
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('lock-screen', onSuspend);
  return () => {
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('lock-screen', onSuspend);
  };
}
