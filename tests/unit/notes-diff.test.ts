import { describe, expect, it } from 'vitest';
import { diffText, tokenise } from '../../main/services/notes/diff';

describe('revision differences (CJK-aware)', () => {
  it('cuts Chinese into characters and Latin text into words', () => {
    expect(tokenise('她说Hélène在Liège')).toEqual(['她', '说', 'Hélène', '在', 'Liège']);
    expect(tokenise('It’s 3 pm, ok?')).toEqual(['It’s', ' ', '3', ' ', 'pm', ',', ' ', 'ok', '?']);
    for (const s of ['她说：“我不怕了。” Ze zei: dank je!', 'a\u0301b 🙂 x']) expect(tokenise(s).join('')).toBe(s);
  });

  it('marks one changed Chinese character, not the whole sentence', () => {
    expect(diffText('他每天打她。', '他每周打她。')).toEqual([
      { op: 'same', text: '他每' },
      { op: 'removed', text: '天' },
      { op: 'added', text: '周' },
      { op: 'same', text: '打她。' }
    ]);
  });

  it('marks whole Latin words', () => {
    expect(diffText('Elle habite à Gand.', 'Elle habite à Anvers.')).toEqual([
      { op: 'same', text: 'Elle habite à ' },
      { op: 'removed', text: 'Gand' },
      { op: 'added', text: 'Anvers' },
      { op: 'same', text: '.' }
    ]);
  });

  it('handles empty texts and unchanged text', () => {
    expect(diffText('', '')).toEqual([]);
    expect(diffText('', '新')).toEqual([{ op: 'added', text: '新' }]);
    expect(diffText('same', 'same')).toEqual([{ op: 'same', text: 'same' }]);
  });
});
