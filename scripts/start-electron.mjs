// `npm start` (after the build): runs the built app in Electron. Finds the Electron binary
// the way node_modules/electron/index.js does, but WITHOUT requiring 'electron': that module
// downloads the binary when it is missing, and this script must never touch the network.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronPackage = path.join(repo, 'node_modules', 'electron');

function platformExecutable() {
  switch (process.platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** The Electron executable, or null when none is installed. */
export function findElectronBinary(env = process.env) {
  const pathFile = path.join(electronPackage, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const candidate = env.ELECTRON_OVERRIDE_DIST_PATH
    ? path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || platformExecutable())
    : relative
      ? path.join(electronPackage, 'dist', relative)
      : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const binary = findElectronBinary();
  if (!binary) {
    console.error(
      'Electron binary unavailable: node_modules/electron has no downloaded binary and ELECTRON_OVERRIDE_DIST_PATH is not set.\n' +
        'Use `npm run web` to run Anxin in your browser instead.'
    );
    process.exit(1);
  }
  const entry = path.join(repo, 'dist', 'main', 'electron.cjs');
  if (!existsSync(entry)) {
    console.error('dist/main/electron.cjs is missing: run `npm run build` first.');
    process.exit(1);
  }
  // Start the app folder (package.json "main" is dist/main/electron.cjs), so the app has its
  // own name and version as when packaged. Never let a stray ELECTRON_RUN_AS_NODE turn the
  // binary into a plain Node.js.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [repo, ...process.argv.slice(2)], { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (e) => {
    console.error(`Could not start Electron: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
