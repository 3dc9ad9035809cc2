/**
 * The signed formats of the referral network (docs/network.md): join requests, entries signed
 * by the network key, invitations and directory snapshots. Every signature covers a domain
 * prefix plus the canonical JSON of the object without its signature (keys sorted at every
 * level), so a signature made for one format never verifies as another.
 *
 * Every decoder parses with a strict schema first (unknown fields are refused) and verifies the
 * signature over the canonical encoding of what it parsed: what is checked is what is used.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { OrganisationId, OrganisationProfile } from '../../../shared/domain/referrals/schemas';
import * as crypto from '../crypto';
import { canonical } from '../canonical-json';

export const JOIN_PREFIX = 'anxin-join:v1:';
export const INVITE_PREFIX = 'anxin-invite:v1:';
const DOMAIN = {
  join: 'anxin-join/v1\n',
  entry: 'anxin-network-entry/v1\n',
  invite: 'anxin-network-invite/v1\n',
  directory: 'anxin-network-directory/v1\n'
} as const;

const b64 = crypto.toBase64;
function unb64(text: string): Uint8Array {
  try {
    return crypto.fromBase64(text);
  } catch {
    return new Uint8Array(0);
  }
}
const Key32 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
const Sig = z.string().regex(/^[A-Za-z0-9+/]{86}==$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const NetworkId = z.string().regex(/^[0-9a-f]{32}$/);
const Iso = z.string().max(40);

export const JoinRequest = z.strictObject({
  v: z.literal(1),
  organisationId: OrganisationId,
  profile: OrganisationProfile,
  signPublic: Key32,
  boxPublic: Key32,
  createdAt: Iso,
  signature: Sig
});
export type JoinRequest = z.infer<typeof JoinRequest>;

export const EntryFields = z.strictObject({
  v: z.literal(1),
  networkId: NetworkId,
  organisationId: OrganisationId,
  profile: OrganisationProfile,
  signPublic: Key32,
  boxPublic: Key32,
  validUntil: Day,
  issuedAt: Iso,
  coordinator: z.boolean()
});
export type EntryFields = z.infer<typeof EntryFields>;
export const SignedEntry = EntryFields.extend({ signature: Sig });
export type SignedEntry = z.infer<typeof SignedEntry>;

export const Invitation = z.strictObject({
  v: z.literal(1),
  networkId: NetworkId,
  name: z.string().min(1).max(200),
  networkPublic: Key32,
  relayOrgId: OrganisationId,
  entry: SignedEntry,
  signature: Sig
});
export type Invitation = z.infer<typeof Invitation>;

export const Snapshot = z.strictObject({
  v: z.literal(1),
  networkId: NetworkId,
  version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  issuedAt: Iso,
  entries: z.array(SignedEntry).max(2000),
  signature: Sig
});
export type Snapshot = z.infer<typeof Snapshot>;

const signingBytes = (domain: string, unsigned: object) => crypto.utf8.encode(domain + canonical(unsigned));
function withoutSignature<T extends { signature: string }>(o: T): Omit<T, 'signature'> {
  const { signature, ...rest } = o;
  void signature;
  return rest;
}
const sign = (domain: string, unsigned: object, secretKey: Uint8Array) => b64(crypto.signDetached(signingBytes(domain, unsigned), secretKey));
const verify = (domain: string, signed: { signature: string }, publicKey: Uint8Array) =>
  crypto.verifyDetached(unb64(signed.signature), signingBytes(domain, withoutSignature(signed)), publicKey);

const badSignature = (what: string, details?: Record<string, string | number | boolean>) =>
  new AppError('network/bad-signature', `${what}: the signature does not verify`, details);
const invalidToken = (what: string) => new AppError('network/invalid-token', `this is not a valid ${what}`);

function encodeToken(prefix: string, value: object): string {
  return prefix + Buffer.from(canonical(value), 'utf8').toString('base64url');
}
function decodeToken(prefix: string, text: string, what: string): unknown {
  const t = text.replace(/\s+/g, '');
  if (!t.startsWith(prefix)) throw invalidToken(what);
  const body = t.slice(prefix.length);
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw invalidToken(what);
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken(what);
  }
}
function parse<T>(schema: z.ZodType<T>, raw: unknown, what: string): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw invalidToken(what);
  return r.data;
}

/** Fingerprint of an organisation's referral keys (read aloud over the phone). */
export const orgFingerprint = (signPublic: Uint8Array, boxPublic: Uint8Array) => crypto.keyFingerprint(signPublic, boxPublic);
/** Fingerprint of the network coordinator's public key. */
export const networkFingerprint = (networkPublic: Uint8Array) => crypto.keyFingerprint(networkPublic);
/** Two fingerprints are the same when their digits are (spaces, dashes and line breaks ignored). */
export const sameFingerprint = (a: string, b: string) => {
  const da = a.replace(/\D/g, '');
  return da.length > 0 && da === b.replace(/\D/g, '');
};
export const keysOf = (e: { signPublic: string; boxPublic: string }) => ({ sign: unb64(e.signPublic), box: unb64(e.boxPublic) });
export const entryFingerprint = (e: { signPublic: string; boxPublic: string }) => {
  const k = keysOf(e);
  return orgFingerprint(k.sign, k.box);
};

// ─── join request ────────────────────────────────────────────────────────────

export function makeJoinRequest(input: { organisationId: string; profile: OrganisationProfile; sign: crypto.KeyPair; box: crypto.KeyPair; createdAt: string }): string {
  const unsigned = {
    v: 1 as const,
    organisationId: input.organisationId,
    profile: OrganisationProfile.parse(input.profile),
    signPublic: b64(input.sign.publicKey),
    boxPublic: b64(input.box.publicKey),
    createdAt: input.createdAt
  };
  return encodeToken(JOIN_PREFIX, { ...unsigned, signature: sign(DOMAIN.join, unsigned, input.sign.secretKey) });
}

/** Decodes and checks the self-signature (proof the requester holds the key; identity is checked by phone). */
export function readJoinRequest(text: string): JoinRequest {
  const req = parse(JoinRequest, decodeToken(JOIN_PREFIX, text, 'join request'), 'join request');
  if (!verify(DOMAIN.join, req, unb64(req.signPublic))) throw badSignature('join request');
  return req;
}

// ─── entries ─────────────────────────────────────────────────────────────────

export function signEntry(fields: EntryFields, networkSecret: Uint8Array): SignedEntry {
  const unsigned = EntryFields.parse(fields);
  return { ...unsigned, signature: sign(DOMAIN.entry, unsigned, networkSecret) };
}

export function verifyEntry(entry: SignedEntry, networkPublic: Uint8Array, networkId: string): boolean {
  const parsed = SignedEntry.safeParse(entry);
  return parsed.success && parsed.data.networkId === networkId && verify(DOMAIN.entry, parsed.data, networkPublic);
}

// ─── invitation ──────────────────────────────────────────────────────────────

export function makeInvitation(input: { networkId: string; name: string; networkKey: crypto.KeyPair; relayOrgId: string; entry: SignedEntry }): string {
  const unsigned = {
    v: 1 as const,
    networkId: input.networkId,
    name: input.name,
    networkPublic: b64(input.networkKey.publicKey),
    relayOrgId: input.relayOrgId,
    entry: input.entry
  };
  return encodeToken(INVITE_PREFIX, { ...unsigned, signature: sign(DOMAIN.invite, unsigned, input.networkKey.secretKey) });
}

/**
 * Decodes an invitation and checks that it is signed by the network key it carries and that its
 * entry is signed by that key too. Whether that key is the right one is for the person to check
 * (the fingerprint read out by the coordinator); see `network:join`.
 */
export function readInvitation(text: string): Invitation {
  const inv = parse(Invitation, decodeToken(INVITE_PREFIX, text, 'invitation'), 'invitation');
  const key = unb64(inv.networkPublic);
  if (!verify(DOMAIN.invite, inv, key)) throw badSignature('invitation');
  if (!verifyEntry(inv.entry, key, inv.networkId)) throw badSignature('invitation entry');
  return inv;
}

// ─── directory snapshot ──────────────────────────────────────────────────────

export function signSnapshot(input: { networkId: string; version: number; issuedAt: string; entries: SignedEntry[] }, networkSecret: Uint8Array): Snapshot {
  const unsigned = { v: 1 as const, networkId: input.networkId, version: input.version, issuedAt: input.issuedAt, entries: input.entries };
  return { ...unsigned, signature: sign(DOMAIN.directory, unsigned, networkSecret) };
}

/**
 * Parses and verifies a snapshot with the PINNED network key: its own signature, its network id,
 * each entry's signature, and one entry per organisation. Throws network/bad-signature.
 */
export function verifySnapshot(raw: unknown, networkPublic: Uint8Array, networkId: string): Snapshot {
  const r = Snapshot.safeParse(raw);
  if (!r.success) throw badSignature('network directory', { reason: 'malformed' });
  const snap = r.data;
  if (snap.networkId !== networkId) throw badSignature('network directory', { reason: 'other-network' });
  if (!verify(DOMAIN.directory, snap, networkPublic)) throw badSignature('network directory', { reason: 'snapshot' });
  const seen = new Set<string>();
  for (const e of snap.entries) {
    if (!verifyEntry(e, networkPublic, networkId)) throw badSignature('network directory entry', { reason: 'entry', organisationId: e.organisationId });
    if (seen.has(e.organisationId)) throw badSignature('network directory', { reason: 'duplicate-entry' });
    seen.add(e.organisationId);
  }
  return snap;
}

/** Today as YYYY-MM-DD (UTC). */
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** An entry is valid through its validUntil day (UTC). */
export const isExpired = (validUntil: string, nowMs: number) => validUntil < dayOf(nowMs);
export function addYears(ms: number, years: number): string {
  const d = new Date(ms);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return dayOf(d.getTime());
}
