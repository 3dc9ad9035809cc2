/**
 * Installs the application menu built by menu-template.ts (a pure function, tested in all
 * four languages). Called again whenever the device's UI language changes (prefs:set).
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuTemplateOptions } from './menu-template';

export function installMenu(opts: MenuTemplateOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(opts) as MenuItemConstructorOptions[]));
}
