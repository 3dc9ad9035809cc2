// Child process for sync-crash.test.ts: opens a device's data dir and pushes its outbox to the
// relay; the parent SIGKILLs it in the middle. argv: <device dir>. Bundled by the test with esbuild.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../main/db/connection';
import { fromHex, initCrypto } from '../../main/services/crypto';
import { createSealedStore } from '../../main/services/sealed-store';
import { createSyncService } from '../../main/services/sync';

async function main() {
  const [dir] = process.argv.slice(2);
  if (!dir) throw new Error('usage: sync-child <device dir>');
  await initCrypto();
  const masterKey = fromHex(readFileSync(join(dir, 'test-master-key'), 'utf8'));
  const db = openDatabase(join(dir, 'anxin.db'));
  const store = createSealedStore({ db, masterKey });
  const sync = createSyncService({ db, store, masterKey, autoStart: false });
  process.stdout.write(`ready ${sync.status().pending}\n`);
  // Keep writing while pushing, so the kill can also land in the middle of a local write.
  const collection = store.createCollection();
  let n = 0;
  const writer = setInterval(() => {
    store.put({ kind: 'case', collection, body: { pseudonym: `child ${n++}`, status: 'open', summary: '' } });
  }, 1);
  for (;;) {
    const s = await sync.syncNow();
    process.stdout.write(`cycle ${s.pending} ${s.errorCode ?? '-'}\n`);
    if (n > 100000) break;
  }
  clearInterval(writer);
}

main().catch((e) => {
  process.stderr.write(String(e instanceof Error ? e.stack : e));
  process.exit(1);
});
