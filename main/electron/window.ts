/**
 * The one application window. webPreferences are written out literally (no
 * spread, no variable, no `satisfies` wrapper) so that electronegativity
 * (tests/unit/electronegativity.test.ts) can read them; tests/unit/electron-security.test.ts
 * parses this file and checks that the literal equals WEB_PREFERENCES, plus `preload` and
 * `devTools` (the two values only known at run time).
 */
import path from 'node:path';
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL, devToolsEnabled } from './security-policy';
import { MIN_SIZE, type WindowState } from './window-state';

export type MainWindowOptions = {
  /** Absolute path of dist/preload/preload.cjs. */
  preloadPath: string;
  isPackaged: boolean;
  /** Size, position, maximised (window-state.ts, already checked against the displays). */
  state: WindowState;
};

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: opts.state.width,
    height: opts.state.height,
    ...(opts.state.x !== undefined && opts.state.y !== undefined ? { x: opts.state.x, y: opts.state.y } : {}),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'Anxin',
    backgroundColor: '#ffffff',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      partition: 'anxin',
      preload: path.resolve(opts.preloadPath),
      devTools: devToolsEnabled(opts.isPackaged)
    }
  });
  // Screen capture and screen sharing show a blank window (macOS, Windows): an abuser
  // watching a shared or remotely monitored screen sees nothing of the case files.
  win.setContentProtection(true);
  // Only geometry is restored: the page always starts at the unlock screen (the vault is
  // locked at start), and nothing tells it which case was open.
  win.once('ready-to-show', () => (opts.state.maximized ? win.maximize() : win.show()));
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
