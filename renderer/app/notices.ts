/**
 * The one place errors that are not shown next to a form end up: a banner under the header.
 * Nothing fails silently. `vault/locked` is not a banner: it means main has already dropped
 * the keys, so the UI drops its data too and shows the unlock screen.
 */
import { create } from 'zustand';
import type { MessageKey } from '../../shared/i18n';
import type { AppErrorInfo, Result } from '../../shared/result';

type NoticeState = {
  error: AppErrorInfo | null;
  /** A short confirmation ("Saved", "Recovery key confirmed"); cleared on the next action. */
  info: MessageKey | null;
  showError: (error: AppErrorInfo) => void;
  showInfo: (key: MessageKey) => void;
  dismissError: () => void;
  dismissInfo: () => void;
  clear: () => void;
};

export const useNotices = create<NoticeState>()((set) => ({
  error: null,
  info: null,
  showError: (error) => set({ error, info: null }),
  showInfo: (info) => set({ info }),
  dismissError: () => set({ error: null }),
  dismissInfo: () => set({ info: null }),
  clear: () => set({ error: null, info: null })
}));

let onLockedError: () => void = () => {};

/** Registered once by the session wiring (app/session.ts). */
export function setLockedErrorHandler(handler: () => void): void {
  onLockedError = handler;
}

/** Returns true when the error was a lock (and has been handled as one). */
export function handleLockedError(error: AppErrorInfo): boolean {
  if (error.code !== 'vault/locked') return false;
  onLockedError();
  return true;
}

/** Shows an error in the global banner (or locks the UI for `vault/locked`). */
export function reportError(error: AppErrorInfo): void {
  if (handleLockedError(error)) return;
  useNotices.getState().showError(error);
}

/**
 * Awaits a bridge call and never throws: a rejected promise (a bridge or transport bug)
 * becomes an `internal` error, which the caller shows like any other.
 */
export async function settle<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    const result = await call();
    if (result && typeof result === 'object' && 'ok' in result) return result;
    return { ok: false, error: { code: 'internal', message: 'Malformed result from the bridge' } };
  } catch {
    return { ok: false, error: { code: 'internal', message: 'The bridge call failed' } };
  }
}

/**
 * One IPC call behind a store's busy flag: clears the last error and notice, then answers the
 * value, or undefined with the error in the store's `error` (a lock error is handled by locking).
 */
export function busyRunner(set: (patch: { busy?: boolean; error?: AppErrorInfo | null; notice?: null }) => void) {
  return async function run<T>(call: () => Promise<Result<T>>): Promise<T | undefined> {
    set({ busy: true, error: null, notice: null });
    const result = await settle(call);
    set({ busy: false });
    if (result.ok) return result.value;
    if (!handleLockedError(result.error)) set({ error: result.error });
    return undefined;
  };
}
