import { useEffect } from 'react';
import { matchesShortcut } from '../../../shared/domain/shortcuts';
import { useT } from '../../app/i18n-store';
import { useQuickExit } from './store';
import './quick-exit.css';
import { useVault } from '../vault/store';
import { useCaseload } from '../caseload/store';
import { useCaseFile } from '../case-file/store';

/** The always-visible header button. */
export function QuickExitButton() {
  const t = useT();
  const trigger = useQuickExit((s) => s.trigger);
  return (
    <button
      type="button"
      className="quick-exit-button"
      onClick={trigger}
      title={t('caseFiles.quickExit.title')}
      aria-label={t('caseFiles.quickExit.button')}
      aria-keyshortcuts="Shift+Escape"
      data-testid="quick-exit"
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="icon">
        <path d="M10 4H5a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h5" />
        <path d="M15 8l4 4-4 4M19 12H9" />
      </svg>
      <span className="quick-exit-label">{t('caseFiles.quickExit.button')}</span>
    </button>
  );
}

/** A plain, neutral page: no name, no text, nothing to read over a shoulder. */
export function BlankScreen() {
  return <div className="blank-screen" data-testid="blank-screen" aria-hidden="true" />;
}

/** Mount once (App): the in-window shortcut; dropping the caseload and case file on any lock. */
export function useQuickExitWiring(): void {
  // Any lock (button, shortcut, idle, quick exit, `vault/locked`) drops the caseload and the
  // open case file too (app/session.ts drops the rest).
  useEffect(
    () =>
      useVault.subscribe((state) => {
        if (state.status?.state === 'unlocked') return;
        if (useCaseload.getState().loaded || useCaseload.getState().rows.length) useCaseload.getState().reset();
        if (useCaseFile.getState().caseId) useCaseFile.getState().reset();
      }),
    []
  );
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (matchesShortcut('quickExit', event)) {
        event.preventDefault();
        event.stopPropagation();
        useQuickExit.getState().trigger();
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, []);
}
