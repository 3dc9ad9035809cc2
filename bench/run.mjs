// `npm run bench`: bundles each bench/*.ts (except shared fixtures) with esbuild to
// dist/bench/*.cjs (packages external, so better-sqlite3 and libsodium load from node_modules)
// and runs them one after another on this Node. Each prints one JSON object per line:
// {"name", "value", "unit"} plus "floor" and "ratio" where a floor is measured in the same run.
// `node bench/run.mjs store` runs only bench/store.ts.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.slice(2);
const names = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'fixtures.ts')
  .map((f) => f.slice(0, -3))
  .filter((n) => only.length === 0 || only.includes(n));

await build({
  entryPoints: names.map((n) => join(root, 'bench', `${n}.ts`)),
  outdir: join(root, 'dist/bench'),
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  packages: 'external',
  logLevel: 'warning',
  define: { __ANXIN_VERSION__: '"bench"' }
});

let failed = 0;
for (const name of names) {
  const r = spawnSync(process.execPath, ['--expose-gc', join(root, 'dist/bench', `${name}.cjs`)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  for (const line of r.stdout.split('\n').filter(Boolean)) {
    try {
      JSON.parse(line);
    } catch {
      console.error(`bench/${name}: not a JSON line: ${line}`);
      failed++;
      continue;
    }
    console.log(line);
  }
  if (r.status !== 0) {
    console.error(`bench/${name} exited with ${r.status ?? r.signal}`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
