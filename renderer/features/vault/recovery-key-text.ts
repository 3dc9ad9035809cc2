/**
 * How the UI reads a recovery key typed back by hand. Mirrors main's parser
 * (main/services/recovery-key.ts): case, spaces and dashes (also full-width ones from a
 * Chinese IME) do not matter, and O/I/L are read as 0/1 as in Crockford base32.
 */
export function normalizeRecoveryKey(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\p{Pd}_.·]/gu, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** Groups to display: the key's own dash groups, or blocks of four if it has none. */
export function recoveryKeyGroups(key: string): string[] {
  const parts = key.split(/[\s-]+/).filter(Boolean);
  if (parts.length > 1) return parts;
  const compact = parts[0] ?? '';
  const groups: string[] = [];
  for (let i = 0; i < compact.length; i += 4) groups.push(compact.slice(i, i + 4));
  return groups;
}
