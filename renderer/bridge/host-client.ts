/**
 * The browser host's side of the bridge. The secret arrives in the URL fragment once; we keep
 * it in sessionStorage (this tab only, gone when the tab closes) and remove it from the
 * address bar so it is not bookmarked or shared.
 */
import type { Result } from '../../shared/result';

const SECRET_KEY = 'anxin.hostSecret';
const failure = (code: 'ipc/forbidden-sender' | 'internal', message: string): Result<never> => ({ ok: false, error: { code, message } });

export function createHostClient(location: Location, history: History, storage: Storage) {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('secret');
  if (fromHash) {
    storage.setItem(SECRET_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const secret = storage.getItem(SECRET_KEY) ?? '';

  async function invoke(channel: string, request: unknown): Promise<Result<unknown>> {
    if (!secret) return failure('ipc/forbidden-sender', 'Missing host secret: open the address printed by `npm run web`.');
    try {
      const res = await fetch(`/ipc/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Anxin-Secret': secret },
        body: JSON.stringify(request ?? {}),
        cache: 'no-store'
      });
      return (await res.json()) as Result<unknown>;
    } catch {
      return failure('internal', 'The Anxin host is not reachable. Is `npm run web` still running?');
    }
  }

  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let streaming = false;

  async function stream(): Promise<void> {
    let delay = 500;
    for (;;) {
      try {
        const res = await fetch('/events', { headers: { 'X-Anxin-Secret': secret }, cache: 'no-store' });
        if (!res.ok || !res.body) throw new Error(String(res.status));
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!frame.startsWith('data: ')) continue;
            const { name, payload } = JSON.parse(frame.slice(6)) as { name: string; payload: unknown };
            listeners.get(name)?.forEach((l) => l(payload));
          }
        }
      } catch {
        // Host restarting or gone: retry with backoff.
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  }

  function onEvent(name: string, listener: (payload: unknown) => void): () => void {
    if (!listeners.has(name)) listeners.set(name, new Set());
    listeners.get(name)!.add(listener);
    if (!streaming && secret) {
      streaming = true;
      void stream();
    }
    return () => listeners.get(name)?.delete(listener);
  }

  return { invoke, onEvent };
}
