/**
 * Known-answer tests for main/services/crypto.ts. Where a published vector exists we use it;
 * where our construction has none (deriveKeyFromSecret), we check it against an independent
 * BLAKE2b written below from RFC 7693, itself checked against published vectors and Node's
 * OpenSSL BLAKE2b-512. If any of these change, every existing vault stops opening.
 */
import nodeCrypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DecryptionError,
  KDF_FLOOR,
  aeadOpen,
  aeadSeal,
  constantTimeEqual,
  deriveKeyFromSecret,
  derivePassphraseKey,
  deriveSubkey,
  fromBase64,
  fromHex,
  initCrypto,
  isBelowKdfFloor,
  randomId,
  randomKey,
  toBase64,
  toHex,
  unwrapKey,
  utf8,
  wipe,
  wrapKey
} from '../../main/services/crypto';

beforeAll(async () => {
  await initCrypto();
});

const range = (n: number) => Uint8Array.from({ length: n }, (_, i) => i);

// ---- an independent BLAKE2b (RFC 7693), with salt and personalisation as crypto_kdf uses ----

const MASK = (1n << 64n) - 1n;
const IV = [
  0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n
];
const SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]
];
const rotr = (x: bigint, n: bigint) => ((x >> n) | (x << (64n - n))) & MASK;
const u64le = (b: Uint8Array, off: number) => {
  let x = 0n;
  for (let i = 7; i >= 0; i--) x = (x << 8n) | BigInt(b[off + i] ?? 0);
  return x;
};

function compress(h: bigint[], block: Uint8Array, t: number, last: boolean): void {
  const v = [...h, ...IV];
  const m = Array.from({ length: 16 }, (_, i) => u64le(block, i * 8));
  v[12] = v[12]! ^ BigInt(t);
  if (last) v[14] = v[14]! ^ MASK;
  const g = (a: number, b: number, c: number, d: number, x: bigint, y: bigint) => {
    v[a] = (v[a]! + v[b]! + x) & MASK;
    v[d] = rotr(v[d]! ^ v[a]!, 32n);
    v[c] = (v[c]! + v[d]!) & MASK;
    v[b] = rotr(v[b]! ^ v[c]!, 24n);
    v[a] = (v[a]! + v[b]! + y) & MASK;
    v[d] = rotr(v[d]! ^ v[a]!, 16n);
    v[c] = (v[c]! + v[d]!) & MASK;
    v[b] = rotr(v[b]! ^ v[c]!, 63n);
  };
  for (let r = 0; r < 12; r++) {
    const s = SIGMA[r % 10]!;
    const w = (i: number) => m[s[i]!]!;
    g(0, 4, 8, 12, w(0), w(1));
    g(1, 5, 9, 13, w(2), w(3));
    g(2, 6, 10, 14, w(4), w(5));
    g(3, 7, 11, 15, w(6), w(7));
    g(0, 5, 10, 15, w(8), w(9));
    g(1, 6, 11, 12, w(10), w(11));
    g(2, 7, 8, 13, w(12), w(13));
    g(3, 4, 9, 14, w(14), w(15));
  }
  for (let i = 0; i < 8; i++) h[i] = h[i]! ^ v[i]! ^ v[i + 8]!;
}

function blake2b(
  input: Uint8Array,
  outLength: number,
  key = new Uint8Array(0),
  salt = new Uint8Array(16),
  personal = new Uint8Array(16)
): Uint8Array {
  const h = [...IV];
  h[0] = h[0]! ^ 0x01010000n ^ (BigInt(key.length) << 8n) ^ BigInt(outLength);
  h[4] = h[4]! ^ u64le(salt, 0);
  h[5] = h[5]! ^ u64le(salt, 8);
  h[6] = h[6]! ^ u64le(personal, 0);
  h[7] = h[7]! ^ u64le(personal, 8);
  const keyBlock = new Uint8Array(key.length ? 128 : 0);
  keyBlock.set(key);
  const data = new Uint8Array(keyBlock.length + input.length);
  data.set(keyBlock);
  data.set(input, keyBlock.length);
  const blocks = Math.max(1, Math.ceil(data.length / 128));
  for (let i = 0; i < blocks; i++) {
    const chunk = data.subarray(i * 128, (i + 1) * 128);
    const block = new Uint8Array(128);
    block.set(chunk);
    compress(h, block, i * 128 + chunk.length, i === blocks - 1);
  }
  const out = new Uint8Array(64);
  h.forEach((word, i) => {
    for (let j = 0; j < 8; j++) out[i * 8 + j] = Number((word >> BigInt(8 * j)) & 0xffn);
  });
  return out.slice(0, outLength);
}

describe('reference BLAKE2b (checks the checker)', () => {
  it('matches RFC 7693 Appendix A and Node/OpenSSL BLAKE2b-512', () => {
    expect(toHex(blake2b(utf8.encode('abc'), 64))).toBe(
      'ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1' +
        '7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923'
    );
    const input = utf8.encode('安心 — a longer input that spans more than one 128-byte block, '.repeat(4));
    expect(toHex(blake2b(input, 64))).toBe(nodeCrypto.createHash('blake2b512').update(input).digest('hex'));
  });

  it("matches libsodium's keyed generichash vector (test/default/generichash.exp, i = 31)", () => {
    // in = 00..1e, key = 00..1f, 32-byte output
    expect(toHex(blake2b(range(31), 32, range(32)))).toBe(
      'a9f51bb7f6a3e9cdb96ce652c07d177962a348a9cced1b92f948187e59b44463'
    );
  });
});

describe('deriveSubkey (crypto_kdf, BLAKE2b)', () => {
  // libsodium test/default/kdf.exp: master key 00..1f, context "KDF test", subkey id i, length i.
  const KDF_TEST_32 = '154b291f11196737f8b7f491e4ca11764e0227d34f94295408a869f007aa8618';

  it("matches libsodium's published vector", () => {
    expect(toHex(deriveSubkey(range(32), 32, 'KDF test'))).toBe(KDF_TEST_32);
  });

  it('is BLAKE2b keyed by the master key with the id as salt and the context as personalisation', () => {
    const salt = new Uint8Array(16);
    salt[0] = 7;
    const personal = new Uint8Array(16);
    personal.set(utf8.encode('anxinkey'));
    expect(toHex(deriveSubkey(range(32), 7, 'anxinkey'))).toBe(toHex(blake2b(new Uint8Array(0), 32, range(32), salt, personal)));
  });

  it('gives different keys for different ids and contexts, and wants an 8-character context', () => {
    const master = randomKey();
    const a = toHex(deriveSubkey(master, 1, 'records_'));
    expect(toHex(deriveSubkey(master, 2, 'records_'))).not.toBe(a);
    expect(toHex(deriveSubkey(master, 1, 'search__'))).not.toBe(a);
    expect(() => deriveSubkey(master, 1, 'short')).toThrow(RangeError);
  });
});

describe('deriveKeyFromSecret (recovery keys)', () => {
  // Computed once with the reference BLAKE2b above; pinned so the construction can never drift.
  const PINNED = '664cf08a196a576cce29f4ab9fadfb1440eb184ff8e440f7f1679511ce981fc5';

  it('is BLAKE2b-256 keyed by the salt over "anxin:<label>:" || secret', () => {
    const secret = range(20);
    const salt = range(16);
    const expected = blake2b(new Uint8Array([...utf8.encode('anxin:vault-recovery:'), ...secret]), 32, salt);
    const actual = deriveKeyFromSecret(secret, salt, 'vault-recovery');
    expect(toHex(actual)).toBe(toHex(expected));
    expect(toHex(actual)).toBe(PINNED);
  });

  it('depends on the label, the salt and every byte of the secret', () => {
    const secret = range(20);
    const salt = range(16);
    const base = toHex(deriveKeyFromSecret(secret, salt, 'a'));
    expect(toHex(deriveKeyFromSecret(secret, salt, 'b'))).not.toBe(base);
    const otherSalt = range(16);
    otherSalt[15] = otherSalt[15]! ^ 1;
    expect(toHex(deriveKeyFromSecret(secret, otherSalt, 'a'))).not.toBe(base);
    const otherSecret = range(20);
    otherSecret[19] = otherSecret[19]! ^ 1;
    expect(toHex(deriveKeyFromSecret(otherSecret, salt, 'a'))).not.toBe(base);
  });
});

describe('derivePassphraseKey (Argon2id)', () => {
  it("equals Node's independent Argon2id (RFC 9106, p = 1, v1.3) at the floor", () => {
    const salt = range(16);
    const ours = derivePassphraseKey('correct horse battery staple 安心', salt, KDF_FLOOR);
    const node = nodeCrypto.argon2Sync('argon2id', {
      message: Buffer.from('correct horse battery staple 安心', 'utf8'),
      nonce: Buffer.from(salt),
      parallelism: 1,
      tagLength: 32,
      memory: KDF_FLOOR.memLimitBytes / 1024,
      passes: KDF_FLOOR.opsLimit
    });
    expect(toHex(ours)).toBe(node.toString('hex'));
  });

  it('normalises to NFKC, so the same passphrase typed differently gives the same key', () => {
    const salt = range(16);
    const composed = derivePassphraseKey('caf\u00e9 ｐａｓｓ', salt, KDF_FLOOR); // é, full-width letters
    const decomposed = derivePassphraseKey('cafe\u0301 pass', salt, KDF_FLOOR); // e + combining accent
    expect(toHex(composed)).toBe(toHex(decomposed));
  });

  it('refuses parameters below the floor before running', () => {
    const salt = range(16);
    expect(() => derivePassphraseKey('x', salt, { ...KDF_FLOOR, opsLimit: KDF_FLOOR.opsLimit - 1 })).toThrow(RangeError);
    expect(() => derivePassphraseKey('x', salt, { ...KDF_FLOOR, memLimitBytes: KDF_FLOOR.memLimitBytes - 1024 })).toThrow(
      RangeError
    );
    expect(isBelowKdfFloor(KDF_FLOOR)).toBe(false);
    expect(isBelowKdfFloor({ opsLimit: 10, memLimitBytes: 8 * 1024 * 1024 })).toBe(true);
  });
});

describe('AEAD (XChaCha20-Poly1305 IETF)', () => {
  // draft-irtf-cfrg-xchacha-03, Appendix A.3.1.
  const KEY = fromHexLater('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
  const NONCE = fromHexLater('404142434445464748494a4b4c4d4e4f5051525354555657');
  const AAD = fromHexLater('50515253c0c1c2c3c4c5c6c7');
  const PLAINTEXT =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.";
  const CIPHERTEXT =
    'bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39' +
    'ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9' +
    '21f9664c97637da9768812f615c68b13b52e';
  const TAG = 'c0875924c1c7987947deafd8780acf49';

  function fromHexLater(hex: string) {
    return () => fromHex(hex);
  }

  it('opens the published vector', () => {
    const sealed = { nonce: NONCE(), ciphertext: fromHex(CIPHERTEXT + TAG) };
    expect(utf8.decode(aeadOpen(KEY(), sealed, AAD()))).toBe(PLAINTEXT);
  });

  it('round-trips with a fresh 24-byte nonce each time', () => {
    const key = randomKey();
    const ad = utf8.encode('record:1');
    const a = aeadSeal(key, utf8.encode('安心'), ad);
    const b = aeadSeal(key, utf8.encode('安心'), ad);
    expect(a.nonce).toHaveLength(24);
    expect(toHex(a.nonce)).not.toBe(toHex(b.nonce));
    expect(utf8.decode(aeadOpen(key, a, ad))).toBe('安心');
  });

  it('refuses a flipped bit, a changed nonce, other associated data and another key', () => {
    const key = randomKey();
    const ad = utf8.encode('record:1');
    const sealed = aeadSeal(key, utf8.encode('interview notes'), ad);
    for (let bit = 0; bit < sealed.ciphertext.length * 8; bit += 37) {
      const flipped = sealed.ciphertext.slice();
      flipped[bit >> 3] = flipped[bit >> 3]! ^ (1 << (bit & 7));
      expect(() => aeadOpen(key, { nonce: sealed.nonce, ciphertext: flipped }, ad)).toThrow(DecryptionError);
    }
    const nonce = sealed.nonce.slice();
    nonce[0] = nonce[0]! ^ 1;
    expect(() => aeadOpen(key, { nonce, ciphertext: sealed.ciphertext }, ad)).toThrow(DecryptionError);
    expect(() => aeadOpen(key, sealed, utf8.encode('record:2'))).toThrow(DecryptionError);
    expect(() => aeadOpen(randomKey(), sealed, ad)).toThrow(DecryptionError);
  });

  it('wraps and unwraps a key, bound to its associated data', () => {
    const kek = randomKey();
    const key = randomKey();
    const wrapped = wrapKey(kek, key, utf8.encode('vault-passphrase'));
    expect(constantTimeEqual(unwrapKey(kek, wrapped, utf8.encode('vault-passphrase')), key)).toBe(true);
    expect(() => unwrapKey(kek, wrapped, utf8.encode('vault-recovery'))).toThrow(DecryptionError);
  });
});

describe('helpers', () => {
  it('encodes, compares and wipes', () => {
    const bytes = range(32);
    expect(toHex(fromHex(toHex(bytes)))).toBe(toHex(bytes));
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(toHex(fromBase64(toBase64(bytes)))).toBe(toHex(bytes));
    expect(constantTimeEqual(bytes, range(32))).toBe(true);
    expect(constantTimeEqual(bytes, range(31))).toBe(false);
    expect(randomId()).toMatch(/^[0-9a-f]{32}$/);
    wipe(bytes);
    expect(bytes.every((b) => b === 0)).toBe(true);
  });
});
