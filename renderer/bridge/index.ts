/**
 * Typed access to main. In Electron the preload has put `window.anxin` there; in a browser
 * we talk to the browser host over loopback HTTP with the per-run secret. The renderer
 * cannot tell the two apart.
 */
import { buildApi, type AnxinApi } from '../../shared/ipc/api';
import { CHANNELS } from '../../shared/ipc/channels';
import { createHostClient } from './host-client';

declare global {
  interface Window {
    anxin?: AnxinApi;
  }
}

let api: AnxinApi | null = null;

export function getApi(): AnxinApi {
  if (api) return api;
  if (window.anxin) {
    api = window.anxin;
  } else {
    const client = createHostClient(window.location, window.history, window.sessionStorage);
    api = buildApi(CHANNELS, client.invoke, client.onEvent);
  }
  return api;
}
