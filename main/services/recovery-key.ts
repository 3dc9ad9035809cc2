/**
 * The printable recovery key: 160 random bits as 32 Crockford base32 characters in 8 groups
 * of 4 (`7KQ2-M9XD-…`), to be written on paper or read aloud over the phone. Crockford's
 * alphabet has no I, L, O or U, so the characters people confuse map back to one value.
 *
 * Parsing forgives what people do when copying by hand: lower case, spaces or dashes
 * anywhere (including the Chinese IME's full-width dash and space), O for 0, I/L for 1.
 */
import { randomBytes, wipe } from './crypto';

export const RECOVERY_KEY_BYTES = 20; // 160 bits
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHARS = (RECOVERY_KEY_BYTES * 8) / 5; // 32, no padding bits
const GROUP = 4;

const VALUE_OF: ReadonlyMap<string, number> = new Map([
  ...[...ALPHABET].map((c, i) => [c, i] as const),
  ['O', 0],
  ['I', 1],
  ['L', 1]
]);

/** A fresh random recovery secret and its printed form. The caller wipes `secret`. */
export function generateRecoveryKey(): { text: string; secret: Uint8Array } {
  const secret = randomBytes(RECOVERY_KEY_BYTES);
  return { text: formatRecoveryKey(secret), secret };
}

export function formatRecoveryKey(secret: Uint8Array): string {
  if (secret.length !== RECOVERY_KEY_BYTES) throw new RangeError('recovery secret has the wrong length');
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of secret) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(value >>> bits) & 31];
    }
    value &= (1 << bits) - 1; // keep only the bits not yet emitted
  }
  const groups: string[] = [];
  for (let i = 0; i < out.length; i += GROUP) groups.push(out.slice(i, i + GROUP));
  return groups.join('-');
}

/** The secret bytes, or null if the text cannot be a recovery key (wrong length or characters). */
export function parseRecoveryKey(text: string): Uint8Array | null {
  // NFKC turns full-width letters and digits (typed with a Chinese IME) into ASCII.
  const compact = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\p{Pd}_.·]/gu, '');
  if (compact.length !== CHARS) return null;

  const secret = new Uint8Array(RECOVERY_KEY_BYTES);
  let bits = 0;
  let value = 0;
  let index = 0;
  for (const c of compact) {
    const v = VALUE_OF.get(c);
    if (v === undefined) {
      wipe(secret);
      return null;
    }
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      secret[index++] = (value >>> bits) & 0xff;
      value &= (1 << bits) - 1;
    }
  }
  return secret;
}
