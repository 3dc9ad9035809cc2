/**
 * Runs Electron-side reactions after a successful IPC call, without touching the app's
 * handlers: e.g. `prefs:set` changes the UI language → rebuild the native menu. No electron
 * import (tests/unit/electron-menu.test.ts).
 */
import type { Dispatch } from '../ipc/router';

export function withAfterDispatch(dispatch: Dispatch, after: Readonly<Record<string, () => void>>): Dispatch {
  return async (channel, request) => {
    const result = await dispatch(channel, request);
    const hook = Object.prototype.hasOwnProperty.call(after, channel) ? after[channel] : undefined;
    if (result.ok && hook) {
      try {
        hook();
      } catch {
        // A failing reaction (menu rebuild) must not turn a saved preference into an error.
      }
    }
    return result;
  };
}
