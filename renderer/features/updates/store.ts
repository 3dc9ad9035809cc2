/**
 * Update status and settings as the UI sees them. The status comes from main (desktop:
 * updateStatus, and the event of the same name while checking/downloading); the settings
 * are device-wide and need an unlocked vault to change.
 */
import { create } from 'zustand';
import type { UpdateSettings, UpdateStatus } from '../../../shared/ipc/features/desktop.contract';
import type { Result } from '../../../shared/result';
import { getApi } from '../../bridge';
import { settle } from '../../app/notices';
import { anyUnsavedWork } from './unsaved-work';

type UpdatesState = {
  status: UpdateStatus | null;
  settings: UpdateSettings | null;
  setStatus: (status: UpdateStatus) => void;
  load: () => Promise<void>;
  checkNow: () => Promise<Result<UpdateStatus>>;
  saveSettings: (next: UpdateSettings) => Promise<Result<UpdateSettings>>;
  /** Reports unsaved work to main, then asks it to lock, restart and install. */
  restartAndInstall: () => Promise<Result<null>>;
};

export const useUpdates = create<UpdatesState>()((set) => ({
  status: null,
  settings: null,
  setStatus: (status) => set({ status }),
  load: async () => {
    const [status, settings] = await Promise.all([
      settle(() => getApi().desktop.updateStatus({})),
      settle(() => getApi().desktop.getUpdateSettings({}))
    ]);
    set({ status: status.ok ? status.value : null, settings: settings.ok ? settings.value : null });
  },
  checkNow: async () => {
    const result = await settle(() => getApi().desktop.checkForUpdates({}));
    if (result.ok) set({ status: result.value });
    return result;
  },
  saveSettings: async (next) => {
    const result = await settle(() => getApi().desktop.setUpdateSettings(next));
    if (result.ok) set({ settings: result.value });
    return result;
  },
  restartAndInstall: async () => {
    const reported = await settle(() => getApi().desktop.reportUnsavedWork({ unsaved: anyUnsavedWork() }));
    if (!reported.ok) return reported;
    return settle(() => getApi().desktop.installUpdate({}));
  }
}));
