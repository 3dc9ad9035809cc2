// notes.autosave_p95_ms: p95 of the main-side save of one autosave revision of a 20 000-character
// interview (mixed Chinese and French, ~45 KB of UTF-8), over 150 autosaves — what happens after
// each pause in typing: validate, compare, seal (XChaCha20-Poly1305), insert, commit with
// synchronous=FULL, re-index the note in memory. Runs through a real unlocked session (case files
// and sync hooks included, as in the app).
// floor: the same bodies sealed with crypto.aeadSeal and inserted one per transaction with plain
// better-sqlite3 and the app's durability pragmas (WAL, synchronous=FULL) — the cost of a
// durable encrypted write, without the app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import * as crypto from '../main/services/crypto';
import { openUnlockedSession } from '../main/services/unlocked-session';
import { encodeHeader, RECORD_FORMAT_VERSION } from '../shared/records/header';
import type { InterviewContent } from '../shared/domain/notes/schemas';

const SAVES = 150;
const CHARS = 20_000;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1]!;
const round = (x: number) => Number(x.toFixed(2));

const SENTENCES = ['她说丈夫每天晚上喝酒以后就打她，孩子们都很害怕。', 'Elle a quitté la maison avec ses deux enfants et un sac. ', '她没有自己的钱，护照也被拿走了。', 'Ze wil Nederlandse les volgen en werk zoeken. '];
function noteOf(n: number): string {
  let s = '';
  for (let i = 0; s.length < n; i++) s += SENTENCES[i % SENTENCES.length];
  return s.slice(0, n);
}

function floorWrites(file: string, bodies: InterviewContent[]): number[] {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id TEXT NOT NULL, rev INTEGER NOT NULL, nonce BLOB NOT NULL, ciphertext BLOB NOT NULL, PRIMARY KEY (id, rev)) STRICT');
  const insert = db.prepare('INSERT INTO t (id, rev, nonce, ciphertext) VALUES (?, ?, ?, ?)');
  const key = crypto.randomKey();
  const id = crypto.randomId();
  const times: number[] = [];
  bodies.forEach((body, rev) => {
    const t0 = performance.now();
    const ad = encodeHeader({ v: RECORD_FORMAT_VERSION, id, kind: 'interview', revision: rev + 1, collection: '0'.repeat(32), device: '0'.repeat(16), hlc: `${'0'.repeat(13)}-00000-${'0'.repeat(16)}`, deleted: false });
    const sealed = crypto.aeadSeal(key, crypto.utf8.encode(JSON.stringify(body)), ad);
    db.transaction(() => insert.run(id, rev + 1, sealed.nonce, sealed.ciphertext))();
    times.push(performance.now() - t0);
  });
  db.close();
  return times;
}

async function main() {
  await crypto.initCrypto();
  const dir = mkdtempSync(join(tmpdir(), 'anxin-bench-notes-'));
  try {
    const session = openUnlockedSession({ profileId: '0123456789abcdef', displayName: 'Bench', profileDir: dir, masterKey: crypto.randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
    const meta = { interviewer: 'Bench', date: '2026-11-20', placeType: 'cafe' as const, languages: ['zh' as const, 'fr' as const], interpreter: null, othersPresent: '' };
    const created = session.notes.interviews.create({ templateId: 'builtin:story:zh-CN', meta, caseId: null });
    const base = noteOf(CHARS - 40);
    // Each autosave: the note as it grows by a few characters at the end (a pause in typing).
    const bodies: InterviewContent[] = [];
    for (let k = 0; k < SAVES; k++) {
      const text = base + noteOf(40).slice(0, (k % 40) + 1) + k;
      bodies.push({ meta, answers: { ...created.content.answers, 'what-happened': text.slice(0, CHARS) }, notes: '' });
    }
    let rev = created.revision;
    const times: number[] = [];
    for (const content of bodies) {
      const t0 = performance.now();
      rev = session.notes.interviews.save(created.id, rev, content).revision;
      times.push(performance.now() - t0);
    }
    if (rev !== created.revision + SAVES) throw new Error(`expected ${SAVES} revisions, got ${rev - created.revision}`);
    session.close();
    const floor = floorWrites(join(dir, 'floor.db'), bodies);
    const value = p95(times);
    const f = p95(floor);
    console.log(JSON.stringify({ name: 'notes.autosave_p95_ms', value: round(value), unit: 'ms', floor: round(f), ratio: round(value / f), samples: SAVES, chars: CHARS }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
