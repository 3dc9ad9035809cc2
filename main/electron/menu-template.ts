/**
 * The application menu as a pure function of the UI language and the platform (no electron
 * import: tests/unit/electron-menu.test.ts builds it in all four languages). Labels come from
 * shared/i18n/features/desktop.ts; menu.ts hands the result to Menu.buildFromTemplate.
 *
 * What is in it, and why so little: Lock (CmdOrCtrl+L) and Quick exit (Shift+Escape, shown
 * here but registered globally by quick-exit-shortcut.ts), the Edit roles (copy/paste must work
 * in text fields on macOS), Window, and in development the developer tools. No Reload: it
 * would drop whatever is being typed. No Help links: every link is a place the app sends someone.
 */
import { matchLocale, translate, type Locale, type MessageKey } from '../../shared/i18n';
import { LOCK_ACCELERATOR, LOCK_MENU_ITEM_ID, QUICK_EXIT_ACCELERATOR, QUICK_EXIT_MENU_ITEM_ID } from './menu-ids';

/** The subset of Electron's MenuItemConstructorOptions the template uses. */
export type MenuItemSpec = {
  id?: string;
  label?: string;
  role?:
    | 'about'
    | 'hide'
    | 'hideOthers'
    | 'unhide'
    | 'quit'
    | 'close'
    | 'undo'
    | 'redo'
    | 'cut'
    | 'copy'
    | 'paste'
    | 'selectAll'
    | 'minimize'
    | 'toggleDevTools';
  type?: 'separator';
  accelerator?: string;
  registerAccelerator?: boolean;
  click?: () => void;
  submenu?: MenuItemSpec[];
};

export type MenuTemplateOptions = {
  locale: Locale;
  platform: NodeJS.Platform | string;
  isPackaged: boolean;
  onLock: () => void;
  onQuickExit: () => void;
};

/** The device's UI language (prefs), else the system's languages, else English. */
export function menuLocale(preferred: Locale | null, systemLanguages: readonly string[]): Locale {
  return preferred ?? matchLocale(systemLanguages);
}

export function buildMenuTemplate(opts: MenuTemplateOptions): MenuItemSpec[] {
  const t = (key: MessageKey) => translate(opts.locale, key);
  const mac = opts.platform === 'darwin';
  const separator: MenuItemSpec = { type: 'separator' };
  const template: MenuItemSpec[] = [];

  if (mac) {
    template.push({
      label: t('desktop.menu.app'),
      submenu: [
        { role: 'about', label: t('desktop.menu.about') },
        separator,
        { role: 'hide', label: t('desktop.menu.hide') },
        { role: 'hideOthers', label: t('desktop.menu.hideOthers') },
        { role: 'unhide', label: t('desktop.menu.showAll') },
        separator,
        { role: 'quit', label: t('desktop.menu.quit') }
      ]
    });
  }

  template.push({
    label: t('desktop.menu.file'),
    submenu: [
      { id: LOCK_MENU_ITEM_ID, label: t('desktop.menu.lock'), accelerator: LOCK_ACCELERATOR, click: () => opts.onLock() },
      {
        id: QUICK_EXIT_MENU_ITEM_ID,
        label: t('desktop.menu.quickExit'),
        accelerator: QUICK_EXIT_ACCELERATOR,
        // Shown, not registered: the global shortcut handles the key (also when unfocused).
        registerAccelerator: false,
        click: () => opts.onQuickExit()
      },
      separator,
      mac ? { role: 'close', label: t('desktop.menu.close') } : { role: 'quit', label: t('desktop.menu.quit') }
    ]
  });

  template.push({
    label: t('desktop.menu.edit'),
    submenu: [
      { role: 'undo', label: t('desktop.menu.undo') },
      { role: 'redo', label: t('desktop.menu.redo') },
      separator,
      { role: 'cut', label: t('desktop.menu.cut') },
      { role: 'copy', label: t('desktop.menu.copy') },
      { role: 'paste', label: t('desktop.menu.paste') },
      { role: 'selectAll', label: t('desktop.menu.selectAll') }
    ]
  });

  if (!opts.isPackaged) {
    template.push({ label: t('desktop.menu.develop'), submenu: [{ role: 'toggleDevTools', label: t('desktop.menu.devTools') }] });
  }

  template.push({
    label: t('desktop.menu.window'),
    submenu: [
      { role: 'minimize', label: t('desktop.menu.minimize') },
      { role: 'close', label: t('desktop.menu.close') }
    ]
  });
  return template;
}
