// `npm test`: lint, type-check, then every vitest project (unit, integration, e2e, electron).
// Ends with one line "tests: N passed, N failed, N skipped" that CI reads.
import { spawnSync } from 'node:child_process';
import { readFileSync, mkdirSync } from 'node:fs';

const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  return r.status ?? 1;
};
const bin = (name) => `node_modules/.bin/${name}`;

let status = 0;
for (const [name, args] of [
  ['build', ['scripts/build.mjs', '--quiet']],
]) {
  console.log(`\n== ${name}`);
  if (run(process.execPath, args) !== 0) process.exit(1);
}
for (const [name, cmd, args] of [
  ['lint', bin('eslint'), ['.']],
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']]
]) {
  console.log(`\n== ${name}`);
  if (run(cmd, args) !== 0) status = 1;
}

mkdirSync('dist', { recursive: true });
console.log('\n== vitest');
const vitestArgs = ['run', '--reporter=default', '--reporter=json', '--outputFile.json=dist/test-results.json', ...process.argv.slice(2)];
if (run(bin('vitest'), vitestArgs) !== 0) status = 1;

try {
  const r = JSON.parse(readFileSync('dist/test-results.json', 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numFailedTests > 0 || r.numPassedTests === 0) status = 1;
} catch {
  console.log('\ntests: 0 passed, 1 failed');
  status = 1;
}
process.exit(status);
