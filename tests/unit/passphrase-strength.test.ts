import { describe, expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH, assessPassphrase } from '../../shared/passphrase-strength';

describe('assessPassphrase', () => {
  it('accepts long passphrases made of several words', () => {
    for (const p of ['violet tractor sunset kettle', 'amber lantern orbit meadow', '我的小猫喜欢在窗台上晒太阳']) {
      const a = assessPassphrase(p);
      expect(a.acceptable, p).toBe(true);
      expect(a.score).toBeGreaterThanOrEqual(3);
      expect(a.hints).toEqual([]);
    }
  });

  it('refuses common passwords, even padded to length', () => {
    for (const p of ['password1234', 'woaini5201314', 'qwertyuiop12', 'Password1234!']) {
      const a = assessPassphrase(p);
      expect(a.acceptable, p).toBe(false);
      expect(a.hints, p).toContain('common-pattern');
    }
  });

  it('names repeats and sequences, in Chinese too', () => {
    expect(assessPassphrase('aaaaaaaaaaaa')).toMatchObject({ acceptable: false });
    expect(assessPassphrase('aaaaaaaaaaaa').hints).toContain('avoid-repeats');
    expect(assessPassphrase('安心安心安心安心安心安心').hints).toContain('avoid-repeats');
    expect(assessPassphrase('安心安心安心安心安心安心').acceptable).toBe(false);
    expect(assessPassphrase('abcdefghijkl').hints).toContain('avoid-sequences');
    expect(assessPassphrase('abcdefghijkl').acceptable).toBe(false);
  });

  it('counts code points, not UTF-16 units', () => {
    // Nine CJK Extension B characters: 18 UTF-16 units, 9 characters -> too short.
    const nine = '𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈';
    expect(nine.length).toBe(18);
    expect(MIN_PASSPHRASE_LENGTH).toBe(10);
    expect(assessPassphrase(nine)).toMatchObject({ acceptable: false });
    expect(assessPassphrase(nine).hints).toContain('too-short');
    expect(assessPassphrase(`${nine}𠀉`).hints).not.toContain('too-short');
    // Nine BMP characters: too short as well, ten are enough.
    expect(assessPassphrase('月光照在窗台小猫睡').hints).toContain('too-short');
    expect(assessPassphrase('月光照在窗台小猫睡着').hints).not.toContain('too-short');
  });

  it('tells short passphrases they are short, and weak ones to add words', () => {
    const a = assessPassphrase('tiger');
    expect(a.acceptable).toBe(false);
    expect(a.hints).toEqual(expect.arrayContaining(['too-short', 'add-words']));
    expect(assessPassphrase('')).toMatchObject({ score: 0, acceptable: false });
  });

  it('treats the person’s own name as easy to guess', () => {
    const withName = assessPassphrase('meilingmeiling', ['Meiling']);
    expect(withName.hints).toContain('common-pattern');
    expect(withName.acceptable).toBe(false);
  });
});
