/** Menu constants without an electron import, so tests/electron can name the menu items. */
import { SHORTCUTS } from '../../shared/domain/shortcuts';

export const LOCK_ACCELERATOR = SHORTCUTS.lock.accelerator;
export const LOCK_MENU_ITEM_ID = 'vault-lock';
export const QUICK_EXIT_ACCELERATOR = SHORTCUTS.quickExit.accelerator;
export const QUICK_EXIT_MENU_ITEM_ID = 'quick-exit';
