// Builds everything the app runs: main (Electron entry and browser host), preload, renderer.
// esbuild for the Node-side bundles, Vite for the renderer.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const quiet = process.argv.includes('--quiet');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  sourcemap: false,
  logLevel: 'warning',
  define: { __ANXIN_VERSION__: JSON.stringify(pkg.version) }
};

await Promise.all([
  esbuild({ ...common, entryPoints: ['main/electron/main.ts'], outfile: 'dist/main/electron.cjs', packages: 'external' }),
  esbuild({ ...common, entryPoints: ['main/host/cli.ts'], outfile: 'dist/main/host.cjs', packages: 'external' }),
  // The sandboxed preload can require only 'electron': bundle everything else into it.
  esbuild({ ...common, entryPoints: ['preload/index.ts'], outfile: 'dist/preload/preload.cjs', external: ['electron'] })
]);
await viteBuild({ configFile: 'vite.config.ts', logLevel: quiet ? 'error' : 'warn' });
if (!quiet) console.log('built dist/');
