/**
 * A minimal relay client with Node's crypto: organisation and device identities, signed
 * statements and signed requests. For the relay's own tests, benchmark and manual checks — the
 * app's real client lives in main/services and signs with libsodium; both build their bytes with
 * shared/relay/signing.ts, which is what keeps them compatible.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import http from 'node:http';
import {
  type DeviceRole,
  type SignedDeviceCertificate,
  type SignedDeviceRevocation,
  type SignedOrgKeyRotation,
  type Statement
} from '../shared/relay/protocol';
import { authHeaders, requestSigningBytes, socketAuthBytes, statementSigningBytes } from '../shared/relay/signing';

export type KeyPair = { privateKey: KeyObject; publicKey: string };

export function ed25519KeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64') };
}
export const signBase64 = (key: KeyObject, message: Uint8Array) => sign(null, message, key).toString('base64');
export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

export type OrgIdentity = { orgId: string; signing: KeyPair; boxKey: string };
export type DeviceIdentity = { orgId: string; deviceId: string; signing: KeyPair; boxKey: string };

export const newOrg = (): OrgIdentity => ({ orgId: randomHex(16), signing: ed25519KeyPair(), boxKey: randomBytes(32).toString('base64') });
export const newDevice = (orgId: string): DeviceIdentity => ({ orgId, deviceId: randomHex(8), signing: ed25519KeyPair(), boxKey: randomBytes(32).toString('base64') });

export function signStatement<S extends Statement>(org: OrgIdentity, statement: S): { statement: S; signature: string } {
  return { statement, signature: signBase64(org.signing.privateKey, statementSigningBytes(statement)) };
}

export function certify(org: OrgIdentity, device: DeviceIdentity, role: DeviceRole, issuedBy: string, label = 'test device'): SignedDeviceCertificate {
  return signStatement(org, {
    type: 'device-certificate',
    v: 1,
    orgId: org.orgId,
    deviceId: device.deviceId,
    signingKey: device.signing.publicKey,
    boxKey: device.boxKey,
    role,
    label,
    issuedAt: Date.now(),
    issuedBy
  });
}

export function revoke(org: OrgIdentity, deviceId: string, issuedBy: string): SignedDeviceRevocation {
  return signStatement(org, { type: 'device-revocation', v: 1, orgId: org.orgId, deviceId, revokedAt: Date.now(), issuedBy });
}

export function rotation(org: OrgIdentity, epoch: number, issuedBy: string, removedDevices: string[] = []): SignedOrgKeyRotation {
  return signStatement(org, {
    type: 'org-key-rotation',
    v: 1,
    orgId: org.orgId,
    epoch,
    keyId: randomHex(16),
    previousKeyId: randomHex(16),
    reason: 'device-removed',
    removedDevices,
    rotatedAt: Date.now(),
    issuedBy
  });
}

export const createOrgBody = (org: OrgIdentity, first: DeviceIdentity) => ({
  v: 1 as const,
  orgId: org.orgId,
  orgSigningKey: org.signing.publicKey,
  orgBoxKey: org.boxKey,
  certificate: certify(org, first, 'admin', first.deviceId, 'first device')
});

export type Answer = { status: number; headers: http.IncomingHttpHeaders; body: unknown; text: string };

export type SignOptions = { timestamp?: number; nonce?: string; signPath?: string; signBody?: Buffer };

/** Signs and sends one request; `body` is sent as JSON (a Buffer is sent as is). */
export class RelayClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  constructor(
    readonly baseUrl: string,
    readonly device: DeviceIdentity
  ) {}

  signedHeaders(method: string, path: string, body: Buffer, o: SignOptions = {}): Record<string, string> {
    const r = {
      method,
      path: o.signPath ?? path,
      bodySha256: createHash('sha256').update(o.signBody ?? body).digest('hex'),
      timestamp: o.timestamp ?? Date.now(),
      nonce: o.nonce ?? randomHex(16),
      orgId: this.device.orgId,
      deviceId: this.device.deviceId
    };
    return authHeaders(r, signBase64(this.device.signing.privateKey, requestSigningBytes(r)));
  }

  request(method: string, path: string, body?: unknown, o: SignOptions & { headers?: Record<string, string>; unsigned?: boolean } = {}): Promise<Answer> {
    const bytes = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = {
      ...(o.unsigned ? {} : this.signedHeaders(method, path, bytes, o)),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...o.headers
    };
    return rawRequest(this.baseUrl, method, path, headers, body === undefined ? undefined : bytes, this.agent);
  }

  socketAuth(challenge: string, timestamp = Date.now()) {
    const a = { challenge, orgId: this.device.orgId, deviceId: this.device.deviceId, timestamp };
    const signature = signBase64(this.device.signing.privateKey, socketAuthBytes(a));
    return { type: 'auth' as const, v: 1 as const, orgId: a.orgId, deviceId: a.deviceId, timestamp, signature };
  }

  close() {
    this.agent.destroy();
  }
}

export function rawRequest(baseUrl: string, method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, agent?: http.Agent): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) }, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = undefined;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
        });
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}
