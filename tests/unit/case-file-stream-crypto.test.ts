// crypto_secretstream and incremental SHA-256 in main/services/crypto.ts (attachments, exports).
import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import * as crypto from '../../main/services/crypto';

beforeAll(async () => {
  await crypto.initCrypto();
});

const AD = crypto.utf8.encode('anxin-attachment:test');

function sealAll(key: Uint8Array, messages: Uint8Array[]) {
  const p = crypto.streamPush(key);
  const out = messages.map((m, i) => p.push(m, AD, i === messages.length - 1));
  p.close();
  return { header: p.header, chunks: out };
}

function openAll(key: Uint8Array, header: Uint8Array, chunks: Uint8Array[], ad: Uint8Array = AD) {
  const r = crypto.streamPull(key, header);
  try {
    return chunks.map((c) => r.pull(c, ad));
  } finally {
    r.close();
  }
}

describe('secretstream', () => {
  let key: Uint8Array;
  let msgs: Uint8Array[];
  beforeAll(() => {
    key = crypto.streamKey();
    msgs = [crypto.randomBytes(1000), crypto.randomBytes(65536), crypto.randomBytes(7)];
  });

  it('round-trips and marks only the last message FINAL', () => {
    const { header, chunks } = sealAll(key, msgs);
    expect(header.length).toBe(crypto.STREAM_HEADER_BYTES);
    expect(chunks.map((c) => c.length)).toEqual(msgs.map((m) => m.length + crypto.STREAM_ABYTES));
    const out = openAll(key, header, chunks);
    expect(out.map((o) => o.final)).toEqual([false, false, true]);
    out.forEach((o, i) => expect(Buffer.from(o.message).equals(Buffer.from(msgs[i]!))).toBe(true));
  });

  it('refuses a flipped bit, reordered or dropped messages, another key, header or associated data', () => {
    const { header, chunks } = sealAll(key, msgs);
    const flipped = chunks.map((c) => new Uint8Array(c));
    flipped[1]![10]! ^= 1;
    expect(() => openAll(key, header, flipped)).toThrow(crypto.DecryptionError);
    expect(() => openAll(key, header, [chunks[1]!, chunks[0]!, chunks[2]!])).toThrow(crypto.DecryptionError);
    expect(() => openAll(key, header, [chunks[0]!, chunks[2]!])).toThrow(crypto.DecryptionError);
    expect(() => openAll(crypto.streamKey(), header, chunks)).toThrow(crypto.DecryptionError);
    expect(() => openAll(key, crypto.randomBytes(24), chunks)).toThrow(crypto.DecryptionError);
    expect(() => openAll(key, header, chunks, crypto.utf8.encode('anxin-attachment:other'))).toThrow(crypto.DecryptionError);
    expect(() => openAll(key, header, [new Uint8Array(5)])).toThrow(crypto.DecryptionError);
  });

  it('a truncated stream opens message by message but never reports FINAL (callers must refuse it)', () => {
    const { header, chunks } = sealAll(key, msgs);
    const out = openAll(key, header, chunks.slice(0, 2));
    expect(out.some((o) => o.final)).toBe(false);
  });
});

describe('sha256Stream', () => {
  it('matches node:crypto over pieces, including empty input', () => {
    const data = crypto.randomBytes(200_001);
    const h = crypto.sha256Stream();
    for (let i = 0; i < data.length; i += 65536) h.update(data.subarray(i, i + 65536));
    const digest = crypto.toHex(h.digest());
    expect(digest).toBe(createHash('sha256').update(data).digest('hex'));
    expect(digest).toBe(crypto.toHex(crypto.sha256(data))); // libsodium's, one shot
    expect(crypto.toHex(crypto.sha256Stream().digest())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // FIPS 180-2 test vector "abc".
    const abc = crypto.sha256Stream();
    abc.update(crypto.utf8.encode('a'));
    abc.update(crypto.utf8.encode('bc'));
    expect(crypto.toHex(abc.digest())).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});
