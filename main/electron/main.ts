/**
 * The Electron entry point (bundled to dist/main/electron.cjs). Order matters here:
 * refuse debugging switches, privilege the app:// scheme, force the sandbox and move every
 * Chromium path under the data directory before the app is ready; take the single-instance
 * lock; then guard sessions and web contents, start the app, register IPC, open the window.
 */
import path from 'node:path';
import { app, dialog, globalShortcut, protocol, screen, session, BrowserWindow } from 'electron';
import { createAnxinMain, type AnxinMain } from '../app';
import { resolveDataDir } from '../data-dir';
import { createPreferences } from '../services/preferences';
import { createUpdateController } from '../services/updates/controller';
import { updatesAvailability } from '../services/updates/policy';
import { createUpdateSettings, readBuiltInFeedUrl } from '../services/updates/settings';
import { SHORTCUTS } from '../../shared/domain/shortcuts';
import { withAfterDispatch } from './dispatch-hooks';
import { registerIpc, sendEventToRenderers } from './ipc';
import { installLockTriggers } from './lock-triggers';
import { installMenu } from './menu';
import { menuLocale } from './menu-template';
import { createQuickExitShortcut } from './quick-exit-shortcut';
import { createElectronUpdateEngine } from './updater';
import { loadWindowState, saveWindowState } from './window-state';
import { guardSession, guardWebContents } from './navigation-guards';
import { serveRenderer } from './protocol';
import {
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  electronPaths,
  findRefusedSwitches,
  REFUSED_SWITCHES,
  SESSION_PARTITION
} from './security-policy';
import { createMainWindow } from './window';

/** Content-free operational lines only, to stderr; Anxin never writes a log file. */
const log = (line: string) => process.stderr.write(`anxin: ${line}\n`);

function refusedSwitches(): string[] {
  const fromArgv = findRefusedSwitches(process.argv);
  const fromCommandLine = REFUSED_SWITCHES.filter((name) => app.commandLine.hasSwitch(name));
  return [...new Set([...fromArgv, ...fromCommandLine])];
}

function start(): void {
  if (app.isPackaged) {
    const refused = refusedSwitches();
    if (refused.length > 0) {
      log(`refusing to start with debugging or logging switches: ${refused.join(' ')}`);
      app.exit(1);
      return;
    }
  }

  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
  app.enableSandbox();

  // Everything Chromium writes (Local State, session data, crash dumps) goes under the one
  // data directory the person can find, back up or wipe. The session of the window itself is
  // in memory (SESSION_PARTITION); crash reporting is never started, so nothing is uploaded.
  const dataDir = resolveDataDir(process.env, process.platform, app.getPath('home'));
  const paths = electronPaths(dataDir);
  app.setPath('userData', paths.userData);
  app.setPath('sessionData', paths.sessionData);
  app.setPath('crashDumps', paths.crashDumps);
  app.setAppLogsPath(paths.logs);

  // The lock lives in userData, so it is per data directory.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  let anxin: AnxinMain | null = null;
  let mainWindow: BrowserWindow | null = null;
  let closed = false;

  app.on('session-created', guardSession);
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  // A second launch (and, on macOS, a click on the dock icon) brings the window back, also
  // after a quick exit hid it. It shows whatever the page shows: the blank screen or the
  // unlock screen, never case data (quick exit locked the vault).
  const bringBack = () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    if (!mainWindow.isVisible()) mainWindow.show();
    mainWindow.focus();
  };
  app.on('second-instance', bringBack);
  app.on('activate', bringBack);
  // Closing the window quits (on macOS too): a running app with no window would keep the
  // vault's keys in memory with nothing on screen to show it.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
    globalShortcut.unregisterAll();
    if (closed || !anxin) return;
    event.preventDefault();
    const current = anxin;
    anxin = null;
    void current
      .close()
      .catch(() => log('close failed'))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      const ses = session.fromPartition(SESSION_PARTITION);
      guardSession(session.defaultSession);
      guardSession(ses);
      serveRenderer(ses, path.join(__dirname, '..', 'renderer'));

      // Updates: packaged builds only (docs/release.md); the controller is plain and tested.
      const version = app.getVersion();
      const availability = updatesAvailability({ shell: 'electron', isPackaged: app.isPackaged, env: process.env });
      const updates = createUpdateController({
        availability,
        currentVersion: version,
        settings: createUpdateSettings(dataDir),
        builtInFeedUrl: app.isPackaged ? readBuiltInFeedUrl(process.resourcesPath) : null,
        engine: availability.enabled ? createElectronUpdateEngine({ currentVersion: version }) : null,
        platform: process.platform,
        arch: process.arch,
        emit: (status) => sendEventToRenderers('desktop:updateStatus', status),
        timers: {
          setTimeout: (fn, ms) => setTimeout(fn, ms),
          clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
        },
        log
      });

      // Quick exit (docs/electron-hardening.md): lock, hide the window, blank the page.
      const hideWindow = () => {
        if (!mainWindow || mainWindow.isDestroyed()) return;
        mainWindow.hide();
        if (process.platform === 'darwin') app.hide();
      };
      anxin = await createAnxinMain({
        dataDir,
        shell: 'electron',
        emit: sendEventToRenderers,
        log,
        onQuickExit: hideWindow,
        desktop: { updates }
      });
      const current = anxin;
      const quickExit = () => {
        void current.dispatch('session:quickExit', {}).finally(() => sendEventToRenderers('desktop:quickExit', {}));
      };
      const shortcut = createQuickExitShortcut({
        accelerator: SHORTCUTS.quickExit.accelerator,
        backend: { register: (acc, cb) => globalShortcut.register(acc, cb), unregister: (acc) => globalShortcut.unregister(acc) },
        onTrigger: quickExit,
        log
      });

      // The native menu follows the device's UI language and is rebuilt when it changes.
      const preferences = createPreferences(dataDir);
      const rebuildMenu = () =>
        installMenu({
          locale: menuLocale(preferences.get().locale, app.getPreferredSystemLanguages()),
          platform: process.platform,
          isPackaged: app.isPackaged,
          onLock: () => current.lock('shortcut'),
          onQuickExit: quickExit
        });
      rebuildMenu();
      registerIpc(withAfterDispatch(current.dispatch, { 'prefs:set': rebuildMenu }));
      installLockTriggers({ lock: (reason) => current.lock(reason) });

      const workAreas = () => {
        const primary = screen.getPrimaryDisplay();
        return [primary, ...screen.getAllDisplays().filter((d) => d.id !== primary.id)].map((d) => d.workArea);
      };
      const win = createMainWindow({
        preloadPath: path.join(__dirname, '..', 'preload', 'preload.cjs'),
        isPackaged: app.isPackaged,
        state: loadWindowState(dataDir, workAreas())
      });
      mainWindow = win;
      let saveTimer: ReturnType<typeof setTimeout> | null = null;
      const saveState = () => {
        if (win.isDestroyed()) return;
        try {
          saveWindowState(dataDir, win.getNormalBounds(), win.isMaximized());
        } catch {
          log('could not save the window state');
        }
      };
      const saveSoon = () => {
        if (saveTimer) clearTimeout(saveTimer);
        saveTimer = setTimeout(saveState, 500);
      };
      const syncShortcut = () => {
        if (!win.isDestroyed()) shortcut.update({ visible: win.isVisible(), minimized: win.isMinimized() });
      };
      win.on('resize', saveSoon);
      win.on('move', saveSoon);
      win.on('maximize', saveSoon);
      win.on('unmaximize', saveSoon);
      win.on('show', syncShortcut);
      win.on('hide', syncShortcut);
      win.on('minimize', syncShortcut);
      win.on('restore', syncShortcut);
      win.on('focus', syncShortcut);
      win.on('close', () => {
        if (saveTimer) clearTimeout(saveTimer);
        saveState();
        shortcut.dispose();
      });
      updates.start();
      app.on('before-quit', () => updates.stop());
    })
    .catch((e: unknown) => {
      // The error's name only: its message could quote a path or data.
      log(`could not start: ${(e as Error)?.name ?? 'error'}`);
      dialog.showErrorBox('Anxin', 'Anxin could not start.');
      app.exit(1);
    });
}

start();
