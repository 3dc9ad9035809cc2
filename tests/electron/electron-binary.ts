/**
 * Finds an Electron executable the way node_modules/electron/index.js does, WITHOUT
 * requiring 'electron' (which downloads the binary when it is missing). Same logic as
 * scripts/start-electron.mjs.
 */
import fs from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '..', '..');
const electronPackage = path.join(repo, 'node_modules', 'electron');

const platformExecutable = () =>
  process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron';

export function findElectronBinary(env: NodeJS.ProcessEnv = process.env): string | null {
  const pathFile = path.join(electronPackage, 'path.txt');
  const relative = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8').trim() : '';
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || platformExecutable())
    : relative
      ? path.join(electronPackage, 'dist', relative)
      : null;
  return candidate && fs.existsSync(candidate) ? candidate : null;
}
