/**
 * Wiring between main's session and the UI: the lock (button, Ctrl/Cmd+L, the `vault:locked`
 * event, any `vault/locked` error) drops every piece of case data from the stores; activity
 * is reported to main (throttled) so its idle timer knows someone is there.
 */
import { useEffect } from 'react';
import type { LockReason } from '../../shared/ipc/contract';
import { getApi } from '../bridge';
import { useCases } from '../features/cases/store';
import { flushNotes, useNotes } from '../features/notes/store';
import { useVault } from '../features/vault/store';
import { useNav } from './nav';
import { reportError, setLockedErrorHandler, settle, useNotices } from './notices';

export const ACTIVITY_THROTTLE_MS = 30_000;

/** Drops all case data held by the renderer and shows the unlock screen. Idempotent. */
export function dropSessionData(reason: LockReason | null): void {
  useCases.getState().reset();
  useNotes.getState().reset(); // sends any unsaved interview text before dropping it
  useVault.getState().markLocked(reason);
  useNav.getState().go('cases');
  useNotices.getState().clear();
}

export async function lockNow(reason: 'manual' | 'shortcut'): Promise<void> {
  // Unsaved interview text is saved before the keys go (bounded wait: a slow main cannot block the lock).
  await flushNotes();
  // Drop the data first: even if main fails to answer, nothing stays on screen.
  useCases.getState().reset();
  const result = await settle(() => getApi().vault.lock({ reason }));
  if (result.ok) {
    dropSessionData(reason);
    return;
  }
  reportError(result.error);
  await useVault.getState().refreshStatus();
}

const isUnlocked = () => useVault.getState().status?.state === 'unlocked';

/** Mount once, in App. */
export function useSessionWiring(): void {
  useEffect(() => {
    setLockedErrorHandler(() => dropSessionData(null));
    const off = getApi().onEvent('vault:locked', ({ reason }) => dropSessionData(reason));

    let lastActivity = 0;
    const activity = () => {
      const now = Date.now();
      if (!isUnlocked() || now - lastActivity < ACTIVITY_THROTTLE_MS) return;
      lastActivity = now;
      void settle(() => getApi().session.activity({})).then((result) => {
        if (!result.ok) reportError(result.error);
      });
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && (event.code === 'KeyL' || event.key.toLowerCase() === 'l')) {
        // Ctrl+L would otherwise focus the browser's address bar.
        event.preventDefault();
        if (isUnlocked()) void lockNow('shortcut');
        return;
      }
      activity();
    };

    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('pointerdown', activity, true);
    return () => {
      off();
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('pointerdown', activity, true);
      setLockedErrorHandler(() => {});
    };
  }, []);
}
