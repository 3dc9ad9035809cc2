// Deterministic case-sized payloads and queries for the benchmarks: mixed Chinese and
// French/English text, ~2 KB of JSON per case, the shape of CaseFields.
import type { CaseFieldsInput as CaseFields } from '../shared/domain/case';

export const ZH_WORDS = [
  '家暴', '丈夫', '威胁', '孩子', '签证', '法院', '保护令', '庇护所', '警察', '律师', '翻译', '医院', '朋友', '住房', '移民',
  '工作', '离婚', '抚养权', '护照', '报警', '伤害', '恐惧', '逃离', '安全', '社工', '心理咨询', '经济控制', '监视', '手机', '跟踪'
];
export const LATIN_WORDS = [
  'hébergement', 'refuge', 'police', 'avocate', 'visa', 'enfant', 'menace', 'tribunal', 'entretien', 'sécurité', 'médecin',
  'interprète', 'logement', 'plainte', 'divorce', 'garde', 'passeport', 'shelter', 'court', 'hearing', 'lawyer', 'children',
  'threats', 'appointment', 'Montréal', 'Genève', 'Zürich', 'social', 'worker', 'safety', 'plan', 'emergency', 'contact', 'rendez-vous'
];
const PSEUDONYMS_ZH = ['小雨', '阿梅', '丽华', '晓燕', '春花', '秋月', '美玲', '海燕'];
const PSEUDONYMS_LATIN = ['Hélène', 'Mei', 'Anna', 'Léa', 'Chloé', 'Lin', 'Sophie', 'Zoé'];
const STATUSES = ['open', 'active', 'closed'] as const;

/** Small fast PRNG (mulberry32) so every run uses the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/**
 * A vocabulary with the diversity of real text, so the index sees thousands of distinct Han
 * characters and bigrams (a 30-word list would flatter any index): the named words first, then
 * generated words over ~2 500 Han characters / Latin syllables, drawn with a Zipf distribution.
 */
function vocabulary(seed: number, named: readonly string[], size: number, makeWord: (r: () => number) => string) {
  const r = prng(seed);
  const words = [...named];
  while (words.length < size) words.push(makeWord(r));
  // Zipf: P(rank k) ∝ 1/k, via a cumulative table and binary search.
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 1; k <= words.length; k++) cumulative.push((total += 1 / k));
  return (rr: () => number) => {
    const x = rr() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
}
const HAN_POOL = (() => {
  const r = prng(99);
  return Array.from({ length: 2500 }, () => String.fromCodePoint(0x4e00 + Math.floor(r() * (0x9fa5 - 0x4e00))));
})();
const SYLLABLES = ['ma', 'ri', 'on', 'le', 'ta', 'ché', 'vi', 'no', 'sa', 'tr', 'en', 'ou', 'pa', 'ge', 'mé', 'di', 'co', 'ra', 'st', 'ine'];
const zhWord = vocabulary(1, ZH_WORDS, 4000, (r) => Array.from({ length: 1 + Math.floor(r() * 3) }, () => pick(r, HAN_POOL)).join(''));
const latinWord = vocabulary(2, LATIN_WORDS, 3000, (r) => Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(r, SYLLABLES)).join(''));

export function makeCases(n: number, targetBytes = 2000, seed = 42): CaseFields[] {
  const r = prng(seed);
  const enc = new TextEncoder();
  const out: CaseFields[] = [];
  for (let i = 0; i < n; i++) {
    const pseudonym = `${pick(r, r() < 0.5 ? PSEUDONYMS_ZH : PSEUDONYMS_LATIN)} ${i}`;
    const parts: string[] = [];
    let bytes = 80;
    while (bytes < targetBytes) {
      // About half the bytes Chinese (runs of words up to a punctuation mark), half French/English.
      const w =
        r() < 0.3
          ? Array.from({ length: 2 + Math.floor(r() * 6) }, () => zhWord(r)).join('') + (r() < 0.5 ? '，' : '。')
          : latinWord(r) + (r() < 0.05 ? ` ${1990 + Math.floor(r() * 35)}` : '');
      parts.push(w);
      bytes += enc.encode(w).length + 1;
    }
    out.push({ pseudonym, status: pick(r, STATUSES), summary: parts.join(' ') });
  }
  return out;
}

/** 200 queries: Chinese words and phrases, French with and without accents, prefixes, mixed AND queries. */
export function makeQueries(n = 200, seed = 7): string[] {
  const r = prng(seed);
  const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '');
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    switch (i % 5) {
      case 0: out.push(pick(r, ZH_WORDS)); break;
      case 1: out.push(pick(r, ZH_WORDS) + pick(r, ZH_WORDS)); break;
      case 2: out.push(r() < 0.5 ? pick(r, LATIN_WORDS) : fold(pick(r, LATIN_WORDS)).toLowerCase()); break;
      case 3: out.push(pick(r, LATIN_WORDS).slice(0, 3 + Math.floor(r() * 3))); break;
      default: out.push(`${pick(r, ZH_WORDS)} ${fold(pick(r, LATIN_WORDS))}`);
    }
  }
  return out;
}
