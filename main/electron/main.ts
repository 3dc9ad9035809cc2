/**
 * The Electron entry point (bundled to dist/main/electron.cjs). Order matters here:
 * refuse debugging switches, privilege the app:// scheme, force the sandbox and move every
 * Chromium path under the data directory before the app is ready; take the single-instance
 * lock; then guard sessions and web contents, start the app, register IPC, open the window.
 */
import path from 'node:path';
import { app, dialog, protocol, session, BrowserWindow } from 'electron';
import { createAnxinMain, type AnxinMain } from '../app';
import { resolveDataDir } from '../data-dir';
import { registerIpc, sendEventToRenderers } from './ipc';
import { installLockTriggers } from './lock-triggers';
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
  app.on('second-instance', () => {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // Closing the window quits (on macOS too): a running app with no window would keep the
  // vault's keys in memory with nothing on screen to show it.
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', (event) => {
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

      anxin = await createAnxinMain({ dataDir, shell: 'electron', emit: sendEventToRenderers, log });
      const current = anxin;
      registerIpc(current.dispatch);
      installLockTriggers({ lock: (reason) => current.lock(reason), isPackaged: app.isPackaged, platform: process.platform });
      mainWindow = createMainWindow({ preloadPath: path.join(__dirname, '..', 'preload', 'preload.cjs'), isPackaged: app.isPackaged });
    })
    .catch((e: unknown) => {
      // The error's name only: its message could quote a path or data.
      log(`could not start: ${(e as Error)?.name ?? 'error'}`);
      dialog.showErrorBox('Anxin', 'Anxin could not start.');
      app.exit(1);
    });
}

start();
