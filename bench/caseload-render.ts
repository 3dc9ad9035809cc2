// caseload.render_10k_ms: the browser host on a profile of 10 000 cases (made through the real
// services: vault with KDF_FLOOR parameters, sealed store, case files), driven in Chromium.
// Measured from the click on "Unlock" until the caseload list is interactive: the first rows
// are visible with the count of 10 000, and a scroll to the end renders the last row. This
// includes main's unlock (Argon2id at the floor, decrypting and indexing 10k cases),
// caseload:list over the loopback bridge, and the virtual list. Median of 3; the parts of the
// last run go to stderr.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as crypto from '../main/services/crypto';
import { createVault } from '../main/services/vault';
import { openUnlockedSession } from '../main/services/unlocked-session';
import { launchChromium, newPage, startHostProcess, stopHostProcess } from '../tests/e2e/fixtures';
import { makeCases } from './fixtures';

const N = 10_000;
const REPS = 3;
const PASSPHRASE = 'bench lantern copper seventeen 安心';
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const LANGS = ['mandarin', 'cantonese', 'wenzhou', 'hokkien', 'french', 'italian', 'dutch'];
const COUNTRIES = ['FR', 'IT', 'NL', 'BE', 'ES'];
const CITIES = ['Paris', 'Prato', 'Milano', 'Rotterdam', 'Bruxelles', 'Madrid'];
const WORKERS = ['Marie', 'Li Na', 'Sara', 'Anna', 'Wei'];
const STATUSES = ['open', 'active', 'closed'] as const;

async function makeProfile(dataDir: string): Promise<void> {
  await crypto.initCrypto();
  const vault = createVault({ dataDir, kdfParams: crypto.KDF_FLOOR });
  const { vault: opened, recoveryKey } = await vault.create('Bench', PASSPHRASE);
  await vault.confirmRecoveryKey(opened.profileId, recoveryKey);
  const session = openUnlockedSession({ ...opened, recoveryKeyConfirmed: true });
  let k = 7;
  const r = () => ((k = (k * 1103515245 + 12345) & 0x7fffffff), k / 0x7fffffff);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  try {
    session.store.transaction(() => {
      for (const b of makeCases(N, 600)) {
        const status = pick(STATUSES);
        session.cases.create({
          ...b,
          status,
          closure: status === 'closed' ? { reason: 'goals-met', note: '' } : null,
          languages: [pick(LANGS)],
          country: pick(COUNTRIES),
          city: pick(CITIES),
          assignedWorker: pick(WORKERS)
        });
      }
    });
  } finally {
    session.close();
  }
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'anxin-bench-render-'));
  const host = await (async () => {
    await makeProfile(dataDir);
    return startHostProcess(dataDir);
  })();
  const browser = await launchChromium();
  try {
    const times: number[] = [];
    let parts = '';
    for (let rep = 0; rep < REPS; rep++) {
      const page = await newPage(browser, host.url);
      await page.getByTestId('unlock-passphrase').fill(PASSPHRASE);
      const t0 = Date.now();
      await page.getByTestId('unlock-submit').click();
      await page.getByTestId('case-row').first().waitFor({ state: 'visible', timeout: 120_000 });
      await page.waitForFunction((n) => document.querySelector('[data-testid="case-list"]')?.getAttribute('data-count') === String(n), N, { timeout: 60_000 });
      const tFirst = Date.now();
      await page.getByTestId('case-list').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
      await page.locator(`li[data-index="${N - 1}"] [data-testid="case-row"]`).waitFor({ state: 'visible', timeout: 60_000 });
      const tEnd = Date.now();
      times.push(tEnd - t0);
      parts = `unlock → first rows ${tFirst - t0} ms, scroll to the end ${tEnd - tFirst} ms`;
      const rendered = await page.getByTestId('case-row').count();
      if (rendered > 100) throw new Error(`the list is not virtual: ${rendered} rows in the DOM`);
      await page.getByTestId('lock-button').click();
      await page.getByTestId('unlock-passphrase').waitFor();
      await page.context().close();
    }
    console.error(`caseload-render: ${parts}`);
    console.log(JSON.stringify({ name: 'caseload.render_10k_ms', value: round(median(times)), unit: 'ms' }));
  } finally {
    await browser.close();
    await stopHostProcess(host);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
