// vault.unlock_ms: what a caseworker waits for after typing the passphrase — Argon2id with
// KDF_DEFAULT, unwrap the master key, open the database and the sealed store (empty profile,
// so this is the fixed cost; store.open_index_10k_ms is the per-record cost on top).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initCrypto, KDF_DEFAULT } from '../main/services/crypto';
import { openUnlockedSession } from '../main/services/unlocked-session';
import { createVault } from '../main/services/vault';

const PASSPHRASE = 'correct horse battery staple 安心 7f3a';
const REPS = 3;

async function main() {
  await initCrypto();
  const dataDir = mkdtempSync(join(tmpdir(), 'anxin-bench-vault-'));
  try {
    const vault = createVault({ dataDir, kdfParams: KDF_DEFAULT });
    const { vault: created } = await vault.create('Bench', PASSPHRASE);
    openUnlockedSession(created).close(); // creates the database and its keyring
    const times: number[] = [];
    for (let i = 0; i < REPS; i++) {
      const t0 = performance.now();
      const session = openUnlockedSession(await vault.unlock(created.profileId, PASSPHRASE));
      times.push(performance.now() - t0);
      session.close();
    }
    const median = [...times].sort((a, b) => a - b)[Math.floor(REPS / 2)]!;
    console.log(JSON.stringify({ name: 'vault.unlock_ms', value: Number(median.toFixed(1)), unit: 'ms' }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
