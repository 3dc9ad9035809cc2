/**
 * Signed HTTP requests to the relay (docs/protocol.md, "Relay protocol"). Every request carries
 * the device's Ed25519 signature over method, path, body hash, timestamp and nonce
 * (shared/relay/signing.ts). A relay that says our clock is off (`stale-timestamp` with its
 * serverTime) is answered by one retry with the offset applied — and the offset is remembered.
 */
import { AppError } from '../../../shared/errors';
import { EMPTY_BODY_SHA256, authHeaders, requestSigningBytes } from '../../../shared/relay/signing';
import { createHash } from 'node:crypto';
import { InfoResponse, LIMITS, ROUTES } from '../../../shared/relay/protocol';
import * as crypto from '../crypto';

export type Signer = { orgId: string; deviceId: string; sign(bytes: Uint8Array): Uint8Array };

/** A relay error body, kept as data so the engine can react to its stable code. */
export class RelayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>
  ) {
    super(message);
    this.name = 'RelayError';
  }
}

export type RelayClient = ReturnType<typeof createRelayClient>;

export function createRelayClient(opts: { baseUrl: string; now?: () => number; timeoutMs?: number }) {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const now = opts.now ?? Date.now;
  let clockOffset = 0;

  async function send(method: string, path: string, body: unknown, signer: Signer | null, retried = false): Promise<unknown> {
    const bytes = body === undefined ? null : crypto.utf8.encode(JSON.stringify(body));
    const headers: Record<string, string> = {};
    if (bytes) headers['content-type'] = 'application/json';
    if (signer) {
      const toSign = {
        method,
        path,
        bodySha256: bytes ? createHash('sha256').update(bytes).digest('hex') : EMPTY_BODY_SHA256,
        timestamp: Math.round(now() + clockOffset),
        nonce: crypto.randomId(),
        orgId: signer.orgId,
        deviceId: signer.deviceId
      };
      Object.assign(headers, authHeaders(toSign, crypto.toBase64(signer.sign(requestSigningBytes(toSign)))));
    }
    let res: Response;
    try {
      res = await fetch(base + path, {
        method,
        headers,
        ...(bytes ? { body: Buffer.from(bytes) } : {}),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000)
      });
    } catch {
      // One immediate retry: a pooled keep-alive connection to a relay that restarted fails once.
      // Every request is idempotent (uploads by envelope id, statements when identical).
      if (!retried) return send(method, path, body, signer, true);
      throw new AppError('sync/relay-unreachable', 'the relay could not be reached');
    }
    let json: unknown = null;
    try {
      json = await res.json();
    } catch {
      if (res.ok) throw new RelayError(res.status, 'bad-response', 'the relay answered with something that is not JSON');
    }
    if (res.ok) return json;
    const err = (json as { error?: { code?: unknown; message?: unknown; details?: Record<string, unknown> } } | null)?.error;
    const code = typeof err?.code === 'string' ? err.code : `http-${res.status}`;
    if (code === 'stale-timestamp' && !retried && typeof err?.details?.serverTime === 'number') {
      clockOffset = err.details.serverTime - now();
      return send(method, path, body, signer, true);
    }
    throw new RelayError(res.status, code, typeof err?.message === 'string' ? err.message.slice(0, 200) : 'relay error', err?.details);
  }

  let uploadLimit: Promise<number> | null = null;

  return {
    baseUrl: base,
    /** Envelopes per upload this relay accepts (its GET /v1/info), never above ours; 64 if unknown. */
    uploadLimit(): Promise<number> {
      uploadLimit ??= send('GET', ROUTES.info, undefined, null).then(
        (info) => {
          const parsed = InfoResponse.safeParse(info);
          const n = parsed.success ? parsed.data.limits.maxEnvelopesPerUpload : LIMITS.minEnvelopesPerUpload;
          return Math.max(1, Math.min(LIMITS.maxEnvelopesPerUpload, n));
        },
        () => {
          uploadLimit = null; // ask again next time
          return LIMITS.minEnvelopesPerUpload;
        }
      );
      return uploadLimit;
    },
    get: (path: string, signer: Signer | null) => send('GET', path, undefined, signer),
    post: (path: string, body: unknown, signer: Signer | null) => send('POST', path, body, signer),
    /** How far the relay's clock is from ours (ms), as last learned. */
    clockOffset: () => clockOffset
  };
}

/** Maps a relay failure to the app's error codes (translated in the UI). */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  if (e instanceof RelayError) {
    if (e.code === 'device-revoked') return new AppError('sync/device-removed', 'this device was removed from the organisation');
    if (e.code === 'not-admin') return new AppError('sync/not-admin', 'only an admin device can do this');
    return new AppError('sync/relay-error', e.message, { relayCode: e.code, status: e.status });
  }
  return new AppError('internal', e instanceof Error ? e.message.slice(0, 200) : 'unexpected error');
}
