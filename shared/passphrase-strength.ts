/**
 * Passphrase strength, the same answer in the renderer (live meter) and in main (the vault
 * refuses a weak passphrase at create / change / recover, whatever the UI showed).
 *
 * The score comes from zxcvbn-ts. We ship no language packs (they are large and mostly
 * English), so we give it a small built-in list of the passwords and keyboard walks people
 * actually use, including the common Chinese/pinyin ones; repeats, sequences and dates are
 * found by zxcvbn's own matchers. Hints are stable codes; the renderer translates them.
 */
import { ZxcvbnFactory, type Score } from '@zxcvbn-ts/core';

export type PassphraseHint = 'too-short' | 'add-words' | 'avoid-repeats' | 'avoid-sequences' | 'common-pattern';

export type PassphraseAssessment = {
  score: Score;
  /** The vault's rule: at least MIN_PASSPHRASE_LENGTH characters and score >= MIN_PASSPHRASE_SCORE. */
  acceptable: boolean;
  /** Ordered, without duplicates; empty when there is nothing to say. */
  hints: PassphraseHint[];
};

/** Counted in Unicode code points, so 安心 is 2 characters and an astral character is 1. */
export const MIN_PASSPHRASE_LENGTH = 10;
export const MIN_PASSPHRASE_SCORE = 3;

// Most common passwords and keyboard walks (English and Chinese-speaking users), lower case.
// Order is rank: earlier = guessed sooner.
const COMMON_PASSWORDS = [
  '123456', 'password', '12345678', 'qwerty', '123456789', '12345', '111111', '1234567', 'iloveyou',
  'abc123', 'qwerty123', '1q2w3e4r', 'admin', 'welcome', 'monkey', 'dragon', 'letmein', 'football',
  'sunshine', 'princess', 'master', 'shadow', 'superman', 'baseball', 'trustno1', 'passw0rd',
  'password1', 'qwertyuiop', 'asdfghjkl', 'asdfgh', 'zxcvbnm', 'zxcvbn', '1qaz2wsx', 'qazwsx',
  '1q2w3e', 'qwe123', 'aa123456', 'a123456', 'a123456789', '123123', '666666', '888888', '88888888',
  '5201314', '1314520', '520520', '521521', 'woaini', 'woaini1314', 'iloveyou1314', 'wangyang',
  'zhangwei', 'wangjing', 'liming', 'nihao', 'nihao123', 'anquan', 'mima', 'mima123', 'zhongguo',
  'china', 'beijing', 'shanghai', 'anxin', 'changeme', 'secret', 'login', 'welcome1', 'computer',
  'internet', 'football1', 'hello', 'hello123', 'loveyou', 'baobei', 'laogong', 'laopo', 'qq123456'
];

let factory: ZxcvbnFactory | null = null;

function estimator(): ZxcvbnFactory {
  // Built lazily: ranking the dictionary costs a few milliseconds we don't want at import time.
  factory ??= new ZxcvbnFactory({ dictionary: { passwords: COMMON_PASSWORDS } });
  return factory;
}

/**
 * @param passphrase what the person typed
 * @param userInputs words that are easy to guess for this person (e.g. her display name)
 */
export function assessPassphrase(passphrase: string, userInputs: string[] = []): PassphraseAssessment {
  const length = [...passphrase].length;
  const result = estimator().check(passphrase, userInputs);
  const patterns = new Set(result.sequence.map((m) => m.pattern));

  const hints: PassphraseHint[] = [];
  if (length < MIN_PASSPHRASE_LENGTH) hints.push('too-short');
  if (result.score < MIN_PASSPHRASE_SCORE) hints.push('add-words');
  if (patterns.has('repeat')) hints.push('avoid-repeats');
  if (patterns.has('sequence') || patterns.has('spatial')) hints.push('avoid-sequences');
  if (['dictionary', 'date', 'regex'].some((p) => patterns.has(p))) hints.push('common-pattern');

  return {
    score: result.score,
    acceptable: length >= MIN_PASSPHRASE_LENGTH && result.score >= MIN_PASSPHRASE_SCORE,
    hints
  };
}
