// The signed formats of the referral network (main/services/network/formats.ts) and the sealed
// directory container (mailbox.ts), without a relay.
import { beforeAll, describe, expect, it } from 'vitest';
import { canonical } from '../../main/services/canonical-json';
import * as crypto from '../../main/services/crypto';
import {
  isExpired,
  makeInvitation,
  makeJoinRequest,
  readInvitation,
  readJoinRequest,
  sameFingerprint,
  signEntry,
  signSnapshot,
  verifySnapshot,
  type EntryFields
} from '../../main/services/network/formats';
import { openSealedSnapshot, sealSnapshot } from '../../main/services/network/mailbox';
import { AppError } from '../../shared/errors';
import { OrganisationProfile } from '../../shared/domain/referrals/schemas';

const profile = OrganisationProfile.parse({ name: 'Willow House (demo)', country: 'NL', city: 'Amsterdam', demo: true });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? `${e.code}${e.details?.reason ? `:${String(e.details.reason)}` : ''}` : String(e);
  }
  return 'ok';
};
const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const unb64url = (t: string, prefix: string) => JSON.parse(Buffer.from(t.slice(prefix.length), 'base64url').toString('utf8'));

let net: crypto.KeyPair;
let org: { sign: crypto.KeyPair; box: crypto.KeyPair };
const networkId = 'a'.repeat(32);
const orgId = 'b'.repeat(32);
const entryFields = (): EntryFields => ({
  v: 1,
  networkId,
  organisationId: orgId,
  profile,
  signPublic: crypto.toBase64(org.sign.publicKey),
  boxPublic: crypto.toBase64(org.box.publicKey),
  validUntil: '2099-01-01',
  issuedAt: '2026-11-24T10:00:00.000Z',
  coordinator: false
});

beforeAll(async () => {
  await crypto.initCrypto();
  net = crypto.signKeyPair();
  org = { sign: crypto.signKeyPair(), box: crypto.boxKeyPair() };
});

describe('network formats', () => {
  it('canonical JSON sorts keys at every level and keeps array order', () => {
    expect(canonical({ z: [3, { b: 1, a: 2 }], a: 'x', u: undefined })).toBe('{"a":"x","z":[3,{"a":2,"b":1}]}');
  });

  it('a join request round-trips; an altered one or one with an extra field is refused', () => {
    const text = makeJoinRequest({ organisationId: orgId, profile, sign: org.sign, box: org.box, createdAt: '2026-11-24T10:00:00.000Z' });
    expect(readJoinRequest(`  ${text.slice(0, 40)}\n${text.slice(40)} `).organisationId).toBe(orgId);
    const raw = unb64url(text, 'anxin-join:v1:');
    expect(codeOf(() => readJoinRequest('anxin-join:v1:' + b64url({ ...raw, organisationId: 'c'.repeat(32) })))).toBe('network/bad-signature');
    expect(codeOf(() => readJoinRequest('anxin-join:v1:' + b64url({ ...raw, extra: 1 })))).toBe('network/invalid-token');
    expect(codeOf(() => readJoinRequest(text.replace('anxin-join', 'anxin-invite')))).toBe('network/invalid-token');
  });

  it('an invitation must carry an entry signed by its own network key', () => {
    const entry = signEntry(entryFields(), net.secretKey);
    const good = makeInvitation({ networkId, name: 'Demo', networkKey: net, relayOrgId: 'c'.repeat(32), entry });
    expect(readInvitation(good).entry.organisationId).toBe(orgId);
    const other = crypto.signKeyPair();
    const foreignEntry = signEntry(entryFields(), other.secretKey);
    const bad = makeInvitation({ networkId, name: 'Demo', networkKey: net, relayOrgId: 'c'.repeat(32), entry: foreignEntry });
    expect(codeOf(() => readInvitation(bad))).toBe('network/bad-signature');
  });

  it('a snapshot verifies only with its network key, for its network, with every entry signed and none repeated', () => {
    const entry = signEntry(entryFields(), net.secretKey);
    const snap = signSnapshot({ networkId, version: 3, issuedAt: '2026-11-24T10:00:00.000Z', entries: [entry] }, net.secretKey);
    expect(verifySnapshot(JSON.parse(JSON.stringify(snap)), net.publicKey, networkId).version).toBe(3);
    expect(codeOf(() => verifySnapshot(snap, crypto.signKeyPair().publicKey, networkId))).toBe('network/bad-signature:snapshot');
    expect(codeOf(() => verifySnapshot(snap, net.publicKey, 'd'.repeat(32)))).toBe('network/bad-signature:other-network');
    expect(codeOf(() => verifySnapshot({ ...snap, version: 4 }, net.publicKey, networkId))).toBe('network/bad-signature:snapshot');
    const twice = signSnapshot({ networkId, version: 4, issuedAt: '2026-11-24T10:00:00.000Z', entries: [entry, entry] }, net.secretKey);
    expect(codeOf(() => verifySnapshot(twice, net.publicKey, networkId))).toBe('network/bad-signature:duplicate-entry');
    const altered = signSnapshot({ networkId, version: 5, issuedAt: '2026-11-24T10:00:00.000Z', entries: [{ ...entry, validUntil: '2199-01-01' }] }, net.secretKey);
    expect(codeOf(() => verifySnapshot(altered, net.publicKey, networkId))).toBe('network/bad-signature:entry');
    expect(codeOf(() => verifySnapshot({ nonsense: true }, net.publicKey, networkId))).toBe('network/bad-signature:malformed');
  });

  it('a sealed snapshot opens only for a listed organisation', () => {
    const snap = signSnapshot({ networkId, version: 1, issuedAt: '2026-11-24T10:00:00.000Z', entries: [signEntry(entryFields(), net.secretKey)] }, net.secretKey);
    const sealed = JSON.parse(crypto.utf8.decode(sealSnapshot(snap, [{ organisationId: orgId, boxPublic: org.box.publicKey }])));
    expect(JSON.stringify(sealed)).not.toContain('Willow');
    expect(openSealedSnapshot(sealed, orgId, org.box)).toEqual(JSON.parse(canonical(snap)));
    expect(openSealedSnapshot(sealed, 'e'.repeat(32), crypto.boxKeyPair())).toBe('not-listed');
    expect(openSealedSnapshot(sealed, orgId, crypto.boxKeyPair())).toBeNull();
    const flipped = { ...sealed, ciphertext: crypto.toBase64(crypto.fromBase64(sealed.ciphertext).map((b: number, i: number) => (i === 5 ? b ^ 1 : b))) };
    expect(openSealedSnapshot(flipped, orgId, org.box)).toBeNull();
  });

  it('fingerprints compare by digits; an entry is valid through its last day', () => {
    expect(sameFingerprint('12345 67890', '1234567890')).toBe(true);
    expect(sameFingerprint('12345 67890', '12345 67891')).toBe(false);
    expect(sameFingerprint('', '')).toBe(false);
    const day = Date.parse('2026-11-24T23:59:59Z');
    expect(isExpired('2026-11-24', day)).toBe(false);
    expect(isExpired('2026-11-23', day)).toBe(true);
  });
});
