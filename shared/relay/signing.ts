/**
 * Canonical bytes that devices sign for the relay (docs/protocol.md, "Relay protocol").
 *
 * Pure functions: no hashing and no signing here (shared/ runs anywhere and holds no crypto
 * backend). The device hashes and signs with libsodium (main/services/crypto.ts), the relay
 * verifies with Node's crypto; both build the bytes with these functions, so they cannot drift.
 * Every message starts with its own domain-separation line, so a signature made for one purpose
 * (a request, a socket login, a certificate…) is never valid for another.
 */
import type { DeviceCertificateStatement, DeviceRevocationStatement, OrgKeyRotationStatement, Statement } from './protocol';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Lowercase hex SHA-256 of the empty body (GET requests, bodiless POSTs). */
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export type RequestToSign = {
  /** HTTP method, any case; upper-cased here. */
  method: string;
  /** The request target exactly as sent: path plus `?query` if any (e.g. `/v1/orgs/…/envelopes?after=0&limit=200`). */
  path: string;
  /** Lowercase hex SHA-256 of the exact body bytes sent (EMPTY_BODY_SHA256 when there is no body). */
  bodySha256: string;
  /** Milliseconds since the epoch, the device's clock; must be within the replay window of the relay's. */
  timestamp: number;
  /** 128 random bits as 32 lowercase hex, fresh for every request. */
  nonce: string;
  /** The signing device's organisation and id (together: the key id the relay looks up). */
  orgId: string;
  deviceId: string;
};

const LINE_SAFE = /^[\x21-\x7e]*$/; // visible ASCII only: no spaces, no newlines

/**
 * The bytes a device signs (Ed25519, detached) for an HTTP request:
 *
 *     anxin-relay-request/v1\n<METHOD>\n<path>\n<bodySha256>\n<timestamp>\n<nonce>\n<orgId>\n<deviceId>
 *
 * Throws on a field that could smuggle a line break (the relay answers such a request 401).
 */
export function requestSigningBytes(r: RequestToSign): Uint8Array {
  const fields = [r.method.toUpperCase(), r.path, r.bodySha256, String(r.timestamp), r.nonce, r.orgId, r.deviceId];
  if (!Number.isSafeInteger(r.timestamp) || r.timestamp < 0) throw new Error('requestSigningBytes: timestamp must be a non-negative integer');
  for (const f of fields) if (f.length === 0 || !LINE_SAFE.test(f)) throw new Error('requestSigningBytes: empty field or a character outside visible ASCII');
  return utf8(['anxin-relay-request/v1', ...fields].join('\n'));
}

/** The headers that carry a signed request's authentication (signature: base64 of the 64 bytes). */
export function authHeaders(r: RequestToSign, signatureBase64: string): Record<string, string> {
  return {
    'x-anxin-org': r.orgId,
    'x-anxin-device': r.deviceId,
    'x-anxin-timestamp': String(r.timestamp),
    'x-anxin-nonce': r.nonce,
    'x-anxin-signature': signatureBase64
  };
}

/**
 * The bytes a device signs to log in on the WebSocket:
 *
 *     anxin-relay-socket/v1\n<challenge>\n<orgId>\n<deviceId>\n<timestamp>
 */
export function socketAuthBytes(a: { challenge: string; orgId: string; deviceId: string; timestamp: number }): Uint8Array {
  const fields = [a.challenge, a.orgId, a.deviceId, String(a.timestamp)];
  for (const f of fields) if (f.length === 0 || !LINE_SAFE.test(f)) throw new Error('socketAuthBytes: empty field or a character outside visible ASCII');
  return utf8(['anxin-relay-socket/v1', ...fields].join('\n'));
}

// Field order per statement type: the canonical encoding never depends on object key order.
const CERTIFICATE_FIELDS = ['type', 'v', 'orgId', 'deviceId', 'signingKey', 'boxKey', 'role', 'label', 'issuedAt', 'issuedBy'] as const satisfies readonly (keyof DeviceCertificateStatement)[];
const REVOCATION_FIELDS = ['type', 'v', 'orgId', 'deviceId', 'revokedAt', 'issuedBy'] as const satisfies readonly (keyof DeviceRevocationStatement)[];
const ROTATION_FIELDS = ['type', 'v', 'orgId', 'epoch', 'keyId', 'previousKeyId', 'reason', 'removedDevices', 'rotatedAt', 'issuedBy'] as const satisfies readonly (keyof OrgKeyRotationStatement)[];

/**
 * The bytes the ORGANISATION key signs for a statement (device certificate, revocation,
 * organisation-key rotation):
 *
 *     anxin-relay-statement/v1\n<JSON array of [name, value] pairs in the fixed order above>
 *
 * JSON.stringify of strings, integers, string arrays: no whitespace, one encoding per value.
 * Fields outside the fixed list are not signed — the schemas are strict, so there are none.
 */
export function statementSigningBytes(s: Statement): Uint8Array {
  const order: readonly string[] =
    s.type === 'device-certificate' ? CERTIFICATE_FIELDS : s.type === 'device-revocation' ? REVOCATION_FIELDS : ROTATION_FIELDS;
  const record = s as unknown as Record<string, unknown>;
  const pairs = order.map((k) => [k, record[k]]);
  return utf8(`anxin-relay-statement/v1\n${JSON.stringify(pairs)}`);
}

/** Lowercase hex of bytes (for body hashes computed with any SHA-256 implementation). */
export function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/**
 * The bytes a not-yet-member device signs for POST /v1/link-requests (added 12:58):
 *
 *     anxin-relay-link/v1\n<codeHash>\n<deviceId>\n<signingKey>\n<boxKey>
 */
export function linkRequestBytes(l: { codeHash: string; deviceId: string; signingKey: string; boxKey: string }): Uint8Array {
  const fields = [l.codeHash, l.deviceId, l.signingKey, l.boxKey];
  for (const f of fields) if (f.length === 0 || !LINE_SAFE.test(f)) throw new Error('linkRequestBytes: empty field or a character outside visible ASCII');
  return utf8(['anxin-relay-link/v1', ...fields].join('\n'));
}

/**
 * Convenience for clients (added 12:58): hashes the body and signs a request with the caller's
 * primitives (e.g. libsodium's crypto_hash_sha256 and crypto_sign_detached), returning the headers.
 */
export function signRequest(
  r: Omit<RequestToSign, 'bodySha256'> & { body: Uint8Array | null },
  sha256: (bytes: Uint8Array) => Uint8Array,
  signDetached: (message: Uint8Array) => Uint8Array
): Record<string, string> {
  const full: RequestToSign = { ...r, bodySha256: hex(sha256(r.body ?? new Uint8Array(0))) };
  return authHeaders(full, toBase64(signDetached(requestSigningBytes(full))));
}

/** Standard base64 with padding, without Node's Buffer (shared/ runs anywhere). */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
