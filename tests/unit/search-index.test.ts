import { describe, expect, it } from 'vitest';
import { createSearchIndex, foldLatin, indexTerms, queryTerms } from '../../main/services/search-index';

const id = (n: number) => n.toString(16).padStart(32, '0');

function sample() {
  const index = createSearchIndex();
  index.upsert({ id: id(1), kind: 'case', title: '小雨', text: '她说家暴持续了三年，现在住在朋友家。' });
  index.upsert({ id: id(2), kind: 'case', title: 'Hélène', text: 'Réfugiée à Montréal, hébergement d’urgence demandé en 2024.' });
  index.upsert({ id: id(3), kind: 'note', title: 'Mei', text: 'Interview notes: court date 2024-03-18, 法院 hearing.' });
  index.upsert({ id: id(4), kind: 'case', title: '家人', text: '暴雨 delayed the meeting.' });
  return index;
}
const ids = (hits: { id: string }[]) => hits.map((h) => h.id).sort();

describe('tokenizer', () => {
  it('folds diacritics, case and full-width forms; keeps digits', () => {
    expect(foldLatin('Hélène')).toBe('helene');
    expect(foldLatin('ＡＢＣ')).toBe('abc');
    expect(foldLatin('Straße')).toBe('strasse');
    expect(indexTerms('Réfugiée, 2024-03-18!')).toEqual(['refugiee', '2024', '03', '18']);
  });

  it('indexes CJK runs as bigrams plus their last character, and queries them by bigrams', () => {
    expect(indexTerms('家暴持')).toEqual(['家暴', '暴持', '持']);
    expect(queryTerms('家暴持')).toEqual(['家暴', '暴持']);
    expect(queryTerms('家')).toEqual(['家']);
    expect(indexTerms('abc家暴def')).toEqual(['abc', '家暴', '暴', 'def']);
    expect(indexTerms('ひらがな')).toEqual(['ひら', 'らが', 'がな', 'な']);
    expect(indexTerms('한국어 카타카나')).toEqual(['한국', '국어', '어', '카타', '타카', '카나', '나']);
    expect(indexTerms('𠀀𠀁')).toEqual(['𠀀𠀁', '𠀁']); // outside the BMP
  });
});

describe('search index', () => {
  it('finds a Chinese word inside unsegmented text', () => {
    const index = sample();
    expect(ids(index.search('家暴'))).toEqual([id(1)]);
    expect(ids(index.search('持续了三年'))).toEqual([id(1)]);
    // '家暴' must match as a unit: document 4 has 家 and 暴 but not next to each other.
    expect(ids(index.search('家'))).toEqual([id(1), id(4)]);
    expect(ids(index.search('年'))).toEqual([id(1)]); // the last character of a run
    expect(ids(index.search('暴'))).toEqual([id(1), id(4)]);
    expect(index.search('暴家')).toEqual([]);
    expect(index.search('龍')).toEqual([]);
  });

  it('finds French with or without accents, any case, by prefix', () => {
    const index = sample();
    for (const q of ['Hélène', 'helene', 'HELENE', 'hel', 'montreal', 'Montréal', 'refug', 'hébergement urgence']) {
      expect(ids(index.search(q)), q).toEqual([id(2)]);
    }
  });

  it('combines terms with AND, across scripts and fields', () => {
    const index = sample();
    expect(ids(index.search('2024'))).toEqual([id(2), id(3)]);
    expect(ids(index.search('2024 法院'))).toEqual([id(3)]);
    expect(ids(index.search('mei hearing'))).toEqual([id(3)]);
    expect(index.search('helene 法院')).toEqual([]);
  });

  it('returns kind, title and a score, best first, up to the limit', () => {
    const index = sample();
    const [hit] = index.search('helene');
    expect(hit).toMatchObject({ id: id(2), kind: 'case', title: 'Hélène' });
    expect(hit!.score).toBeGreaterThan(0);
    // A title hit outranks a body hit; an exact word outranks a prefix match.
    index.upsert({ id: id(5), kind: 'case', title: 'Anna', text: 'shelter' });
    index.upsert({ id: id(6), kind: 'case', title: 'Shelter', text: 'anna' });
    expect(index.search('shelter').map((h) => h.id)).toEqual([id(6), id(5)]);
    index.upsert({ id: id(7), kind: 'case', title: 'x', text: 'shelters' });
    expect(index.search('shelter').map((h) => h.id)).toEqual([id(6), id(5), id(7)]);
    expect(index.search('2024', 1)).toHaveLength(1);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('—!?')).toEqual([]);
  });

  it('replaces a document on upsert and forgets it on remove', () => {
    const index = sample();
    index.upsert({ id: id(1), kind: 'case', title: '小雨', text: '已经搬到安全的地方' });
    expect(index.search('家暴')).toEqual([]);
    expect(ids(index.search('安全'))).toEqual([id(1)]);
    expect(index.size()).toBe(4);
    expect(index.search('小雨')).toHaveLength(1);
    index.remove(id(1));
    index.remove(id(99)); // unknown ids are ignored
    expect(index.search('安全')).toEqual([]);
    expect(index.size()).toBe(3);
  });

  it('stays correct through many replacements, searched between rounds (rebuilds and direct scans)', () => {
    const index = createSearchIndex();
    const filler = Array.from({ length: 150 }, (_, k) => `w${k}`).join(' ');
    for (let round = 0; round < 4; round++) {
      for (let n = 0; n < 600; n++) index.upsert({ id: id(n), kind: 'case', title: `t${n}`, text: `round${round} 第${round}轮 ${filler}` });
      expect(index.search(`round${round}`, 1000)).toHaveLength(600);
      if (round > 0) expect(index.search(`round${round - 1}`)).toEqual([]);
      // A few edits after the build are found without a rebuild.
      index.upsert({ id: id(0), kind: 'case', title: 't0', text: `edited${round}` });
      expect(index.search(`edited${round}`).map((h) => h.id)).toEqual([id(0)]);
      expect(index.search(`round${round}`, 1000)).toHaveLength(599);
    }
    expect(index.size()).toBe(600);
    expect(index.search('第3轮', 1000)).toHaveLength(599);
    expect(index.search('第2轮')).toEqual([]);
    expect(index.search('t599 w149').map((h) => h.id)).toEqual([id(599)]);
  });

  it('handles more distinct CJK characters than fit the packed keys, and characters outside the BMP', () => {
    const index = createSearchIndex();
    const chars = (from: number, count: number) => Array.from({ length: count }, (_, k) => String.fromCodePoint(from + k)).join('');
    index.upsert({ id: id(1), kind: 'case', title: 'a', text: chars(0x4e00, 20000) });
    index.upsert({ id: id(2), kind: 'case', title: 'b', text: chars(0x20000, 20000) }); // CJK Extension B
    expect(ids(index.search(String.fromCodePoint(0x4e00 + 500, 0x4e00 + 501)))).toEqual([id(1)]);
    expect(ids(index.search(String.fromCodePoint(0x20000 + 19998, 0x20000 + 19999)))).toEqual([id(2)]);
    expect(ids(index.search(String.fromCodePoint(0x20000 + 19999)))).toEqual([id(2)]);
    expect(index.search(String.fromCodePoint(0x20000 + 19999, 0x20000))).toEqual([]);
  });

  it('can be cleared (at lock) and rebuilt', () => {
    const index = sample();
    index.clear();
    expect(index.size()).toBe(0);
    expect(index.search('家暴')).toEqual([]);
    expect(index.search('helene')).toEqual([]);
    index.upsert({ id: id(1), kind: 'case', title: 'x', text: '家暴' });
    expect(ids(index.search('家暴'))).toEqual([id(1)]);
  });
});
