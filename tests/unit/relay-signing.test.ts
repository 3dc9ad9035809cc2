/**
 * The relay's canonical signed bytes (shared/relay/signing.ts) as fixed vectors, the padding
 * buckets, the token bucket and the configuration parser.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../relay/config';
import { createRateLimiter } from '../../relay/rate-limit';
import { isPaddedPayloadLength, PAYLOAD_BUCKETS, paddedPayloadLength, type DeviceCertificateStatement } from '../../shared/relay/protocol';
import { EMPTY_BODY_SHA256, hex, linkRequestBytes, requestSigningBytes, socketAuthBytes, statementSigningBytes, toBase64 } from '../../shared/relay/signing';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const req = {
  method: 'post',
  path: '/v1/orgs/00112233445566778899aabbccddeeff/mailboxes/org/envelopes',
  bodySha256: EMPTY_BODY_SHA256,
  timestamp: 1700000000000,
  nonce: 'ffeeddccbbaa99887766554433221100',
  orgId: '00112233445566778899aabbccddeeff',
  deviceId: '0123456789abcdef'
};

describe('relay signing bytes', () => {
  it('encodes a request as fixed lines with a domain prefix', () => {
    expect(text(requestSigningBytes(req))).toBe(
      [
        'anxin-relay-request/v1',
        'POST',
        '/v1/orgs/00112233445566778899aabbccddeeff/mailboxes/org/envelopes',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        '1700000000000',
        'ffeeddccbbaa99887766554433221100',
        '00112233445566778899aabbccddeeff',
        '0123456789abcdef'
      ].join('\n')
    );
  });

  it('refuses fields that could smuggle a line break or are empty', () => {
    expect(() => requestSigningBytes({ ...req, path: '/v1/x\nPOST' })).toThrow();
    expect(() => requestSigningBytes({ ...req, path: '/v1/x y' })).toThrow();
    expect(() => requestSigningBytes({ ...req, nonce: '' })).toThrow();
    expect(() => requestSigningBytes({ ...req, timestamp: 1.5 })).toThrow();
    expect(() => socketAuthBytes({ challenge: 'a\nb', orgId: 'o', deviceId: 'd', timestamp: 1 })).toThrow();
  });

  it('gives each purpose its own prefix', () => {
    expect(text(socketAuthBytes({ challenge: 'c', orgId: 'o', deviceId: 'd', timestamp: 5 }))).toBe('anxin-relay-socket/v1\nc\no\nd\n5');
    expect(text(linkRequestBytes({ codeHash: 'h', deviceId: 'd', signingKey: 'k', boxKey: 'b' }))).toBe('anxin-relay-link/v1\nh\nd\nk\nb');
  });

  it('encodes statements in a fixed field order, whatever the object key order', () => {
    const cert: DeviceCertificateStatement = {
      type: 'device-certificate',
      v: 1,
      orgId: req.orgId,
      deviceId: req.deviceId,
      signingKey: 'A'.repeat(43) + '=',
      boxKey: 'B'.repeat(43) + '=',
      role: 'admin',
      label: 'Office 办公室',
      issuedAt: 1,
      issuedBy: req.deviceId
    };
    const shuffled = Object.fromEntries(Object.entries(cert).reverse()) as DeviceCertificateStatement;
    expect(statementSigningBytes(shuffled)).toEqual(statementSigningBytes(cert));
    expect(text(statementSigningBytes(cert))).toBe(
      `anxin-relay-statement/v1\n[["type","device-certificate"],["v",1],["orgId","${req.orgId}"],["deviceId","${req.deviceId}"],["signingKey","${cert.signingKey}"],["boxKey","${cert.boxKey}"],["role","admin"],["label","Office 办公室"],["issuedAt",1],["issuedBy","${req.deviceId}"]]`
    );
    expect(statementSigningBytes({ ...cert, role: 'member' })).not.toEqual(statementSigningBytes(cert));
  });

  it('hex and base64 helpers match Node', () => {
    const bytes = new Uint8Array([0, 1, 254, 255, 16, 32, 64]);
    expect(hex(bytes)).toBe(Buffer.from(bytes).toString('hex'));
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('padding buckets', () => {
  it('rounds up to powers of two from 256 B to 256 KiB', () => {
    expect(PAYLOAD_BUCKETS[0]).toBe(256);
    expect(PAYLOAD_BUCKETS.at(-1)).toBe(256 * 1024);
    expect(paddedPayloadLength(1)).toBe(256);
    expect(paddedPayloadLength(257)).toBe(512);
    expect(paddedPayloadLength(256 * 1024 + 1)).toBeNull();
    expect(isPaddedPayloadLength(1024)).toBe(true);
    expect(isPaddedPayloadLength(1000)).toBe(false);
  });
});

describe('relay rate limiter and configuration', () => {
  it('allows a burst, then refills at the configured rate', () => {
    const l = createRateLimiter(2, 3);
    expect([l.take('d', 0), l.take('d', 0), l.take('d', 0)]).toEqual([0, 0, 0]);
    expect(l.take('d', 0)).toBe(500);
    expect(l.take('other', 0)).toBe(0);
    expect(l.take('d', 500)).toBe(0);
  });

  it('reads flags over environment and refuses bad values', () => {
    const c = loadConfig(['--port', '9001', '--backend=sqlite'], { ANXIN_RELAY_PORT: '7000', ANXIN_RELAY_DATA_DIR: '/tmp/x', ANXIN_RELAY_RATE_LIMIT: '50' });
    expect([c.port, c.dataDir, c.rateLimitPerSecond, c.host]).toEqual([9001, '/tmp/x', 50, '127.0.0.1']);
    expect(() => loadConfig(['--port', 'abc'], {})).toThrow(/port/);
    expect(() => loadConfig(['--nope', '1'], {})).toThrow(/unknown option/);
    expect(() => loadConfig(['--backend', 'postgres'], {})).toThrow(/postgres-url/);
    expect(loadConfig([], { ANXIN_RELAY_BACKEND: 'postgres', ANXIN_RELAY_POSTGRES_URL: 'postgres://x' }).backend).toBe('postgres');
  });
});
