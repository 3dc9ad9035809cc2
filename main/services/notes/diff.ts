/**
 * Differences between two revisions of a text, for the revision history. CJK-aware: Chinese has
 * no spaces, so a word diff would mark a whole sentence as changed for one character; text is
 * cut into tokens first — each Han/kana character alone, Latin words whole, runs of white space
 * and punctuation — and the token sequences are diffed (Myers, via the `diff` package).
 */
import { diffArrays } from 'diff';
import type { DiffPart } from '../../../shared/domain/notes/schemas';

const TOKEN_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}'’])+|\s+|[^\s\p{L}\p{N}]/gu;

export const tokenise = (text: string): string[] => text.match(TOKEN_RE) ?? [];

export function diffText(before: string, after: string): DiffPart[] {
  if (before === after) return before ? [{ op: 'same', text: before }] : [];
  const parts: DiffPart[] = [];
  for (const change of diffArrays(tokenise(before), tokenise(after))) {
    const op: DiffPart['op'] = change.added ? 'added' : change.removed ? 'removed' : 'same';
    const text = change.value.join('');
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  }
  return parts;
}
