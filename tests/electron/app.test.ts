/**
 * The real Electron shell, driven by Playwright's `_electron` (GUIDE §5). Runs wherever an
 * Electron binary exists (node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH) and
 * reports "skipped: no Electron binary" elsewhere. Needs `npm run build` first
 * (`npm run test:electron` does both).
 *
 * What it checks in the running app: the window's isolation and sandbox from the page's
 * side, the CSP header and its effect, navigation/window.open/permissions denied, Chromium's
 * paths under the data directory, and the caseworker's path (create vault → case → lock →
 * unlock, and lock from the menu). Desktop integration: the menu in the chosen language,
 * quick exit (lock, hide, blank page, global shortcut released), single instance, updates
 * off in an unpackaged run. Then the data directory, Chromium's files included, is searched
 * for what was typed, and the app is launched again on the same data directory: it opens at
 * the unlock screen with the window where it was, and the passphrase opens the case again.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, WEB_PREFERENCES } from '../../main/electron/security-policy';
import { LOCK_MENU_ITEM_ID, QUICK_EXIT_ACCELERATOR, QUICK_EXIT_MENU_ITEM_ID } from '../../main/electron/menu-ids';
import { WINDOW_STATE_FILE } from '../../main/electron/window-state';
import { CreateVaultPage, RecoveryKeyPage, UnlockPage } from '../e2e/pages/vault-pages';
import { filesContaining, makeTempDir } from '../helpers/temp-dir';
import { findElectronBinary } from './electron-binary';

const repo = path.resolve(__dirname, '..', '..');
const ENTRY = path.join(repo, 'dist', 'main', 'electron.cjs');
const binary = findElectronBinary();
if (!binary) console.log('skipped: no Electron binary (node_modules/electron/dist or ELECTRON_OVERRIDE_DIST_PATH)');

const PASSPHRASE = 'harbour violet eleven slowly 安心';
const MARKER = 'ELECMARK-5e02';

describe.skipIf(!binary)(binary ? 'Anxin in Electron' : 'Anxin in Electron: skipped: no Electron binary', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let app: ElectronApplication;
  let page: Page;
  let env: Record<string, string>;

  async function launch(): Promise<void> {
    app = await _electron.launch({
      executablePath: binary!,
      // The app folder: package.json "main" is dist/main/electron.cjs, as when packaged.
      args: [repo],
      env,
      timeout: 60_000
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  }

  beforeAll(async () => {
    if (!fs.existsSync(ENTRY)) throw new Error('dist/main/electron.cjs is missing: run `npm run build` first');
    // Created here, not in the describe body: that body also runs when the suite is skipped.
    tmp = makeTempDir('anxin-electron-');
    env = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
    env['ANXIN_DATA_DIR'] = tmp.dir;
    await launch();
  }, 90_000);

  afterAll(async () => {
    await app?.close().catch(() => {});
    tmp?.cleanup();
  });

  it('shows the app from app://anxin', () => {
    expect(page.url().startsWith(`${APP_ORIGIN}/`)).toBe(true);
  });

  it('runs the page isolated, sandboxed and without Node.js', async () => {
    const seen = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        require: typeof w.require,
        process: typeof w.process,
        module: typeof w.module,
        Buffer: typeof w.Buffer,
        ipcRenderer: typeof w.ipcRenderer,
        anxinKeys: Object.keys((w.anxin ?? {}) as object).sort(),
        anxinFrozen: Object.isFrozen(w.anxin)
      };
    });
    expect(seen).toMatchObject({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', ipcRenderer: 'undefined' });
    expect(seen.anxinKeys).toEqual(expect.arrayContaining(['app', 'cases', 'onEvent', 'vault']));
    expect(seen.anxinFrozen).toBe(true);

    // webContents has no public getter for its preferences; the long-standing internal one is
    // used when present. The behaviour above is the check that does not depend on it.
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null };
      return wc.getLastWebPreferences?.() ?? null;
    });
    if (prefs) {
      for (const [key, value] of Object.entries(WEB_PREFERENCES)) {
        if (key !== 'partition') expect(prefs[key], key).toBe(value);
      }
    } else {
      console.log('webContents.getLastWebPreferences is unavailable; checked behaviour only');
    }
  });

  it('serves every app:// response with the CSP, and the CSP is in force', async () => {
    const header = await page.evaluate(async () => (await fetch('app://anxin/index.html')).headers.get('content-security-policy'));
    expect(header).toBe(CONTENT_SECURITY_POLICY);
    const evalResult = await page.evaluate(() => {
      try {
        return String((0, eval)('1 + 1'));
      } catch (e) {
        return (e as Error).name;
      }
    });
    expect(evalResult).toBe('EvalError');
    const inlineRan = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.appendChild(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
  });

  it('refuses to navigate away or open windows', async () => {
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.org/';
    });
    await page.waitForTimeout(300);
    expect(page.url()).toBe(before);
    const opened = await page.evaluate(() => window.open('https://example.org/') === null);
    expect(opened).toBe(true);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it('denies permissions', async () => {
    const states = await page.evaluate(async () => ({
      notifications: (await navigator.permissions.query({ name: 'notifications' })).state,
      geolocation: (await navigator.permissions.query({ name: 'geolocation' })).state
    }));
    expect(states).toEqual({ notifications: 'denied', geolocation: 'denied' });
  });

  it("keeps Chromium's files under the data directory", async () => {
    const paths = await app.evaluate(({ app: electronApp }) => ({
      userData: electronApp.getPath('userData'),
      sessionData: electronApp.getPath('sessionData'),
      crashDumps: electronApp.getPath('crashDumps')
    }));
    for (const [name, p] of Object.entries(paths)) {
      expect(path.relative(tmp.dir, p).startsWith('..'), `${name}: ${p}`).toBe(false);
    }
  });

  it('protects the window from screen capture (macOS, Windows)', async () => {
    if (process.platform !== 'darwin' && process.platform !== 'win32') return;
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isContentProtected())).toBe(true);
  });

  it('creates a vault, confirms the recovery key and adds a case', async () => {
    await new CreateVaultPage(page).create('Test Caseworker', PASSPHRASE);
    const recovery = new RecoveryKeyPage(page);
    const key = await recovery.readKey();
    await recovery.confirm(key);
    await page.getByTestId('case-new').click();
    await page.getByTestId('case-pseudonym').fill(`Lotus ${MARKER}`);
    await page.getByTestId('case-save').click();
    await expect.poll(() => page.getByText(MARKER).count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('locks from the lock button and unlocks with the passphrase', async () => {
    await page.getByTestId('lock-button').click();
    await page.getByTestId('unlock-passphrase').waitFor();
    expect(await page.getByText(MARKER).count()).toBe(0);
    await new UnlockPage(page).unlock(PASSPHRASE);
    await expect.poll(() => page.getByText(MARKER).count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('locks from the menu (CmdOrCtrl+L): main locks and tells the renderer', async () => {
    await app.evaluate(({ Menu }, id) => {
      Menu.getApplicationMenu()?.getMenuItemById(id)?.click();
    }, LOCK_MENU_ITEM_ID);
    await page.getByTestId('unlock-passphrase').waitFor({ timeout: 10_000 });
    expect(await page.getByText(MARKER).count()).toBe(0);
  });

  it('labels the native menu in the chosen UI language, and rebuilds it when it changes', async () => {
    const lockLabel = () => app.evaluate(({ Menu }, id) => Menu.getApplicationMenu()?.getMenuItemById(id)?.label ?? null, LOCK_MENU_ITEM_ID);
    await page.getByTestId('language-select').selectOption('fr');
    await expect.poll(lockLabel, { timeout: 5_000 }).toBe('Verrouiller');
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect.poll(lockLabel, { timeout: 5_000 }).toBe('锁定');
    await page.getByTestId('language-select').selectOption('en');
    await expect.poll(lockLabel, { timeout: 5_000 }).toBe('Lock');
  });

  it('keeps updates off in an unpackaged run', async () => {
    const status = await page.evaluate(async () => {
      const api = (window as unknown as { anxin: { desktop: { updateStatus: (r: object) => Promise<{ ok: boolean; value?: { enabled: boolean; disabledReason: string } }> } } }).anxin;
      return (await api.desktop.updateStatus({})).value;
    });
    expect(status).toMatchObject({ enabled: false, disabledReason: 'development' });
  });

  it('a second launch on the same data directory exits and leaves the first running', async () => {
    const second = spawn(binary!, [repo], { env, stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => second.on('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
  });

  it("quick exit (the global shortcut's path): locks, hides the window, blanks the page, releases the key", async () => {
    await new UnlockPage(page).unlock(PASSPHRASE);
    await expect.poll(() => page.getByText(MARKER).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await app.evaluate(({ globalShortcut }, acc) => globalShortcut.isRegistered(acc), QUICK_EXIT_ACCELERATOR)).toBe(true);
    // The menu item runs the same function as the global Shift+Escape.
    await app.evaluate(({ Menu }, id) => Menu.getApplicationMenu()?.getMenuItemById(id)?.click(), QUICK_EXIT_MENU_ITEM_ID);
    await expect.poll(() => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.isVisible()), { timeout: 5_000 }).toBe(false);
    await page.getByTestId('blank-screen').waitFor({ state: 'attached', timeout: 5_000 });
    expect(await page.getByText(MARKER).count()).toBe(0);
    expect(await app.evaluate(({ globalShortcut }, acc) => globalShortcut.isRegistered(acc), QUICK_EXIT_ACCELERATOR)).toBe(false);
    const status = await page.evaluate(async () => {
      const api = (window as unknown as { anxin: { vault: { status: (r: object) => Promise<{ value?: { state: string } }> } } }).anxin;
      return (await api.vault.status({})).value?.state;
    });
    expect(status).toBe('locked');
  });

  it('leaves nothing readable in the data directory after quitting', async () => {
    // Show the window again (as a relaunch would) and put it somewhere to be remembered.
    await app.evaluate(({ BrowserWindow }) => {
      const win = BrowserWindow.getAllWindows()[0]!;
      win.show();
      win.setBounds({ x: 40, y: 50, width: 1000, height: 700 });
    });
    await app.close();
    expect(filesContaining(tmp.dir, MARKER)).toEqual([]);
    expect(filesContaining(tmp.dir, PASSPHRASE)).toEqual([]);
    const saved = JSON.parse(fs.readFileSync(path.join(tmp.dir, WINDOW_STATE_FILE), 'utf8'));
    expect(Object.keys(saved).sort()).toEqual(['height', 'maximized', 'width', 'x', 'y']);
  });

  it('relaunches at the unlock screen, with the window where it was, and unlocks', async () => {
    await launch();
    await page.getByTestId('unlock-passphrase').waitFor({ timeout: 15_000 });
    expect(await page.getByText(MARKER).count()).toBe(0);
    const bounds = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getBounds());
    expect({ width: bounds.width, height: bounds.height }).toEqual({ width: 1000, height: 700 });
    await new UnlockPage(page).unlock(PASSPHRASE);
    await expect.poll(() => page.getByText(MARKER).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await app.close();
    expect(filesContaining(tmp.dir, MARKER)).toEqual([]);
  }, 90_000);
});
