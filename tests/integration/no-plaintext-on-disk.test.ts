// GUIDE §4 test 1 for the local store: what a caseworker types never reaches the disk in the clear.
// A marker goes into every free-text field of cases, through edits, history and search; then every
// file under the data directory is scanned as raw bytes for it, in UTF-8 and UTF-16LE.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/connection';
import { createCaseService } from '../../main/services/cases';
import { initCrypto, randomKey } from '../../main/services/crypto';
import { createSealedStore } from '../../main/services/sealed-store';
import { createSearchIndex } from '../../main/services/search-index';

const MARKER = 'MARKER-7f3a 安心标记';
// The whole marker and each half: a field split across pages or re-encoded must not leak either.
const NEEDLES = [MARKER, 'MARKER-7f3a', '安心标记'];

type Finding = { file: string; needle: string; encoding: 'utf8' | 'utf16le' };

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const p = join(root, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

/** Every occurrence of any needle, in either encoding, in any file under `root`. */
function scan(root: string, needles: string[]): { findings: Finding[]; files: string[]; bytes: number } {
  const files = filesUnder(root);
  const findings: Finding[] = [];
  let bytes = 0;
  for (const file of files) {
    const data = readFileSync(file);
    bytes += data.length;
    for (const needle of needles) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        if (data.indexOf(Buffer.from(needle, encoding)) !== -1) findings.push({ file, needle, encoding });
      }
    }
  }
  return { findings, files, bytes };
}

let dir: string;
beforeAll(async () => {
  await initCrypto();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anxin-plaintext-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('no plaintext on disk (GUIDE §4 test 1)', () => {
  it('the scan finds a marker written in the clear (control)', () => {
    writeFileSync(join(dir, 'plain-utf8.txt'), `before ${MARKER} after`, 'utf8');
    writeFileSync(join(dir, 'plain-utf16.txt'), `before ${MARKER} after`, 'utf16le');
    const { findings } = scan(dir, [MARKER]);
    expect(findings.map((f) => [f.file.endsWith('utf8.txt') ? 'utf8-file' : 'utf16-file', f.encoding]).sort()).toEqual([
      ['utf16-file', 'utf16le'],
      ['utf8-file', 'utf8']
    ]);
  });

  it('a marker in every case field is absent from the DB, WAL and SHM — before checkpoint and after close', () => {
    const dbFile = join(dir, 'anxin.db');
    const db = openDatabase(dbFile);
    const store = createSealedStore({ db, masterKey: randomKey() });
    const index = createSearchIndex();
    const cases = createCaseService({ store, index });

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const c = cases.create({ pseudonym: `${MARKER} ${i}`, status: 'open', summary: `${MARKER}\n她说 ${MARKER} ${'情况记录 '.repeat(50)}` });
      const u = cases.update(c.id, 1, { pseudonym: `${MARKER} ${i}b`, status: 'active', summary: `edit ${MARKER}` });
      if (i % 5 === 0) cases.remove(u.id, u.revision);
      ids.push(c.id);
    }
    // Use every read path too: list, get, history, search (the index lives in memory only).
    expect(cases.list().length).toBe(16);
    expect(cases.get(ids[1]!).pseudonym).toContain(MARKER);
    expect(cases.history(ids[0]!)).toHaveLength(3);
    expect(index.search('安心标记').length).toBe(16);
    expect(index.search('marker-7f3a').length).toBe(16);

    // 1) Live, nothing checkpointed: the records sit in the WAL.
    const walSize = statSync(`${dbFile}-wal`).size;
    expect(walSize).toBeGreaterThan(0);
    const live = scan(dir, NEEDLES);
    expect(live.files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['anxin.db', 'anxin.db-shm', 'anxin.db-wal']);
    expect(live.findings).toEqual([]);
    // The scan did read real content: record ids are stored in the clear as routing metadata.
    expect(scan(dir, [ids[3]!]).findings.length).toBeGreaterThan(0);

    // 2) After lock and close: the WAL is checkpointed into the main file.
    store.close();
    index.clear();
    db.close();
    const closed = scan(dir, NEEDLES);
    expect(closed.files.map((f) => f.slice(dir.length + 1))).toEqual(['anxin.db']);
    expect(closed.bytes).toBeGreaterThan(40 * 1024); // ~40 sealed revisions of ~1 KB each
    expect(closed.findings).toEqual([]);
    expect(scan(dir, [ids[3]!]).findings.length).toBeGreaterThan(0);

    // 3) The same scan, same directory, finds the marker once it is written in the clear.
    writeFileSync(join(dir, 'leak.log'), MARKER);
    expect(scan(dir, NEEDLES).findings.map((f) => f.file.endsWith('leak.log'))).toContain(true);
  });
});
