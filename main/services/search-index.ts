/**
 * Full-text search over decrypted records, in memory only (GUIDE §3): built after unlock from
 * the decrypted records, cleared at lock, never written to disk. A plaintext index on disk
 * would undo the encryption of everything it indexes.
 *
 * Terms:
 * - Latin, Cyrillic… words: compatibility-decomposed, diacritics dropped, lowercased, so
 *   'Hélène', 'helene' and full-width 'ＨＥＬＥＮＥ' are one term. Digits are kept.
 * - CJK (Han, kana, Hangul) has no spaces: each run is indexed as its overlapping bigrams plus
 *   its last character ('家暴持续' → 家暴 暴持 持续 续). Every character of a run thus starts
 *   some term, so a one-character query (a prefix search over those terms) finds it anywhere —
 *   the same matches as also indexing every single character, at half the index size.
 * Queries: every term must match (AND). A Latin term also matches words it is a prefix of
 * ('hel' → 'helene', at a lower weight); a CJK run of two or more characters must contain all
 * its bigrams ('家暴' finds '她说家暴持续了三年'). Ranking is BM25 with title hits counted twice.
 *
 * Why not minisearch (which the first design named, and which we measured): its radix tree
 * scans a node's children one by one, and with thousands of distinct Han characters at the root,
 * indexing 10 000 mixed Chinese/French cases took 26 s (9 s with hex-encoded CJK terms; ~1 µs per
 * Latin token even without CJK). Unlock would freeze the main process for that long.
 *
 * Layout, built for a fast bulk build at unlock:
 * - every distinct term gets a small integer id (Latin words via a string map; CJK bigrams via
 *   an integer key made from per-index character ids, so no string is built per CJK token);
 * - indexing a document appends one (term, doc, tf) entry per distinct term to flat typed
 *   arrays (repeats within the document bump the entry's tf);
 * - the first search after changes turns that log into per-term postings (a counting sort, tens
 *   of milliseconds for 10 000 cases); small later changes are scanned directly until they are
 *   worth a rebuild. Removed documents are skipped, and dropped from the log at the next build.
 */

export type SearchDoc = { id: string; kind: string; title: string; text: string };
export type SearchHit = { id: string; kind: string; title: string; score: number };

// ---- scanning text into terms ----

const CJK = 3;
const WORD = 2;
const OTHER = 1;
const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30fc\u3005]/u;
const WORD_RE = /[\p{L}\p{N}\p{M}]/u;
/** Character class by code point, filled lazily (ASCII up front): the scanner reads every record at unlock. */
const classes = new Uint8Array(0x110000);
for (let c = 0; c < 0x80; c++) classes[c] = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ? WORD : OTHER;
function classOf(cp: number): number {
  let c = classes[cp]!;
  if (c === 0) {
    const ch = String.fromCodePoint(cp);
    c = CJK_RE.test(ch) ? CJK : WORD_RE.test(ch) ? WORD : OTHER;
    classes[cp] = c;
  }
  return c;
}

/** Letters NFKD does not decompose but that people type without the diacritic or ligature. */
const FOLD_EXTRA: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const FOLD_EXTRA_RE = new RegExp(`[${Object.keys(FOLD_EXTRA).join('')}]`, 'g');
function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

export function foldLatin(word: string): string {
  if (isAscii(word)) return word.toLowerCase();
  return word
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(FOLD_EXTRA_RE, (c) => FOLD_EXTRA[c] ?? c);
}

/** Stands for "no second character": a CJK run's last character. 0 is never a CJK code point. */
const END = 0;

type Sink = { word(term: string): void; cjk(first: number, second: number): void };

/**
 * One pass over `text`. Words go to `sink.word` folded; each CJK run of length n gives n-1
 * bigrams, then (on the index side, or for a lone character in a query) its last character.
 */
function scan(text: string, sink: Sink, forQuery: boolean): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    let cp = text.charCodeAt(i);
    let width = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const cls = classOf(cp);
    if (cls === OTHER) {
      i += width;
    } else if (cls === WORD) {
      const start = i;
      let ascii = cp < 0x80;
      i += width;
      while (i < n) {
        const c = text.codePointAt(i)!;
        if (classOf(c) !== WORD) break;
        if (c >= 0x80) ascii = false;
        i += c > 0xffff ? 2 : 1;
      }
      const word = text.slice(start, i);
      const folded = ascii ? word.toLowerCase() : foldLatin(word);
      if (folded) sink.word(folded);
    } else {
      let prev = cp;
      let count = 1;
      i += width;
      while (i < n) {
        const c = text.codePointAt(i)!;
        if (classOf(c) !== CJK) break;
        sink.cjk(prev, c);
        prev = c;
        count++;
        i += c > 0xffff ? 2 : 1;
      }
      if (!forQuery || count === 1) sink.cjk(prev, END);
    }
  }
}

function readable(text: string, forQuery: boolean): string[] {
  const out: string[] = [];
  scan(text, { word: (t) => out.push(t), cjk: (a, b) => out.push(String.fromCodePoint(a) + (b === END ? '' : String.fromCodePoint(b))) }, forQuery);
  return out;
}
/** The terms a text is indexed under, readable (for tests and debugging). */
export const indexTerms = (text: string): string[] => readable(text, false);
/** The terms a query looks for, readable: a lone CJK character means "any term starting with it". */
export const queryTerms = (text: string): string[] => readable(text, true);

// ---- the index ----

type DocInfo = { id: string; kind: string; title: string; length: number };

const TITLE_WEIGHT = 2; // title terms are counted twice
const PREFIX_WEIGHT = 0.5;
const K1 = 1.2;
const B = 0.75;
/** Latin terms are also filed under their first 1..3 characters, for prefix queries. */
const PREFIX_BUCKET = 3;
/** Character ids below this pack two into one small-integer map key. */
const PACKED_CHARS = 32768;
/** Changes since the last build that a search scans directly before it rebuilds the postings. */
const DELTA_MAX = 65536;
const MAX_TF = 0xffff;

function grow<T extends Int32Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as { new (n: number): T })(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Open-addressing hash table from a packed character pair (a non-negative int32) to a term id. */
function createPairTable() {
  let bits = 16;
  let keys = new Int32Array(1 << bits).fill(-1);
  let vals = new Int32Array(1 << bits);
  let size = 0;
  const slot = (k: number, ks: Int32Array, b: number) => {
    const mask = (1 << b) - 1;
    let i = Math.imul(k, 0x9e3779b1) >>> (32 - b);
    while (ks[i] !== -1 && ks[i] !== k) i = (i + 1) & mask;
    return i;
  };
  return {
    get(k: number): number | undefined {
      const i = slot(k, keys, bits);
      return keys[i] === -1 ? undefined : vals[i];
    },
    set(k: number, v: number): void {
      if ((size + 1) * 2 > keys.length) {
        const oldKeys = keys;
        const oldVals = vals;
        bits++;
        keys = new Int32Array(1 << bits).fill(-1);
        vals = new Int32Array(1 << bits);
        for (let j = 0; j < oldKeys.length; j++) {
          if (oldKeys[j] === -1) continue;
          const i = slot(oldKeys[j]!, keys, bits);
          keys[i] = oldKeys[j]!;
          vals[i] = oldVals[j]!;
        }
      }
      const i = slot(k, keys, bits);
      if (keys[i] === -1) size++;
      keys[i] = k;
      vals[i] = v;
    }
  };
}

function newState() {
  return {
    docs: [] as Array<DocInfo | undefined>,
    byId: new Map<string, number>(),
    live: 0,
    liveLength: 0,
    termCount: 0,
    wordIds: new Map<string, number>(),
    wordText: new Map<number, string>(),
    prefixes: new Map<string, number[]>(),
    charIds: new Uint16Array(0x110000),
    charCount: 0,
    pairIds: createPairTable(),
    widePairIds: new Map<string, number>(),
    byFirstChar: new Map<number, number[]>(),
    /** The log: one entry per (term, document), in document order. */
    logTerm: new Int32Array(1 << 16),
    logDoc: new Int32Array(1 << 16),
    logTf: new Uint16Array(1 << 16),
    logLength: 0,
    /** Postings built from log[0, built): term t's entries are post*[offsets[t] .. offsets[t+1]). */
    built: 0,
    offsets: new Int32Array(1),
    postDoc: new Int32Array(0),
    postTf: new Uint16Array(0),
    /** Per term: the last document that used it and where its log entry is (merges repeats without sorting). */
    lastDoc: new Int32Array(1 << 16).fill(-1),
    lastEntry: new Int32Array(1 << 16)
  };
}
type State = ReturnType<typeof newState>;

function wordTerm(s: State, word: string, create: boolean): number | undefined {
  let id = s.wordIds.get(word);
  if (id === undefined && create) {
    id = s.termCount++;
    s.wordIds.set(word, id);
    s.wordText.set(id, word);
    for (let k = 1; k <= Math.min(PREFIX_BUCKET, word.length - 1); k++) {
      const key = word.slice(0, k);
      const bucket = s.prefixes.get(key);
      if (bucket) bucket.push(id);
      else s.prefixes.set(key, [id]);
    }
  }
  return id;
}

function charId(s: State, cp: number, create: boolean): number {
  let id = s.charIds[cp]!;
  if (id === 0 && create && s.charCount < 0xffff) s.charIds[cp] = id = ++s.charCount;
  return id === 0 ? PACKED_CHARS : id; // unknown → the wide (string-keyed) path
}

function cjkTerm(s: State, a: number, b: number, create: boolean): number | undefined {
  const ia = charId(s, a, create);
  const ib = b === END ? 0 : charId(s, b, create);
  let id: number | undefined;
  if (ia < PACKED_CHARS && ib < PACKED_CHARS) {
    const key = ia * PACKED_CHARS + ib;
    id = s.pairIds.get(key);
    if (id === undefined && create) s.pairIds.set(key, (id = s.termCount++));
    else return id;
  } else {
    const key = `${a}:${b}`;
    id = s.widePairIds.get(key);
    if (id === undefined && create) s.widePairIds.set(key, (id = s.termCount++));
    else return id;
  }
  const list = s.byFirstChar.get(a);
  if (list) list.push(id!);
  else s.byFirstChar.set(a, [id!]);
  return id;
}

/** Turns the log into per-term postings (counting sort), dropping entries of removed documents. */
function build(s: State): void {
  let w = 0;
  for (let r = 0; r < s.logLength; r++) {
    if (s.docs[s.logDoc[r]!] === undefined) continue;
    s.logTerm[w] = s.logTerm[r]!;
    s.logDoc[w] = s.logDoc[r]!;
    s.logTf[w] = s.logTf[r]!;
    w++;
  }
  s.logLength = w;
  const offsets = new Int32Array(s.termCount + 1);
  for (let r = 0; r < w; r++) offsets[s.logTerm[r]! + 1]!++;
  for (let t = 0; t < s.termCount; t++) offsets[t + 1]! += offsets[t]!;
  const next = offsets.slice(0, s.termCount);
  const postDoc = new Int32Array(w);
  const postTf = new Uint16Array(w);
  for (let r = 0; r < w; r++) {
    const p = next[s.logTerm[r]!]!++;
    postDoc[p] = s.logDoc[r]!;
    postTf[p] = s.logTf[r]!;
  }
  s.offsets = offsets;
  s.postDoc = postDoc;
  s.postTf = postTf;
  s.built = w;
}

export function createSearchIndex() {
  let s = newState();

  function forget(id: string) {
    const num = s.byId.get(id);
    if (num === undefined) return;
    s.liveLength -= s.docs[num]!.length;
    s.live--;
    s.docs[num] = undefined;
    s.byId.delete(id);
  }

  /** The term ids one query term stands for, with their weights; empty when nothing can match. */
  function sourcesFor(q: { word?: string; a?: number; b?: number }): Map<number, number> {
    const out = new Map<number, number>();
    if (q.word !== undefined) {
      const w = q.word;
      const exact = wordTerm(s, w, false);
      if (exact !== undefined) out.set(exact, 1);
      for (const id of s.prefixes.get(w.slice(0, Math.min(PREFIX_BUCKET, w.length))) ?? []) {
        const t = s.wordText.get(id)!;
        if (t.length > w.length && t.startsWith(w)) out.set(id, PREFIX_WEIGHT);
      }
    } else if (q.b !== END) {
      const id = cjkTerm(s, q.a!, q.b!, false);
      if (id !== undefined) out.set(id, 1);
    } else {
      for (const id of s.byFirstChar.get(q.a!) ?? []) out.set(id, 1);
    }
    return out;
  }

  /** doc → weighted tf for one query term: its postings plus any changes since the last build. */
  function gather(sources: Map<number, number>): Map<number, number> {
    const out = new Map<number, number>();
    const { docs, offsets, postDoc, postTf } = s;
    for (const [t, weight] of sources) {
      if (t + 1 >= offsets.length) continue; // a term newer than the last build
      for (let j = offsets[t]!; j < offsets[t + 1]!; j++) {
        const d = postDoc[j]!;
        if (docs[d] !== undefined) out.set(d, (out.get(d) ?? 0) + postTf[j]! * weight);
      }
    }
    for (let r = s.built; r < s.logLength; r++) {
      const weight = sources.get(s.logTerm[r]!);
      const d = s.logDoc[r]!;
      if (weight !== undefined && docs[d] !== undefined) out.set(d, (out.get(d) ?? 0) + s.logTf[r]! * weight);
    }
    return out;
  }

  return {
    upsert(doc: SearchDoc): void {
      forget(doc.id);
      const num = s.docs.length;
      let count = 0;
      let weight = TITLE_WEIGHT;
      const post = (t: number) => {
        count += weight;
        if (t >= s.lastDoc.length) {
          const old = s.lastDoc.length;
          s.lastDoc = grow(s.lastDoc, t + 1);
          s.lastDoc.fill(-1, old);
          s.lastEntry = grow(s.lastEntry, s.lastDoc.length);
        }
        if (s.lastDoc[t] === num) {
          const e = s.lastEntry[t]!;
          s.logTf[e] = Math.min(s.logTf[e]! + weight, MAX_TF);
          return;
        }
        if (s.logLength === s.logTerm.length) {
          s.logTerm = grow(s.logTerm, s.logLength + 1);
          s.logDoc = grow(s.logDoc, s.logLength + 1);
          s.logTf = grow(s.logTf, s.logLength + 1);
        }
        s.lastDoc[t] = num;
        s.lastEntry[t] = s.logLength;
        s.logTerm[s.logLength] = t;
        s.logDoc[s.logLength] = num;
        s.logTf[s.logLength] = weight;
        s.logLength++;
      };
      const sink: Sink = { word: (w) => post(wordTerm(s, w, true)!), cjk: (a, b) => post(cjkTerm(s, a, b, true)!) };
      scan(doc.title, sink, false);
      weight = 1;
      scan(doc.text, sink, false);
      s.docs.push({ id: doc.id, kind: doc.kind, title: doc.title, length: count });
      s.byId.set(doc.id, num);
      s.live++;
      s.liveLength += count;
    },

    remove(id: string): void {
      forget(id);
    },

    search(query: string, limit = 20): SearchHit[] {
      const terms: Array<{ word?: string; a?: number; b?: number }> = [];
      const seen = new Set<string>();
      const add = (key: string, term: { word?: string; a?: number; b?: number }) => {
        if (!seen.has(key)) {
          seen.add(key);
          terms.push(term);
        }
      };
      scan(query, { word: (word) => add(`w:${word}`, { word }), cjk: (a, b) => add(`c:${a}:${b}`, { a, b }) }, true);
      if (terms.length === 0 || s.live === 0 || limit <= 0) return [];
      const sources = terms.map(sourcesFor);
      if (sources.some((m) => m.size === 0)) return []; // AND: a term that matches nothing

      if (s.logLength - s.built > DELTA_MAX) build(s);
      const perTerm = sources.map(gather).sort((x, y) => x.size - y.size);
      const avgLength = s.liveLength / s.live || 1;
      const scores = new Map<number, number>();
      perTerm.forEach((tfs, k) => {
        const idf = Math.log(1 + (s.live - tfs.size + 0.5) / (tfs.size + 0.5));
        const candidates = k === 0 ? [...tfs.keys()] : [...scores.keys()];
        for (const d of candidates) {
          const tf = tfs.get(d);
          if (tf === undefined) {
            scores.delete(d); // AND: a document must match every term
            continue;
          }
          const norm = K1 * (1 - B + (B * s.docs[d]!.length) / avgLength);
          scores.set(d, (scores.get(d) ?? 0) + (idf * tf * (K1 + 1)) / (tf + norm));
        }
      });
      return [...scores]
        .sort((x, y) => y[1] - x[1] || x[0] - y[0])
        .slice(0, limit)
        .map(([d, score]) => {
          const { id, kind, title } = s.docs[d]!;
          return { id, kind, title, score };
        });
    },

    size(): number {
      return s.live;
    },

    /** Drops everything (at lock): a fresh state, so no term or title stays reachable. */
    clear(): void {
      s = newState();
    }
  };
}

export type SearchIndex = ReturnType<typeof createSearchIndex>;
