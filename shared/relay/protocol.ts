/**
 * The relay wire protocol, version 1 (docs/protocol.md, "Relay protocol").
 *
 * Shared by the relay (relay/) and the device's sync client (main/services): every request and
 * response body is a zod schema here, so neither side writes the shapes twice. Binary values
 * travel as standard base64 (with padding), ids as lowercase hex. Changes within version 1 are
 * additive only (new optional fields, new routes, new error codes); anything else is version 2.
 */
import { z } from 'zod';

export const RELAY_PROTOCOL_VERSION = 1;
/** Every route lives under this prefix; another `/vN/` is refused with `unsupported-version`. */
export const API_PREFIX = '/v1';

// ---------------------------------------------------------------------------------------------
// Limits (the relay's defaults; a deployment may lower or raise the configurable ones, and
// reports its values in GET /v1/info).
// ---------------------------------------------------------------------------------------------
export const LIMITS = {
  /** Largest HTTP request body in bytes (413 `body-too-large`). Configurable. */
  maxBodyBytes: 1024 * 1024,
  /** Largest decoded envelope payload (413 `envelope-too-large`). Fixed by the protocol. */
  maxPayloadBytes: 256 * 1024,
  /** Envelopes per upload request (64 before relay 2026-11; clients send at most what a relay
   *  advertises in GET /v1/info, 64 when they cannot tell). */
  maxEnvelopesPerUpload: 512,
  /** What every v1 relay accepts per upload. */
  minEnvelopesPerUpload: 64,
  /** Envelopes per pulled page (the `limit` query parameter is clamped to this). */
  maxPullLimit: 500,
  /** A pulled page stops early once its payloads add up to this many bytes. */
  maxPullBytes: 4 * 1024 * 1024,
  /** Accepted difference between a request's timestamp and the relay's clock, either way. */
  replayWindowMs: 5 * 60 * 1000,
  /** Per-device token bucket: sustained requests per second and burst. Configurable. */
  rateLimitPerSecond: 100,
  rateLimitBurst: 200
} as const;

/**
 * Payload sizes a client may upload: powers of two from 256 bytes to 256 KiB. The client pads
 * inside its sealed plaintext so that the whole payload (nonce + ciphertext + tag) has exactly
 * one of these lengths; anything else is refused with 400 `envelope-unpadded`. The relay then
 * sees only a size class, never an exact length.
 */
export const PAYLOAD_BUCKETS: readonly number[] = Array.from({ length: 11 }, (_, i) => 256 * 2 ** i);

/** The smallest bucket that holds `length` bytes, or null when it exceeds the largest. */
export function paddedPayloadLength(length: number): number | null {
  for (const bucket of PAYLOAD_BUCKETS) if (length <= bucket) return bucket;
  return null;
}

export function isPaddedPayloadLength(length: number): boolean {
  return PAYLOAD_BUCKETS.includes(length);
}

/** Base64 length (with padding) of `n` bytes. */
export const base64Length = (n: number) => 4 * Math.ceil(n / 3);

// ---------------------------------------------------------------------------------------------
// Identifiers and encodings
// ---------------------------------------------------------------------------------------------
// Padded base64: alphabet characters, at most two '=' at the end, a length that is a multiple of
// 4 (the same language as groups of four plus a padded tail, but a single character class scans
// in linear time without backtracking — it runs over every uploaded payload).
const base64Re = /^[A-Za-z0-9+/]*={0,2}$/;
const isBase64 = (s: string) => s.length % 4 === 0 && base64Re.test(s);
const base64OfBytes = (n: number) => z.string().length(base64Length(n)).refine(isBase64, 'base64');

/** 128-bit organisation id chosen by the first device: 32 lowercase hex characters. */
export const OrgId = z.string().regex(/^[0-9a-f]{32}$/, 'orgId: 32 lowercase hex');
/** The app's device id (meta.device_id): 16 lowercase hex characters. */
export const DeviceId = z.string().regex(/^[0-9a-f]{16}$/, 'deviceId: 16 lowercase hex');
/** Client-generated 128-bit envelope id: 32 lowercase hex characters. */
export const EnvelopeId = z.string().regex(/^[0-9a-f]{32}$/, 'envelope id: 32 lowercase hex');
/** Request nonce: 128 random bits, 32 lowercase hex characters. */
export const Nonce = z.string().regex(/^[0-9a-f]{32}$/, 'nonce: 32 lowercase hex');
/** Ed25519 public key (32 bytes) in base64. */
export const Ed25519PublicKey = base64OfBytes(32);
/** X25519 public key (32 bytes) in base64. */
export const X25519PublicKey = base64OfBytes(32);
/** Ed25519 detached signature (64 bytes) in base64. */
export const Signature = base64OfBytes(64);
/** Milliseconds since the Unix epoch. */
export const Timestamp = z.number().int().min(0).max(8_640_000_000_000_000);
/** A per-mailbox sequence number: 1, 2, … (0 = before the first envelope). */
export const Seq = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Organisation key id (the symmetric key that seals records), chosen by the device: 32 hex. */
export const OrgKeyId = z.string().regex(/^[0-9a-f]{32}$/, 'key id: 32 lowercase hex');

/**
 * A mailbox inside an organisation:
 *  - `org`: every envelope for the whole organisation (sealed records); read and written by
 *    every member device.
 *  - `device-<deviceId>`: envelopes for one device (e.g. the organisation key sealed to a newly
 *    linked device); written by any member device, read only by that device.
 *  - `referrals` (added 2026-11-24, additive): the organisation's inbox for sealed referrals from
 *    other organisations; written by any certified, non-revoked device of ANY organisation on the
 *    relay (the request's x-anxin-org is the sender's organisation, the path's orgId the
 *    receiver's), read only by the receiving organisation's own devices — and by one of them at a
 *    time: the reader lease (below).
 *  - `network` (added 2026-11-24, additive): what the organisation publishes to the network (e.g.
 *    the signed directory); written only by its own devices, read by any certified, non-revoked
 *    device of any organisation on the relay.
 */
export const MailboxName = z.string().regex(/^(?:org|referrals|network|device-[0-9a-f]{16})$/, 'mailbox: "org", "referrals", "network" or "device-<deviceId>"');
export type MailboxName = z.infer<typeof MailboxName>;
export const ORG_MAILBOX = 'org';
export const REFERRALS_MAILBOX = 'referrals';
export const NETWORK_MAILBOX = 'network';
export const deviceMailbox = (deviceId: string) => `device-${deviceId}`;

/**
 * The reader lease (added 2026-11-24, additive): what arrives in the `referrals` mailbox is
 * applied by the ONE device of the organisation that reads it, so the relay lets one device at a
 * time read it. A pull grants the lease when nobody holds it, or its holder was revoked; a pull
 * by any other device of the organisation is refused with 409 `not-reader` (details: reader,
 * seenAt). Another device takes the lease over with POST …/reader, which is granted only once
 * the holder has not pulled for REFERRALS_READER_STALE_MS (or was revoked).
 */
export const REFERRALS_READER_STALE_MS = 24 * 3_600_000;

export const DeviceRole = z.enum(['admin', 'member']);
export type DeviceRole = z.infer<typeof DeviceRole>;

// ---------------------------------------------------------------------------------------------
// Organisation-management statements (canonical bytes: shared/relay/signing.ts). Each one is
// signed with the ORGANISATION's Ed25519 key, which only admin devices hold; the HTTP request
// that uploads it is signed by the admin device itself, so the relay checks both.
// ---------------------------------------------------------------------------------------------
export const DeviceCertificateStatement = z.strictObject({
  type: z.literal('device-certificate'),
  v: z.literal(1),
  orgId: OrgId,
  deviceId: DeviceId,
  /** The device's Ed25519 key: it signs the device's relay requests. */
  signingKey: Ed25519PublicKey,
  /** The device's X25519 key: other devices seal the organisation key to it. */
  boxKey: X25519PublicKey,
  role: DeviceRole,
  /** A display label chosen by the admin (e.g. "Office desktop"); not case data. ≤ 64 chars. */
  label: z.string().max(64),
  issuedAt: Timestamp,
  /** The admin device that issued it; for the first device of an organisation, itself. */
  issuedBy: DeviceId
});
export type DeviceCertificateStatement = z.infer<typeof DeviceCertificateStatement>;

export const DeviceRevocationStatement = z.strictObject({
  type: z.literal('device-revocation'),
  v: z.literal(1),
  orgId: OrgId,
  deviceId: DeviceId,
  revokedAt: Timestamp,
  issuedBy: DeviceId
});
export type DeviceRevocationStatement = z.infer<typeof DeviceRevocationStatement>;

/**
 * Tells every device that new records use organisation key `keyId` from now on (after a device
 * was removed, or on schedule). The key itself travels sealed to each remaining device through
 * its `device-<id>` mailbox; the relay only stores and serves this notice. `epoch` counts
 * rotations: 1 for the first rotation, +1 each time; the relay refuses anything but the next one.
 */
export const OrgKeyRotationStatement = z.strictObject({
  type: z.literal('org-key-rotation'),
  v: z.literal(1),
  orgId: OrgId,
  epoch: z.number().int().min(1).max(1_000_000),
  keyId: OrgKeyId,
  previousKeyId: OrgKeyId,
  reason: z.enum(['device-removed', 'scheduled']),
  /** Devices removed since the previous rotation (may be empty). */
  removedDevices: z.array(DeviceId).max(1000),
  rotatedAt: Timestamp,
  issuedBy: DeviceId
});
export type OrgKeyRotationStatement = z.infer<typeof OrgKeyRotationStatement>;

export const Statement = z.discriminatedUnion('type', [DeviceCertificateStatement, DeviceRevocationStatement, OrgKeyRotationStatement]);
export type Statement = z.infer<typeof Statement>;

const signed = <T extends z.ZodType>(statement: T) => z.strictObject({ statement, signature: Signature });
export const SignedDeviceCertificate = signed(DeviceCertificateStatement);
export type SignedDeviceCertificate = z.infer<typeof SignedDeviceCertificate>;
export const SignedDeviceRevocation = signed(DeviceRevocationStatement);
export type SignedDeviceRevocation = z.infer<typeof SignedDeviceRevocation>;
export const SignedOrgKeyRotation = signed(OrgKeyRotationStatement);
export type SignedOrgKeyRotation = z.infer<typeof SignedOrgKeyRotation>;

// ---------------------------------------------------------------------------------------------
// Request authentication (headers; canonical bytes in shared/relay/signing.ts)
// ---------------------------------------------------------------------------------------------
export const AUTH_HEADERS = {
  org: 'x-anxin-org',
  device: 'x-anxin-device',
  timestamp: 'x-anxin-timestamp',
  nonce: 'x-anxin-nonce',
  signature: 'x-anxin-signature'
} as const;

// ---------------------------------------------------------------------------------------------
// Routes. Path parameters: :orgId (OrgId), :mailbox (MailboxName).
// Every route except GET /health, GET /metrics, GET /v1/info and the link-request routes needs
// the signed headers.
// ---------------------------------------------------------------------------------------------
export const ROUTES = {
  info: '/v1/info', // GET, unauthenticated
  createOrg: '/v1/orgs', // POST CreateOrgRequest → OrgResponse (201, or 200 when identical)
  org: '/v1/orgs/:orgId', // GET → OrgResponse
  devices: '/v1/orgs/:orgId/devices', // POST AddDeviceRequest → OrgResponse
  revocations: '/v1/orgs/:orgId/revocations', // POST RevokeDeviceRequest → OrgResponse
  keyRotations: '/v1/orgs/:orgId/key-rotations', // POST KeyRotationRequest → OrgResponse
  envelopes: '/v1/orgs/:orgId/mailboxes/:mailbox/envelopes', // POST UploadRequest → UploadResponse; GET ?after&limit → PullResponse
  socket: '/v1/socket', // WebSocket: signed challenge, then notifications
  readerLease: '/v1/orgs/:orgId/mailboxes/:mailbox/reader', // POST TakeReaderRequest → ReaderLease (referrals only; added 2026-11-24)
  linkRequests: '/v1/link-requests', // POST LinkRequest, unauthenticated (added 12:58)
  linkRequest: '/v1/link-requests/:codeHash' // GET → LinkRequestStatus, unauthenticated (added 12:58)
} as const;

export const orgPath = (orgId: string) => `/v1/orgs/${orgId}`;
export const devicesPath = (orgId: string) => `/v1/orgs/${orgId}/devices`;
export const revocationsPath = (orgId: string) => `/v1/orgs/${orgId}/revocations`;
export const keyRotationsPath = (orgId: string) => `/v1/orgs/${orgId}/key-rotations`;
export const envelopesPath = (orgId: string, mailbox: string) => `/v1/orgs/${orgId}/mailboxes/${mailbox}/envelopes`;
export const readerLeasePath = (orgId: string, mailbox: string) => `/v1/orgs/${orgId}/mailboxes/${mailbox}/reader`;
export const pullPath = (orgId: string, mailbox: string, after: number, limit?: number) =>
  `${envelopesPath(orgId, mailbox)}?after=${after}${limit === undefined ? '' : `&limit=${limit}`}`;

export const InfoResponse = z.strictObject({
  service: z.literal('anxin-relay'),
  protocol: z.array(z.number().int()),
  limits: z.strictObject({
    maxBodyBytes: z.number().int(),
    maxPayloadBytes: z.number().int(),
    maxEnvelopesPerUpload: z.number().int(),
    maxPullLimit: z.number().int(),
    replayWindowMs: z.number().int(),
    rateLimitPerSecond: z.number(),
    rateLimitBurst: z.number()
  }),
  payloadBuckets: z.array(z.number().int()),
  /** The relay's clock, so that a device whose clock is off can say so instead of failing silently. */
  serverTime: Timestamp
});
export type InfoResponse = z.infer<typeof InfoResponse>;

/** POST /v1/orgs — signed by the first device, whose certificate is issued by itself. */
export const CreateOrgRequest = z.strictObject({
  v: z.literal(1),
  orgId: OrgId,
  /** The organisation's Ed25519 public key; it signs every certificate, revocation and rotation. */
  orgSigningKey: Ed25519PublicKey,
  /** The organisation's X25519 public key (for referrals from other organisations later). */
  orgBoxKey: X25519PublicKey,
  /** The first device: role admin, issuedBy = its own deviceId, signed by the org key. */
  certificate: SignedDeviceCertificate
});
export type CreateOrgRequest = z.infer<typeof CreateOrgRequest>;

export const DeviceEntry = z.strictObject({
  certificate: SignedDeviceCertificate,
  /** Present once the device was removed. */
  revocation: SignedDeviceRevocation.nullable()
});
export type DeviceEntry = z.infer<typeof DeviceEntry>;

/** GET /v1/orgs/:orgId — what a member device needs to verify the others (it still checks every signature). */
export const OrgResponse = z.strictObject({
  orgId: OrgId,
  orgSigningKey: Ed25519PublicKey,
  orgBoxKey: X25519PublicKey,
  createdAt: Timestamp,
  devices: z.array(DeviceEntry),
  /** Every rotation notice, oldest first (empty until the first rotation). */
  keyRotations: z.array(SignedOrgKeyRotation)
});
export type OrgResponse = z.infer<typeof OrgResponse>;

/** POST /v1/orgs/:orgId/devices — signed by an admin device; certificate.issuedBy = that device. */
export const AddDeviceRequest = z.strictObject({ v: z.literal(1), certificate: SignedDeviceCertificate });
export type AddDeviceRequest = z.infer<typeof AddDeviceRequest>;

/** POST /v1/orgs/:orgId/revocations — signed by an admin device; revocation.issuedBy = that device. */
export const RevokeDeviceRequest = z.strictObject({ v: z.literal(1), revocation: SignedDeviceRevocation });
export type RevokeDeviceRequest = z.infer<typeof RevokeDeviceRequest>;

/** POST /v1/orgs/:orgId/key-rotations — signed by an admin device; notice.issuedBy = that device. */
export const KeyRotationRequest = z.strictObject({ v: z.literal(1), notice: SignedOrgKeyRotation });
export type KeyRotationRequest = z.infer<typeof KeyRotationRequest>;

// ---------------------------------------------------------------------------------------------
// Envelopes
// ---------------------------------------------------------------------------------------------
/**
 * What a device uploads: an id it generated (128 bits, random) and opaque sealed bytes whose
 * length is one of PAYLOAD_BUCKETS. The relay never looks inside the payload.
 */
export const UploadEnvelope = z.strictObject({
  v: z.literal(1),
  id: EnvelopeId,
  payload: z.string().max(base64Length(LIMITS.maxPayloadBytes)).refine(isBase64, 'base64')
});
export type UploadEnvelope = z.infer<typeof UploadEnvelope>;

/** POST …/envelopes. All or nothing: one conflicting id rejects the whole batch (409). */
export const UploadRequest = z.strictObject({
  v: z.literal(1),
  envelopes: z.array(UploadEnvelope).min(1).max(LIMITS.maxEnvelopesPerUpload)
});
export type UploadRequest = z.infer<typeof UploadRequest>;

export const UploadResult = z.strictObject({
  id: EnvelopeId,
  seq: Seq.min(1),
  /** `stored` the first time; `duplicate` when the same id with the same bytes was already there (same seq). */
  status: z.enum(['stored', 'duplicate'])
});
export const UploadResponse = z.strictObject({
  results: z.array(UploadResult),
  /** The mailbox's highest seq after this upload. */
  head: Seq,
  generation: z.string()
});
export type UploadResponse = z.infer<typeof UploadResponse>;

/** GET …/envelopes?after=<seq>&limit=<n>: envelopes with seq > after, ascending. */
export const PullQuery = z.strictObject({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxPullLimit).optional()
});
export type PullQuery = z.infer<typeof PullQuery>;
export const DEFAULT_PULL_LIMIT = 200;

export const StoredEnvelope = z.strictObject({
  id: EnvelopeId,
  seq: Seq.min(1),
  /** The member device whose signed request uploaded it (the relay checked that signature). */
  sender: DeviceId,
  receivedAt: Timestamp,
  payload: z.string()
});
export type StoredEnvelope = z.infer<typeof StoredEnvelope>;

export const PullResponse = z.strictObject({
  envelopes: z.array(StoredEnvelope),
  /** The cursor for the next page: the last returned seq, or `after` when the page is empty. */
  next: Seq,
  /** The mailbox's highest seq. `next < head` means more pages. A head below the device's saved
   *  cursor means the relay lost or rolled back data: re-upload. */
  head: Seq,
  /** Random id of the relay's storage, created when it was first initialised (the same for every
   *  mailbox). A different value than the one the device saw before means the relay's storage was
   *  replaced: re-upload. */
  generation: z.string()
});
export type PullResponse = z.infer<typeof PullResponse>;

/** POST …/mailboxes/referrals/reader: the calling device takes the reader lease over. */
export const TakeReaderRequest = z.strictObject({ v: z.literal(1) });
/** Who holds a mailbox's reader lease: since when, and when it last pulled. */
export const ReaderLease = z.strictObject({ v: z.literal(1), reader: DeviceId, since: Timestamp, seenAt: Timestamp });
export type ReaderLease = z.infer<typeof ReaderLease>;

// ---------------------------------------------------------------------------------------------
// Linking a new device (added 12:58, additive). The new device, not yet a member of anything,
// shows a one-time code to the person; it posts its public keys under SHA-256(code) — signed by
// its own key (signing.ts: linkRequestBytes) — and polls GET until an admin has certified it.
// The admin's device looks the keys up with the code the person reads out, both people compare
// the fingerprint of the keys, the admin POSTs the certificate (…/devices) and seals the
// organisation key to the new device's `device-<id>` mailbox. Expires after LINK_REQUEST_TTL_MS.
// Unauthenticated, so rate-limited per IP (LINK_RATE_LIMIT); a code must carry ≥ 40 bits.
// ---------------------------------------------------------------------------------------------
export const LINK_REQUEST_TTL_MS = 15 * 60 * 1000;
export const LINK_RATE_LIMIT = { perSecond: 2, burst: 20 } as const;
export const CodeHash = z.string().regex(/^[0-9a-f]{64}$/, 'codeHash: SHA-256 of the code, 64 lowercase hex');

/** POST /v1/link-requests → 201 LinkRequestCreated (200 when identical; 409 `link-code-taken` when the code is used by other keys). */
export const LinkRequest = z.strictObject({
  v: z.literal(1),
  codeHash: CodeHash,
  deviceId: DeviceId,
  signingKey: Ed25519PublicKey,
  boxKey: X25519PublicKey,
  /** Ed25519 by signingKey over linkRequestBytes({ codeHash, deviceId, signingKey, boxKey }): proves the key is held. */
  signature: Signature
});
export type LinkRequest = z.infer<typeof LinkRequest>;
export const LinkRequestCreated = z.strictObject({ expiresAt: Timestamp });
export type LinkRequestCreated = z.infer<typeof LinkRequestCreated>;

/** GET /v1/link-requests/:codeHash → LinkRequestStatus, or 404 `link-not-found` (unknown or expired). */
export const LinkRequestStatus = z.strictObject({
  v: z.literal(1),
  deviceId: DeviceId,
  signingKey: Ed25519PublicKey,
  boxKey: X25519PublicKey,
  signature: Signature,
  expiresAt: Timestamp,
  /** Set once an organisation certified this deviceId with this signingKey (POST …/devices). */
  orgId: OrgId.nullable()
});
export type LinkRequestStatus = z.infer<typeof LinkRequestStatus>;
export const linkRequestsPath = '/v1/link-requests';
export const linkRequestPath = (codeHash: string) => `/v1/link-requests/${codeHash}`;

// ---------------------------------------------------------------------------------------------
// WebSocket (ROUTES.socket). No content ever travels over the socket: only "mailbox X has
// envelopes up to seq N".
//   relay → device  { type: 'challenge', v: 1, challenge, serverTime }
//   device → relay  { type: 'auth', v: 1, orgId, deviceId, timestamp, signature }   (signing.ts: socketAuthBytes)
//   relay → device  { type: 'ready', mailboxes: [{ mailbox, head, generation }] }     (subscribed: org + own device mailbox)
//   relay → device  { type: 'notify', mailbox, head }                                  (after every upload to a subscribed mailbox,
//                                                                                      and to the organisation's `referrals` mailbox)
//   relay → device  { type: 'error', error: { code, message } } then close (4400 bad message, 4401 auth failed, 4403 revoked)
// The relay pings every 30 s; a device that does not authenticate within 10 s is disconnected.
// ---------------------------------------------------------------------------------------------
export const SocketChallenge = z.strictObject({ type: z.literal('challenge'), v: z.literal(1), challenge: Nonce, serverTime: Timestamp });
export const SocketAuth = z.strictObject({
  type: z.literal('auth'),
  v: z.literal(1),
  orgId: OrgId,
  deviceId: DeviceId,
  timestamp: Timestamp,
  signature: Signature
});
export type SocketAuth = z.infer<typeof SocketAuth>;
export const MailboxHead = z.strictObject({ mailbox: MailboxName, head: Seq, generation: z.string() });
export const SocketReady = z.strictObject({ type: z.literal('ready'), mailboxes: z.array(MailboxHead) });
export const SocketNotify = z.strictObject({ type: z.literal('notify'), mailbox: MailboxName, head: Seq });
export const SOCKET_CLOSE = { badMessage: 4400, authFailed: 4401, revoked: 4403, shuttingDown: 1001 } as const;

// ---------------------------------------------------------------------------------------------
// Errors: every non-2xx answer is `{ error: { code, message, details? } }`; codes are stable.
// ---------------------------------------------------------------------------------------------
export const RELAY_ERROR_CODES = [
  'bad-request', // 400 malformed JSON, schema mismatch, bad query
  'unsupported-version', // 400 unknown protocol version (path /vN/ or body v)
  'envelope-unpadded', // 400 payload length not in PAYLOAD_BUCKETS
  'bad-certificate', // 400 a statement whose signature, org, issuer or role does not check out
  'unsupported-media-type', // 415 body not application/json
  'unauthenticated', // 401 missing or malformed auth headers
  'bad-signature', // 401 signature does not verify with the device's registered key
  'stale-timestamp', // 401 timestamp outside the replay window (details.serverTime)
  'replayed-nonce', // 401 nonce already seen within the window
  'unknown-device', // 401 no such device in that organisation
  'device-revoked', // 403 the device was removed from the organisation
  'forbidden', // 403 not allowed (another organisation, another device's mailbox)
  'not-admin', // 403 the route needs an admin device
  'org-creation-closed', // 403 this relay does not accept new organisations
  'not-found', // 404 unknown route
  'org-not-found', // 404 no such organisation
  'method-not-allowed', // 405
  'org-exists', // 409 organisation id taken (by a different request)
  'device-exists', // 409 device id already certified differently
  'id-conflict', // 409 envelope id already stored with different bytes
  'last-admin', // 409 revoking it would leave no admin
  'stale-rotation', // 409 rotation epoch is not the next one
  'not-reader', // 409 another device holds the mailbox's reader lease (details.reader, details.seenAt; added 2026-11-24)
  'link-code-taken', // 409 this code hash is already used by other keys (added 12:58)
  'link-not-found', // 404 unknown or expired link request (added 12:58)
  'body-too-large', // 413
  'envelope-too-large', // 413 payload above LIMITS.maxPayloadBytes
  'rate-limited', // 429 with Retry-After (seconds) and details.retryAfterMs
  'internal', // 500
  'unavailable' // 503 shutting down or storage unreachable
] as const;
export type RelayErrorCode = (typeof RELAY_ERROR_CODES)[number];

export const RelayErrorBody = z.strictObject({
  error: z.strictObject({
    code: z.enum(RELAY_ERROR_CODES),
    message: z.string(),
    details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional()
  })
});
export type RelayErrorBody = z.infer<typeof RelayErrorBody>;

export const RELAY_ERROR_STATUS: Record<RelayErrorCode, number> = {
  'bad-request': 400,
  'unsupported-version': 400,
  'envelope-unpadded': 400,
  'bad-certificate': 400,
  'unsupported-media-type': 415,
  unauthenticated: 401,
  'bad-signature': 401,
  'stale-timestamp': 401,
  'replayed-nonce': 401,
  'unknown-device': 401,
  'device-revoked': 403,
  forbidden: 403,
  'not-admin': 403,
  'org-creation-closed': 403,
  'not-found': 404,
  'org-not-found': 404,
  'method-not-allowed': 405,
  'org-exists': 409,
  'device-exists': 409,
  'id-conflict': 409,
  'last-admin': 409,
  'stale-rotation': 409,
  'not-reader': 409,
  'link-code-taken': 409,
  'link-not-found': 404,
  'body-too-large': 413,
  'envelope-too-large': 413,
  'rate-limited': 429,
  internal: 500,
  unavailable: 503
};
