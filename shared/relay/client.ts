/**
 * A small typed relay client on `fetch` (no node:*, runs anywhere). The caller supplies the
 * crypto primitives (e.g. libsodium's crypto_hash_sha256 / crypto_sign_detached / randombytes),
 * so this file holds no keys and no crypto backend. Every answer is parsed with its schema from
 * protocol.ts; a non-2xx answer throws RelayRequestError with the relay's stable code.
 */
import { z } from 'zod';
import {
  CreateOrgRequest,
  InfoResponse,
  LinkRequest,
  LinkRequestCreated,
  LinkRequestStatus,
  OrgResponse,
  PullResponse,
  RelayErrorBody,
  UploadResponse,
  devicesPath,
  envelopesPath,
  keyRotationsPath,
  linkRequestPath,
  linkRequestsPath,
  orgPath,
  pullPath,
  revocationsPath,
  type RelayErrorCode,
  type SignedDeviceCertificate,
  type SignedDeviceRevocation,
  type SignedOrgKeyRotation,
  type UploadEnvelope
} from './protocol';
import { hex, signRequest, toBase64 } from './signing';

export type RelayCrypto = {
  sha256(bytes: Uint8Array): Uint8Array;
  /** Ed25519 detached signature with the device's signing key (64 bytes). */
  signDetached(message: Uint8Array): Uint8Array;
  randomBytes(n: number): Uint8Array;
};

export class RelayRequestError extends Error {
  constructor(
    /** A stable relay error code, or 'bad-response' when the answer did not match the protocol. */
    readonly code: RelayErrorCode | 'bad-response',
    readonly status: number,
    message: string,
    readonly details: Record<string, string | number | boolean> = {},
    /** From Retry-After on 429 (milliseconds), else null. */
    readonly retryAfterMs: number | null = null
  ) {
    super(message);
    this.name = 'RelayRequestError';
  }
}

export type RelayClientOptions = {
  baseUrl: string;
  /** Who signs: the organisation and this device. Absent for a device that is not yet a member (link requests only). */
  identity?: { orgId: string; deviceId: string };
  crypto: RelayCrypto;
  fetch?: typeof fetch;
  now?: () => number;
};

export function createRelayClient(opts: RelayClientOptions) {
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const now = opts.now ?? Date.now;
  const base = opts.baseUrl.replace(/\/+$/, '');

  async function call<T extends z.ZodType>(method: 'GET' | 'POST', path: string, body: unknown, schema: T, signed = true): Promise<z.infer<T>> {
    const bytes = body === undefined ? null : new TextEncoder().encode(JSON.stringify(body));
    const headers: Record<string, string> = bytes ? { 'content-type': 'application/json' } : {};
    if (signed) {
      if (!opts.identity) throw new Error('relay client: this request needs an identity (orgId, deviceId)');
      Object.assign(
        headers,
        signRequest({ method, path, body: bytes, timestamp: now(), nonce: hex(opts.crypto.randomBytes(16)), ...opts.identity }, opts.crypto.sha256, opts.crypto.signDetached)
      );
    }
    const res = await doFetch(base + path, { method, headers, ...(bytes ? { body: bytes } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const err = RelayErrorBody.safeParse(json);
      const retry = res.headers.get('retry-after');
      if (err.success) {
        const d = err.data.error;
        throw new RelayRequestError(d.code, res.status, d.message, d.details ?? {}, retry ? Number(retry) * 1000 : null);
      }
      throw new RelayRequestError('bad-response', res.status, `relay answered ${res.status} without an error body`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new RelayRequestError('bad-response', res.status, 'relay answer does not match the protocol');
    return parsed.data;
  }

  return {
    info: () => call('GET', '/v1/info', undefined, InfoResponse, false),
    createOrg: (body: CreateOrgRequest) => call('POST', '/v1/orgs', body, OrgResponse),
    getOrg: (orgId: string) => call('GET', orgPath(orgId), undefined, OrgResponse),
    addDevice: (orgId: string, certificate: SignedDeviceCertificate) => call('POST', devicesPath(orgId), { v: 1, certificate }, OrgResponse),
    revokeDevice: (orgId: string, revocation: SignedDeviceRevocation) => call('POST', revocationsPath(orgId), { v: 1, revocation }, OrgResponse),
    rotateKey: (orgId: string, notice: SignedOrgKeyRotation) => call('POST', keyRotationsPath(orgId), { v: 1, notice }, OrgResponse),
    /** `payload` must already be padded to a bucket (protocol.ts: paddedPayloadLength). */
    upload: (orgId: string, mailbox: string, envelopes: { id: string; payload: Uint8Array }[]) =>
      call(
        'POST',
        envelopesPath(orgId, mailbox),
        { v: 1, envelopes: envelopes.map((e): UploadEnvelope => ({ v: 1, id: e.id, payload: toBase64(e.payload) })) },
        UploadResponse
      ),
    pull: (orgId: string, mailbox: string, after: number, limit?: number) => call('GET', pullPath(orgId, mailbox, after, limit), undefined, PullResponse),
    postLinkRequest: (body: LinkRequest) => call('POST', linkRequestsPath, body, LinkRequestCreated, false),
    getLinkRequest: (codeHash: string) => call('GET', linkRequestPath(codeHash), undefined, LinkRequestStatus, false)
  };
}
export type RelayClient = ReturnType<typeof createRelayClient>;

/** Decodes a pulled payload (standard base64) without Node's Buffer. */
export function fromBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
