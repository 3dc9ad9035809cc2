/** Menu constants without an electron import, so tests/electron can name the lock item. */
export const LOCK_ACCELERATOR = 'CmdOrCtrl+L';
export const LOCK_MENU_ITEM_ID = 'vault-lock';
