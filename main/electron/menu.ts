/**
 * A minimal application menu: Edit (so copy/paste work in text fields on macOS), Lock
 * (CmdOrCtrl+L) and, in development only, the developer tools. No reload: reloading would
 * drop whatever is being typed. The labels are English for now; translating the menu with
 * the renderer's catalogues is a separate issue.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { LOCK_ACCELERATOR, LOCK_MENU_ITEM_ID } from './menu-ids';

export type MenuOptions = {
  onLock: () => void;
  isPackaged: boolean;
  platform: NodeJS.Platform;
};


export function installMenu(opts: MenuOptions): void {
  const template: MenuItemConstructorOptions[] = [];
  if (opts.platform === 'darwin') template.push({ role: 'appMenu' });
  template.push({
    label: 'Vault',
    submenu: [
      { id: LOCK_MENU_ITEM_ID, label: 'Lock', accelerator: LOCK_ACCELERATOR, click: () => opts.onLock() },
      { type: 'separator' },
      opts.platform === 'darwin' ? { role: 'close' } : { role: 'quit' }
    ]
  });
  template.push({ role: 'editMenu' });
  if (!opts.isPackaged) template.push({ label: 'Develop', submenu: [{ role: 'toggleDevTools' }] });
  template.push({ role: 'windowMenu' });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
