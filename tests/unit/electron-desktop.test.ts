/**
 * Desktop integration pieces that need no Electron binary: the native menu template in all
 * four languages, the window-state file with its bounds sanity checks, when the global
 * quick-exit shortcut is held, and the prefs:set → menu rebuild hook.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHORTCUTS } from '../../shared/domain/shortcuts';
import { LOCALES, translate, type Locale } from '../../shared/i18n';
import { withAfterDispatch } from '../../main/electron/dispatch-hooks';
import { LOCK_MENU_ITEM_ID, QUICK_EXIT_MENU_ITEM_ID } from '../../main/electron/menu-ids';
import { buildMenuTemplate, menuLocale, type MenuItemSpec } from '../../main/electron/menu-template';
import { createQuickExitShortcut } from '../../main/electron/quick-exit-shortcut';
import {
  DEFAULT_SIZE,
  loadWindowState,
  MIN_SIZE,
  sanitiseWindowState,
  saveWindowState,
  WINDOW_STATE_FILE,
  type Rect
} from '../../main/electron/window-state';
import { makeTempDir } from '../helpers/temp-dir';

const flatten = (items: MenuItemSpec[]): MenuItemSpec[] => items.flatMap((i) => [i, ...flatten(i.submenu ?? [])]);

function build(locale: Locale, platform = 'linux', isPackaged = true) {
  const calls: string[] = [];
  const template = buildMenuTemplate({ locale, platform, isPackaged, onLock: () => calls.push('lock'), onQuickExit: () => calls.push('quick-exit') });
  return { template, items: flatten(template), calls };
}

describe('the native menu', () => {
  it.each(LOCALES)('is fully labelled in %s, with lock and quick exit', (locale) => {
    const { template, items, calls } = build(locale);
    // Every item except separators has a label in this language (roles too: no English leaks).
    for (const item of items) if (item.type !== 'separator') expect(item.label, JSON.stringify(item)).toBeTruthy();
    expect(template.map((m) => m.label)).toEqual([
      translate(locale, 'desktop.menu.file'),
      translate(locale, 'desktop.menu.edit'),
      translate(locale, 'desktop.menu.window')
    ]);
    const lock = items.find((i) => i.id === LOCK_MENU_ITEM_ID)!;
    expect(lock).toMatchObject({ label: translate(locale, 'desktop.menu.lock'), accelerator: SHORTCUTS.lock.accelerator });
    const quick = items.find((i) => i.id === QUICK_EXIT_MENU_ITEM_ID)!;
    // Shown in the menu, registered globally elsewhere.
    expect(quick).toMatchObject({ label: translate(locale, 'desktop.menu.quickExit'), accelerator: SHORTCUTS.quickExit.accelerator, registerAccelerator: false });
    lock.click!();
    quick.click!();
    expect(calls).toEqual(['lock', 'quick-exit']);
  });

  it('uses each language’s own words (not English everywhere)', () => {
    const labels = (locale: Locale) => flatten(build(locale).template).map((i) => i.label ?? '');
    expect(labels('zh-CN')).toContain('锁定');
    expect(labels('fr')).toContain('Verrouiller');
    expect(labels('nl')).toContain('Vergrendelen');
    expect(new Set(LOCALES.map((l) => labels(l).join('|'))).size).toBe(4);
  });

  it('has the macOS app menu on macOS only, and no reload or developer tools when packaged', () => {
    const mac = build('en', 'darwin');
    expect(mac.template[0]!.label).toBe('Anxin');
    expect(mac.items.some((i) => i.role === 'hide')).toBe(true);
    expect(build('en', 'win32').items.some((i) => i.role === 'hide')).toBe(false);
    for (const platform of ['darwin', 'win32', 'linux']) {
      const roles = build('en', platform).items.map((i) => i.role);
      expect(roles).not.toContain('toggleDevTools');
      expect(roles).not.toContain('reload');
    }
    expect(build('en', 'linux', false).items.map((i) => i.role)).toContain('toggleDevTools');
  });

  it("follows the device's UI language, else the system's languages", () => {
    expect(menuLocale('nl', ['zh-CN'])).toBe('nl');
    expect(menuLocale(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(menuLocale(null, ['fr-BE'])).toBe('fr');
    expect(menuLocale(null, [])).toBe('en');
  });

  it('is rebuilt after a successful prefs:set, and only then', async () => {
    let rebuilt = 0;
    const results: Record<string, boolean> = { 'prefs:set': true, 'cases:list': true };
    const dispatch = withAfterDispatch(
      async (channel) => (results[channel] ? { ok: true, value: null } : { ok: false, error: { code: 'internal', message: 'x' } }),
      { 'prefs:set': () => rebuilt++ }
    );
    await dispatch('prefs:set', { locale: 'fr' });
    await dispatch('cases:list', {});
    expect(rebuilt).toBe(1);
    results['prefs:set'] = false;
    expect((await dispatch('prefs:set', { locale: 'fr' })).ok).toBe(false);
    expect(rebuilt).toBe(1);
    // A failing rebuild does not turn the saved preference into an error.
    const throwing = withAfterDispatch(async () => ({ ok: true, value: 1 }), {
      'prefs:set': () => {
        throw new Error('menu');
      }
    });
    expect(await throwing('prefs:set', {})).toEqual({ ok: true, value: 1 });
  });
});

describe('window state', () => {
  const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
  const right: Rect = { x: 1920, y: 0, width: 1280, height: 1000 };
  const tmp = makeTempDir('anxin-window-');
  afterAll(() => tmp.cleanup());

  it('keeps a sensible saved state as it is', () => {
    expect(sanitiseWindowState({ x: 100, y: 80, width: 1000, height: 700, maximized: false }, [primary])).toEqual({
      x: 100,
      y: 80,
      width: 1000,
      height: 700,
      maximized: false
    });
    expect(sanitiseWindowState({ x: 2000, y: 50, width: 1000, height: 700, maximized: true }, [primary, right])).toMatchObject({ x: 2000, maximized: true });
  });

  it('clamps tiny and huge sizes', () => {
    expect(sanitiseWindowState({ x: 10, y: 10, width: 3, height: 2, maximized: false }, [primary])).toMatchObject({ width: MIN_SIZE.width, height: MIN_SIZE.height });
    expect(sanitiseWindowState({ x: 0, y: 0, width: 50_000, height: 40_000, maximized: false }, [primary])).toMatchObject({ width: 1920, height: 1040 });
    expect(sanitiseWindowState({ width: -5, height: 1.5 }, [primary])).toMatchObject({ width: MIN_SIZE.width, height: DEFAULT_SIZE.height });
  });

  it('centres on the primary display a window saved off every display (monitor unplugged)', () => {
    const state = sanitiseWindowState({ x: 2500, y: 200, width: 1000, height: 700, maximized: false }, [primary]);
    expect(state).toEqual({ x: 460, y: 170, width: 1000, height: 700, maximized: false });
    // Title bar just above the top edge, or a sliver at the left edge: not reachable either.
    expect(sanitiseWindowState({ x: 100, y: -600, width: 1000, height: 700 }, [primary]).y).toBe(170);
    expect(sanitiseWindowState({ x: -990, y: 100, width: 1000, height: 700 }, [primary]).x).toBe(460);
    // A secondary display that sits left of the primary (negative coordinates) is fine.
    const left: Rect = { x: -1280, y: 0, width: 1280, height: 1000 };
    expect(sanitiseWindowState({ x: -1200, y: 100, width: 1000, height: 700 }, [primary, left]).x).toBe(-1200);
  });

  it('falls back to defaults for missing, broken or hostile content', () => {
    for (const raw of [null, 'x', 42, [], { x: '10', y: '10' }, { width: Number.NaN }, { x: 1e12, y: 0, width: 800, height: 600 }]) {
      const s = sanitiseWindowState(raw, [primary]);
      expect(s.width).toBeGreaterThanOrEqual(MIN_SIZE.width);
      expect(s.height).toBeGreaterThanOrEqual(MIN_SIZE.height);
      if (s.x !== undefined) expect(Math.abs(s.x)).toBeLessThan(100_000);
    }
    expect(sanitiseWindowState(null, [primary])).toEqual({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height, maximized: false });
  });

  it('writes and reads the device-wide file, holding geometry only', () => {
    saveWindowState(tmp.dir, { x: 120.4, y: 60, width: 1100, height: 760 }, true);
    const file = path.join(tmp.dir, WINDOW_STATE_FILE);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ x: 120, y: 60, width: 1100, height: 760, maximized: true });
    expect(loadWindowState(tmp.dir, [primary])).toEqual({ x: 120, y: 60, width: 1100, height: 760, maximized: true });
    fs.writeFileSync(file, '{ broken');
    expect(loadWindowState(tmp.dir, [primary])).toEqual({ width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height, maximized: false });
    expect(loadWindowState(path.join(tmp.dir, 'missing'), [primary]).width).toBe(DEFAULT_SIZE.width);
  });
});

describe('the global quick-exit shortcut', () => {
  function setup(registerSucceeds = true) {
    const log: string[] = [];
    let triggered = 0;
    const shortcut = createQuickExitShortcut({
      accelerator: SHORTCUTS.quickExit.accelerator,
      backend: {
        register: (acc, cb) => {
          log.push(`register ${acc}`);
          if (registerSucceeds) cb();
          return registerSucceeds;
        },
        unregister: (acc) => void log.push(`unregister ${acc}`)
      },
      onTrigger: () => triggered++
    });
    return { shortcut, log, triggered: () => triggered };
  }

  it('is held while the window is visible (locked or not), released when hidden, minimised or closed', () => {
    const { shortcut, log, triggered } = setup();
    shortcut.update({ visible: true, minimized: false });
    expect(shortcut.isRegistered()).toBe(true);
    expect(triggered()).toBe(1); // the callback given to the backend is the trigger
    shortcut.update({ visible: true, minimized: false }); // no double registration
    shortcut.update({ visible: false, minimized: false }); // quick exit hid it
    expect(shortcut.isRegistered()).toBe(false);
    shortcut.update({ visible: true, minimized: false });
    shortcut.update({ visible: true, minimized: true });
    expect(shortcut.isRegistered()).toBe(false);
    shortcut.update({ visible: true, minimized: false });
    shortcut.dispose();
    shortcut.update({ visible: true, minimized: false }); // nothing after quit
    expect(log).toEqual([
      'register Shift+Escape',
      'unregister Shift+Escape',
      'register Shift+Escape',
      'unregister Shift+Escape',
      'register Shift+Escape',
      'unregister Shift+Escape'
    ]);
  });

  it('copes with the key being taken by another program', () => {
    const { shortcut } = setup(false);
    shortcut.update({ visible: true, minimized: false });
    expect(shortcut.isRegistered()).toBe(false);
  });
});
