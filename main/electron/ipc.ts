/**
 * Registers one ipcMain handler per contract channel. Each call is answered only when it
 * comes from the top frame of a page on app://anxin; anything else gets the
 * 'ipc/forbidden-sender' result without reaching a service. Validation, services and the
 * response check are all in `dispatch` (main/ipc/router.ts), shared with the browser host.
 */
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { CHANNELS, EVENT_CHANNEL } from '../../shared/ipc/channels';
import type { EventName, EventPayload } from '../../shared/ipc/contract';
import type { Dispatch } from '../ipc/router';
import { FORBIDDEN_SENDER_RESULT, isTrustedSender } from './security-policy';

function isTrustedEvent(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isTrustedSender(frame.url);
}

export function registerIpc(dispatch: Dispatch): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, request: unknown) =>
      isTrustedEvent(event) ? dispatch(channel, request) : Promise.resolve(FORBIDDEN_SENDER_RESULT)
    );
  }
  return () => {
    for (const channel of CHANNELS) ipcMain.removeHandler(channel);
  };
}

/** Pushes one event to every app window (the renderer listens through preload's onEvent). */
export function sendEventToRenderers<E extends EventName>(name: E, payload: EventPayload<E>): void {
  for (const win of BrowserWindow.getAllWindows()) {
    const contents = win.webContents;
    if (!contents.isDestroyed() && isTrustedSender(contents.getURL())) contents.send(EVENT_CHANNEL, { name, payload });
  }
}
