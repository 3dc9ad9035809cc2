/** Ed25519 / X25519 / sealed boxes / fingerprints added to main/services/crypto.ts for devices and organisations. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DecryptionError,
  boxKeyPair,
  fromHex,
  initCrypto,
  keyFingerprint,
  openSealedBox,
  sealToPublicKey,
  signDetached,
  signKeyPair,
  toHex,
  utf8,
  verifyDetached
} from '../../main/services/crypto';

beforeAll(initCrypto);

describe('Ed25519 detached signatures', () => {
  it('matches RFC 8032 test 1 (empty message)', () => {
    const seed = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');
    const pub = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
    const secret = new Uint8Array(64);
    secret.set(seed);
    secret.set(pub, 32);
    const sig = signDetached(new Uint8Array(0), secret);
    expect(toHex(sig)).toBe(
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'
    );
    expect(verifyDetached(sig, new Uint8Array(0), pub)).toBe(true);
  });

  it('rejects another message, another key, a flipped bit and malformed input without throwing', () => {
    const a = signKeyPair();
    const b = signKeyPair();
    const msg = utf8.encode('POST /v1/mailboxes/x');
    const sig = signDetached(msg, a.secretKey);
    expect(verifyDetached(sig, msg, a.publicKey)).toBe(true);
    expect(verifyDetached(sig, utf8.encode('POST /v1/mailboxes/y'), a.publicKey)).toBe(false);
    expect(verifyDetached(sig, msg, b.publicKey)).toBe(false);
    const flipped = new Uint8Array(sig);
    flipped[10]! ^= 1;
    expect(verifyDetached(flipped, msg, a.publicKey)).toBe(false);
    expect(verifyDetached(sig.slice(0, 10), msg, a.publicKey)).toBe(false);
    expect(verifyDetached(sig, msg, a.publicKey.slice(0, 5))).toBe(false);
  });
});

describe('sealed boxes to an X25519 key', () => {
  it('opens only with the recipient key pair', () => {
    const bob = boxKeyPair();
    const eve = boxKeyPair();
    const secret = utf8.encode('organisation key bytes');
    const sealed = sealToPublicKey(secret, bob.publicKey);
    expect(sealed.length).toBe(secret.length + 48);
    expect(utf8.decode(openSealedBox(sealed, bob))).toBe('organisation key bytes');
    expect(() => openSealedBox(sealed, eve)).toThrow(DecryptionError);
    const flipped = new Uint8Array(sealed);
    flipped[50]! ^= 1;
    expect(() => openSealedBox(flipped, bob)).toThrow(DecryptionError);
  });
});

describe('key fingerprints', () => {
  it('are 12 groups of 5 digits, stable for the same keys and different for others', () => {
    const k1 = fromHex('11'.repeat(32));
    const k2 = fromHex('22'.repeat(32));
    const f = keyFingerprint(k1, k2);
    expect(f).toMatch(/^\d{5}( \d{5}){11}$/);
    expect(keyFingerprint(k1, k2)).toBe(f);
    expect(keyFingerprint(k2, k1)).not.toBe(f);
    expect(keyFingerprint(k1, fromHex('22'.repeat(31) + '23'))).not.toBe(f);
  });
});
