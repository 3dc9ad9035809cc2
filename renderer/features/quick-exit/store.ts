/**
 * Quick exit: someone walks in, she presses Shift+Escape or the header button. The window goes
 * blank at once (before main has even answered), every store drops its case data, and main
 * locks the vault (`session:quickExit`). The blank screen shows nothing: no app name, no case,
 * no title. The next key or click shows the unlock screen.
 */
import { create } from 'zustand';
import type { AnxinApi } from '../../../shared/ipc/api';
import { getApi } from '../../bridge';
import { dropSessionData } from '../../app/session';
import { settle } from '../../app/notices';
import { matchesShortcut } from '../../../shared/domain/shortcuts';
import { translate } from '../../../shared/i18n';
import { useI18n } from '../../app/i18n-store';

const MODIFIERS = ['Shift', 'Control', 'Alt', 'Meta'];

/**
 * Listens, from the moment of the blank, for the key or click that leaves it. Events older than
 * the blank (the key press that caused it) are ignored, as are modifiers alone.
 */
function listenForLeave(blankedAt: number, leave: () => void): void {
  if (typeof window === 'undefined') return;
  const onEvent = (event: Event) => {
    if (event.timeStamp <= blankedAt) return;
    if (event instanceof KeyboardEvent && (matchesShortcut('quickExit', event) || MODIFIERS.includes(event.key))) return;
    event.preventDefault();
    event.stopPropagation();
    window.removeEventListener('keydown', onEvent, true);
    window.removeEventListener('pointerdown', onEvent, true);
    leave();
  };
  window.addEventListener('keydown', onEvent, true);
  window.addEventListener('pointerdown', onEvent, true);
}

type QuickExitState = {
  blanked: boolean;
  /** Blank now, drop data now, then ask main to lock. No confirmation, by design. */
  trigger: () => void;
  /** The next key or click after the blank: show the (locked) app again. */
  dismiss: () => void;
};

export function createQuickExitStore(api: () => AnxinApi) {
  return create<QuickExitState>()((set, get) => ({
    blanked: false,
    trigger() {
      if (!get().blanked) {
        set({ blanked: true });
        if (typeof document !== 'undefined') document.title = '\u200b';
        listenForLeave(typeof performance === 'undefined' ? 0 : performance.now(), () => get().dismiss());
      }
      // The stores are emptied before main is asked: nothing stays behind even if main is slow.
      dropSessionData('quick-exit');
      // Errors are ignored on purpose: when locked already, there is nothing more to do, and a
      // banner would only draw attention.
      void settle(() => api().session.quickExit({}));
    },
    dismiss() {
      if (!get().blanked) return;
      if (typeof document !== 'undefined') document.title = translate(useI18n.getState().locale, 'app.name');
      set({ blanked: false });
    }
  }));
}

export const useQuickExit = createQuickExitStore(getApi);
