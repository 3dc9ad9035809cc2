/**
 * Under the header, on every screen: a quiet line while an update downloads (with its
 * progress) and once it is ready ("installed when you quit"), with the restart button.
 * Nothing when there is no update. Also mounts the desktop event wiring.
 */
import { useEffect } from 'react';
import { getApi } from '../../bridge';
import { useT } from '../../app/i18n-store';
import { useNav } from '../../app/nav';
import { useVault } from '../vault/store';
import { useCaseFile } from '../case-file/store';
import { useNotes } from '../notes/store';
import { useQuickExit } from '../quick-exit/store';
import { registerUnsavedWorkSource } from './unsaved-work';
import { useUpdates } from './store';
import { DownloadProgress, RestartButton } from './UpdatesScreen';
import './updates.css';

/** Mount once (App): update status events, and quick exit from the global shortcut. */
export function useDesktopWiring(): void {
  useEffect(() => {
    const api = getApi();
    void useUpdates.getState().load();
    const offStatus = api.onEvent('desktop:updateStatus', (status) => useUpdates.getState().setStatus(status));
    // Main has locked and hidden the window; blank the page too (the in-window quick exit
    // does the same). Skipped when already blank, so main is not asked twice in a loop.
    const offQuickExit = api.onEvent('desktop:quickExit', () => {
      if (!useQuickExit.getState().blanked) useQuickExit.getState().trigger();
    });
    // What the features already know about unsaved work (reported before an update restart).
    const offCaseFile = registerUnsavedWorkSource(() => useCaseFile.getState().dirtyForms.size > 0);
    const offNotes = registerUnsavedWorkSource(() => {
      const notes = useNotes.getState();
      return notes.dirty || ['pending', 'saving', 'failed', 'conflict'].includes(notes.saveState);
    });
    return () => {
      offStatus();
      offQuickExit();
      offCaseFile();
      offNotes();
    };
  }, []);
}

export function UpdateBanner() {
  const t = useT();
  const status = useUpdates((s) => s.status);
  const unlocked = useVault((s) => s.status?.state === 'unlocked');
  const go = useNav((s) => s.go);
  const onUpdatesScreen = useNav((s) => s.view === 'updates') && unlocked;
  if (onUpdatesScreen || !status?.enabled || (status.state !== 'downloading' && status.state !== 'downloaded')) return null;
  return (
    <div className="info-banner update-banner" role="status" data-testid="update-banner" data-state={status.state}>
      {status.state === 'downloading' ? (
        <>
          <p>{t('desktop.updates.state.downloading', { version: status.version ?? '' })}</p>
          <DownloadProgress value={status.progress ?? 0} />
        </>
      ) : (
        <>
          <p>{t('desktop.updates.banner')}</p>
          {/* While a vault is open, restarting starts from Settings → Updates: no editor is
              open there, so nothing being typed is lost by the restart. */}
          {unlocked ? (
            <button type="button" className="button-secondary" onClick={() => go('updates')} data-testid="update-banner-details">
              {t('desktop.updates.details')}
            </button>
          ) : (
            <RestartButton />
          )}
        </>
      )}
    </div>
  );
}
