/**
 * What the preload exposes as `window.anxin`, built from an ipcRenderer-shaped object so
 * that it can be tested without Electron (tests/unit/preload-api.test.ts). The page gets
 * the contract's channels as namespaced verbs (cases.list, vault.unlock …) plus `onEvent`;
 * only `invoke` and one listener on EVENT_CHANNEL are used, and the IpcRendererEvent (which
 * carries `sender`, an ipcRenderer) is dropped before anything reaches the page.
 */
import { buildApi, type AnxinApi } from '../shared/ipc/api';
import { CHANNELS, EVENT_CHANNEL, EVENT_NAMES } from '../shared/ipc/channels';
import type { Result } from '../shared/result';

/** The two members of Electron's ipcRenderer the preload may touch. */
export type IpcRendererLike = {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
};

type PageListener = (payload: unknown) => void;

export function createPreloadApi(ipcRenderer: IpcRendererLike): AnxinApi {
  const listeners = new Map<string, Set<PageListener>>();

  // eslint-disable-next-line no-restricted-syntax -- the one event listener (EVENT_CHANNEL), see above
  ipcRenderer.on(EVENT_CHANNEL, (_event: unknown, message: unknown) => {
    if (typeof message !== 'object' || message === null) return;
    const { name, payload } = message as { name?: unknown; payload?: unknown };
    if (typeof name !== 'string') return;
    for (const listener of listeners.get(name) ?? []) {
      try {
        listener(payload);
      } catch {
        // One failing page listener must not stop the others.
      }
    }
  });

  function onEvent(name: string, listener: PageListener): () => void {
    if (!(EVENT_NAMES as readonly string[]).includes(name) || typeof listener !== 'function') return () => {};
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  // Exactly one argument crosses: the request. Nothing else the page passes is forwarded.
  const invoke = (channel: string, request: unknown) => ipcRenderer.invoke(channel, request) as Promise<Result<unknown>>;
  return buildApi(CHANNELS, invoke, onEvent);
}
