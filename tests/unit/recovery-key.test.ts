import { beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, toHex } from '../../main/services/crypto';
import {
  RECOVERY_KEY_BYTES,
  formatRecoveryKey,
  generateRecoveryKey,
  parseRecoveryKey
} from '../../main/services/recovery-key';

beforeAll(async () => {
  await initCrypto();
});

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SHAPE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){7}$/;

/** Independent encoder: bytes -> bit string -> 5-bit groups. */
function referenceEncode(bytes: Uint8Array): string {
  const bits = [...bytes].map((b) => b.toString(2).padStart(8, '0')).join('');
  let out = '';
  for (let i = 0; i < bits.length; i += 5) out += CROCKFORD[parseInt(bits.slice(i, i + 5), 2)];
  return out.match(/.{4}/g)!.join('-');
}

const hex = (b: Uint8Array | null) => (b ? toHex(b) : null);

describe('recovery key', () => {
  it('carries at least 160 bits in 8 groups of 4 Crockford characters', () => {
    expect(RECOVERY_KEY_BYTES * 8).toBeGreaterThanOrEqual(160);
    const { text, secret } = generateRecoveryKey();
    expect(text).toMatch(SHAPE);
    expect(secret).toHaveLength(RECOVERY_KEY_BYTES);
    expect(text).toBe(referenceEncode(secret));
    expect(generateRecoveryKey().text).not.toBe(text);
  });

  it('encodes known values', () => {
    expect(formatRecoveryKey(new Uint8Array(20))).toBe('0000-0000-0000-0000-0000-0000-0000-0000');
    expect(formatRecoveryKey(new Uint8Array(20).fill(0xff))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    const counting = Uint8Array.from({ length: 20 }, (_, i) => i * 13 + 1);
    expect(formatRecoveryKey(counting)).toBe(referenceEncode(counting));
    expect(() => formatRecoveryKey(new Uint8Array(19))).toThrow(RangeError);
  });

  it('round-trips random keys', () => {
    for (let i = 0; i < 50; i++) {
      const { text, secret } = generateRecoveryKey();
      expect(hex(parseRecoveryKey(text))).toBe(toHex(secret));
    }
  });

  it('forgives case, spacing, dashes, full-width input and look-alike letters', () => {
    const secret = Uint8Array.from({ length: 20 }, (_, i) => (i * 37 + 11) & 0xff);
    const text = formatRecoveryKey(secret);
    const want = toHex(secret);
    expect(hex(parseRecoveryKey(text.toLowerCase()))).toBe(want);
    expect(hex(parseRecoveryKey(text.replace(/-/g, '')))).toBe(want);
    expect(hex(parseRecoveryKey(`  ${text.replace(/-/g, ' ')}  `))).toBe(want);
    expect(hex(parseRecoveryKey(text.replace(/-/g, '—')))).toBe(want); // em dash
    // Full-width, as typed with a Chinese IME still in full-width mode.
    const fullWidth = [...text].map((c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join('');
    expect(hex(parseRecoveryKey(fullWidth))).toBe(want);

    const zeros = formatRecoveryKey(new Uint8Array(20));
    expect(hex(parseRecoveryKey(zeros.replace(/0/g, 'O')))).toBe(toHex(new Uint8Array(20)));
    expect(hex(parseRecoveryKey(zeros.replace(/0/g, 'o')))).toBe(toHex(new Uint8Array(20)));
    const ones = '1111-1111-1111-1111-1111-1111-1111-1111';
    const onesSecret = parseRecoveryKey(ones);
    expect(onesSecret).not.toBeNull();
    expect(hex(parseRecoveryKey(ones.replace(/1/g, 'I')))).toBe(hex(onesSecret));
    expect(hex(parseRecoveryKey(ones.replace(/1/g, 'l')))).toBe(hex(onesSecret));
  });

  it('rejects text that cannot be a recovery key', () => {
    const { text } = generateRecoveryKey();
    expect(parseRecoveryKey(text.slice(0, -1))).toBeNull();
    expect(parseRecoveryKey(`${text}0`)).toBeNull();
    expect(parseRecoveryKey(`U${text.slice(1)}`)).toBeNull(); // U is not in Crockford's alphabet
    expect(parseRecoveryKey(`!${text.slice(1)}`)).toBeNull();
    expect(parseRecoveryKey('')).toBeNull();
  });
});
