// Benchmarks for the sealed store and the search index (bench/run.mjs bundles and runs this).
//   store.insert_10k_ms     10k case-sized records through store.put in one transaction;
//                           floor = the same payloads sealed with crypto.aeadSeal and inserted
//                           with plain better-sqlite3 prepared statements in one transaction.
//   store.open_index_10k_ms open the DB, decrypt all 10k heads, build the search index (no KDF).
//   search.p95_ms           200 mixed Chinese/Latin queries over the 10k-case index.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../main/db/connection';
import { createCaseService } from '../main/services/cases';
import * as crypto from '../main/services/crypto';
import { createSealedStore } from '../main/services/sealed-store';
import { createSearchIndex } from '../main/services/search-index';
import { encodeHeader, RECORD_FORMAT_VERSION } from '../shared/records/header';
import { makeCases, makeQueries } from './fixtures';

const N = 10_000;
const REPS = 3;

const report = (name: string, value: number, unit: string, floor?: number) =>
  console.log(
    JSON.stringify({ name, value: round(value), unit, ...(floor === undefined ? {} : { floor: round(floor), ratio: round(value / floor, 3) }) })
  );
const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const time = (fn: () => void) => {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
};

/** Plain better-sqlite3 with the app's durability pragmas, one table of (id, nonce, ciphertext). */
function floorInsert(file: string, bodies: unknown[]): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id TEXT PRIMARY KEY, nonce BLOB NOT NULL, ciphertext BLOB NOT NULL) STRICT');
  const insert = db.prepare('INSERT INTO t (id, nonce, ciphertext) VALUES (?, ?, ?)');
  const key = crypto.randomKey();
  const ad = encodeHeader({ v: RECORD_FORMAT_VERSION, id: '0'.repeat(32), kind: 'case', revision: 1, collection: '0'.repeat(32), device: '0'.repeat(16), hlc: `${'0'.repeat(13)}-00000-${'0'.repeat(16)}`, deleted: false });
  const ms = time(() =>
    db.transaction(() => {
      for (const body of bodies) {
        const sealed = crypto.aeadSeal(key, crypto.utf8.encode(JSON.stringify(body)), ad);
        insert.run(crypto.randomId(), sealed.nonce, sealed.ciphertext);
      }
    })()
  );
  db.close();
  return ms;
}

/** The store: each record in its own collection, as cases are (collections made before timing). */
function storeInsert(file: string, masterKey: Uint8Array, bodies: unknown[]): number {
  const db = openDatabase(file);
  const store = createSealedStore({ db, masterKey });
  const collections = store.transaction(() => bodies.map(() => store.createCollection()));
  const ms = time(() =>
    store.transaction(() => {
      for (let i = 0; i < bodies.length; i++) store.put({ kind: 'case', collection: collections[i]!, body: bodies[i] });
    })
  );
  store.close();
  db.close();
  return ms;
}

function openAndIndex(file: string, masterKey: Uint8Array) {
  const db = openDatabase(file);
  const store = createSealedStore({ db, masterKey });
  const index = createSearchIndex();
  const cases = createCaseService({ store, index });
  const count = cases.indexAll();
  if (count !== N) throw new Error(`indexed ${count}, expected ${N}`);
  // The first search turns the index's build log into postings: part of building the index.
  if (index.search('police').length === 0) throw new Error('the index found nothing');
  return { db, store, index };
}

async function main() {
  await crypto.initCrypto();
  const dir = mkdtempSync(join(tmpdir(), 'anxin-bench-'));
  try {
    const bodies = makeCases(N);
    const masterKey = crypto.randomKey();
    // Warm-up: JIT and the WASM heap, so the first measured run is not penalised.
    floorInsert(join(dir, 'warm-floor.db'), bodies.slice(0, 1000));
    storeInsert(join(dir, 'warm-store.db'), masterKey, bodies.slice(0, 1000));

    const floors: number[] = [];
    const values: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      floors.push(floorInsert(join(dir, `floor-${rep}.db`), bodies));
      values.push(storeInsert(join(dir, `store-${rep}.db`), masterKey, bodies));
    }
    report('store.insert_10k_ms', median(values), 'ms', median(floors));

    const file = join(dir, 'store-0.db');
    const opens: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      let opened: ReturnType<typeof openAndIndex> | undefined;
      opens.push(time(() => (opened = openAndIndex(file, masterKey))));
      if (rep < REPS - 1) {
        opened!.store.close();
        opened!.db.close();
        continue;
      }
      const { db, store, index } = opened!;
      const queries = makeQueries(200);
      for (const q of queries.slice(0, 20)) index.search(q); // warm-up
      const latencies: number[] = [];
      let hits = 0;
      for (const q of queries) latencies.push(time(() => (hits += index.search(q).length)));
      latencies.sort((a, b) => a - b);
      if (hits === 0) throw new Error('the benchmark queries found nothing');
      report('store.open_index_10k_ms', median(opens), 'ms');
      report('search.p95_ms', latencies[Math.ceil(latencies.length * 0.95) - 1]!, 'ms');
      store.close();
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
