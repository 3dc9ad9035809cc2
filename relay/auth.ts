/**
 * Request authentication: the five x-anxin-* headers, the replay window, the device's certified
 * key, the signature over shared/relay/signing.ts's canonical bytes, revocation, the per-device
 * rate limit and the nonce cache — in that order, so that an unsigned request can neither spend
 * a device's rate budget nor fill the nonce cache.
 */
import { createHash } from 'node:crypto';
import { AUTH_HEADERS, DeviceId, Nonce, OrgId } from '../shared/relay/protocol';
import { requestSigningBytes } from '../shared/relay/signing';
import { verifyEd25519 } from './ed25519';
import { RelayError } from './errors';
import type { RateLimiter } from './rate-limit';
import type { DeviceRow, RelayStorage } from './storage/types';

export type AuthContext = { storage: RelayStorage; limiter: RateLimiter; replayWindowMs: number; now: () => number };
export type Authenticated = { orgId: string; deviceId: string; device: DeviceRow | null };
export type RequestParts = { method: string; url: string; headers: Record<string, string | string[] | undefined>; rawBody: Buffer | undefined };

const SIGNATURE_RE = /^[A-Za-z0-9+/]{86}==$/;
const TIMESTAMP_RE = /^\d{1,16}$/;

export const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const EMPTY = Buffer.alloc(0);

function header(parts: RequestParts, name: string): string | undefined {
  const v = parts.headers[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * Verifies a signed request. `keyOverride` is for POST /v1/orgs, where the device is not yet
 * registered and its key comes from the certificate in the body.
 */
export async function authenticate(ctx: AuthContext, parts: RequestParts, keyOverride?: { orgId: string; deviceId: string; signingKey: string }): Promise<Authenticated> {
  const orgId = header(parts, AUTH_HEADERS.org);
  const deviceId = header(parts, AUTH_HEADERS.device);
  const timestampText = header(parts, AUTH_HEADERS.timestamp);
  const nonce = header(parts, AUTH_HEADERS.nonce);
  const signature = header(parts, AUTH_HEADERS.signature);
  if (
    !OrgId.safeParse(orgId).success ||
    !DeviceId.safeParse(deviceId).success ||
    !timestampText ||
    !TIMESTAMP_RE.test(timestampText) ||
    !Nonce.safeParse(nonce).success ||
    !signature ||
    !SIGNATURE_RE.test(signature)
  ) {
    throw new RelayError('unauthenticated', 'missing or malformed x-anxin-org, -device, -timestamp, -nonce or -signature header');
  }
  const org = orgId!;
  const dev = deviceId!;
  const now = ctx.now();
  const timestamp = Number(timestampText);
  if (Math.abs(now - timestamp) > ctx.replayWindowMs) {
    throw new RelayError('stale-timestamp', 'the request timestamp is outside the replay window; check the device clock', { serverTime: now });
  }

  let device: DeviceRow | null = null;
  let signingKey: string;
  if (keyOverride) {
    if (keyOverride.orgId !== org || keyOverride.deviceId !== dev) throw new RelayError('unauthenticated', 'the auth headers do not name the certified device');
    signingKey = keyOverride.signingKey;
  } else {
    device = await ctx.storage.getDevice(org, dev);
    if (!device) throw new RelayError('unknown-device', 'no such device in that organisation');
    signingKey = device.signingKey;
  }

  let message: Uint8Array;
  try {
    message = requestSigningBytes({ method: parts.method, path: parts.url, bodySha256: sha256Hex(parts.rawBody ?? EMPTY), timestamp, nonce: nonce!, orgId: org, deviceId: dev });
  } catch {
    throw new RelayError('unauthenticated', 'the request target cannot be signed');
  }
  if (!verifyEd25519(signingKey, message, signature)) throw new RelayError('bad-signature', 'the request signature does not verify');
  if (device?.revocation) throw new RelayError('device-revoked', 'this device was removed from the organisation');

  const wait = ctx.limiter.take(`${org}:${dev}`, now);
  if (wait > 0) {
    const seconds = Math.max(1, Math.ceil(wait / 1000));
    throw new RelayError('rate-limited', 'too many requests from this device', { retryAfterMs: wait }, { 'retry-after': String(seconds) });
  }
  if (!(await ctx.storage.rememberNonce(`${org}:${dev}`, nonce!, timestamp + ctx.replayWindowMs + 1000))) {
    throw new RelayError('replayed-nonce', 'this request was already received');
  }
  return { orgId: org, deviceId: dev, device };
}
