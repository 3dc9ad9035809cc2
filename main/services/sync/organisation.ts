/**
 * Organisations and devices (docs/sync.md, "Organisations, linking, removal").
 *
 * - The first device creates the organisation: Ed25519 + X25519 organisation keys, its own
 *   device keys and certificate; the profile's existing organisation key (keyring.ts) becomes
 *   the organisation's symmetric key, so nothing already written has to be re-sealed.
 * - Linking: the new device shows a one-time code and the fingerprint of its keys; an admin
 *   device enters the code, both people compare the fingerprint, the admin approves. The admin
 *   then certifies the new device at the relay and sends it a *grant*: the organisation keys
 *   sealed to the new device's X25519 key (crypto_box_seal) and signed with the organisation's
 *   Ed25519 key (a sealed box alone proves no sender).
 * - Removal: the admin revokes the device at the relay (which then refuses its requests),
 *   rotates the organisation key, re-wraps every collection key under the new one and grants
 *   the new key to each remaining device. Envelopes sealed after that use the new key.
 */
import { AppError } from '../../../shared/errors';
import {
  DeviceCertificateStatement,
  LinkRequestStatus,
  OrgResponse,
  linkRequestPath,
  linkRequestsPath,
  PullResponse,
  deviceMailbox,
  devicesPath,
  envelopesPath,
  keyRotationsPath,
  orgPath,
  paddedPayloadLength,
  pullPath,
  revocationsPath,
  type DeviceRole,
  type Statement
} from '../../../shared/relay/protocol';
import { hex, linkRequestBytes, statementSigningBytes } from '../../../shared/relay/signing';
import * as crypto from '../crypto';
import type { SealedStore } from '../sealed-store';
import { createRelayClient, RelayError, type RelayClient, type Signer } from './relay-client';
import type { SyncState } from './state';

/** Crockford base32: no I, L, O, U — nothing to misread aloud or on a screen. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 10;
export const LINK_TTL_MS = 15 * 60 * 1000;

export function normaliseCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
}
export const codeHash = (code: string) => hex(crypto.sha256(crypto.utf8.encode(`anxin-link-code/v1:${normaliseCode(code)}`)));

function newCode(): string {
  const bytes = crypto.randomBytes(CODE_LENGTH);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b % 32];
  return `${out.slice(0, 5)}-${out.slice(5)}`;
}

const b64 = crypto.toBase64;
const unb64 = crypto.fromBase64;

type Grant = {
  t: 'grant';
  v: 1;
  orgId: string;
  to: string;
  from: string;
  role: DeviceRole;
  keys: Array<{ id: string; key: string }>;
  current: string;
  orgSign?: { pub: string; sec: string };
  orgBox?: { pub: string; sec: string };
};

const grantSigningBytes = (orgId: string, to: string, envelopeId: string, sealed: Uint8Array) => {
  const prefix = crypto.utf8.encode(`anxin-grant/v1\n${orgId}\n${to}\n${envelopeId}\n`);
  const out = new Uint8Array(prefix.length + sealed.length);
  out.set(prefix);
  out.set(sealed, prefix.length);
  return out;
};

export function createOrganisation(d: { store: SealedStore; state: SyncState; now: () => number; relayFor?: (url: string) => RelayClient }) {
  const { store, state } = d;
  // One client per relay URL: it remembers the relay's clock offset and upload limit.
  const clients = new Map<string, RelayClient>();
  const relayFor =
    d.relayFor ??
    ((url: string) => {
      let c = clients.get(url);
      if (!c) clients.set(url, (c = createRelayClient({ baseUrl: url, now: d.now })));
      return c;
    });
  const deviceId = store.deviceId;

  function deviceKeys(): { sign: crypto.KeyPair; box: crypto.KeyPair } {
    let sign = state.keyPair('sign');
    let box = state.keyPair('box');
    if (!sign || !box) {
      sign = crypto.signKeyPair();
      box = crypto.boxKeyPair();
      store.transaction(() => {
        state.saveKeyPair('sign', sign!);
        state.saveKeyPair('box', box!);
      });
    }
    return { sign, box };
  }

  const fingerprintOf = (signPub: Uint8Array, boxPub: Uint8Array) => crypto.keyFingerprint(signPub, boxPub);

  function signer(orgId = state.get('org_id')!): Signer {
    const { sign } = deviceKeys();
    return { orgId, deviceId, sign: (bytes) => crypto.signDetached(bytes, sign.secretKey) };
  }

  function relay(): RelayClient {
    const url = state.get('relay_url');
    if (!url) throw new AppError('sync/not-configured', 'this device is not in an organisation');
    return relayFor(url);
  }

  function orgSigner(): crypto.KeyPair {
    const kp = state.keyPair('org-sign');
    if (!kp) throw new AppError('sync/not-admin', 'only an admin device can do this');
    return kp;
  }

  const signStatement = <S extends Statement>(statement: S) => ({ statement, signature: b64(crypto.signDetached(statementSigningBytes(statement), orgSigner().secretKey)) });

  function checkRelayUrl(url: string): string {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new AppError('ipc/invalid-request', 'not a relay address');
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]'))) {
      throw new AppError('ipc/invalid-request', 'the relay must be https (or http on this computer)');
    }
    return u.origin;
  }

  /** Fetches the organisation and checks every signature against the pinned organisation key. */
  async function fetchOrg(orgId = state.get('org_id')!): Promise<OrgResponse> {
    const org = OrgResponse.parse(await relay().get(orgPath(orgId), signer(orgId)));
    const pinned = state.get('org_sign_public');
    if (pinned && pinned !== org.orgSigningKey) {
      throw new AppError('sync/key-mismatch', 'the relay presented a different organisation key than the one this device pinned');
    }
    const orgKey = unb64(org.orgSigningKey);
    org.devices = org.devices.filter(
      (e) =>
        crypto.verifyDetached(unb64(e.certificate.signature), statementSigningBytes(e.certificate.statement), orgKey) &&
        (e.revocation === null || crypto.verifyDetached(unb64(e.revocation.signature), statementSigningBytes(e.revocation.statement), orgKey))
    );
    store.transaction(() => {
      for (const e of org.devices) {
        const c = e.certificate.statement;
        state.upsertDevice({
          device: c.deviceId,
          sign_public: unb64(c.signingKey),
          box_public: unb64(c.boxKey),
          role: c.role,
          status: e.revocation ? 'removed' : 'active',
          added_at: new Date(c.issuedAt).toISOString()
        });
        state.set(`label:${c.deviceId}`, c.label);
      }
    });
    return org;
  }

  function certificate(o: { orgId: string; deviceId: string; sign: Uint8Array; box: Uint8Array; role: DeviceRole; label: string }) {
    const statement: DeviceCertificateStatement = {
      type: 'device-certificate',
      v: 1,
      orgId: o.orgId,
      deviceId: o.deviceId,
      signingKey: b64(o.sign),
      boxKey: b64(o.box),
      role: o.role,
      label: o.label.slice(0, 64),
      issuedAt: d.now(),
      issuedBy: deviceId
    };
    return signStatement(statement);
  }

  /** Seals a grant of the organisation keys to another device's mailbox. */
  async function sendGrant(to: { deviceId: string; boxPublic: Uint8Array; role: DeviceRole }): Promise<void> {
    const orgId = state.get('org_id')!;
    const grant: Grant = {
      t: 'grant',
      v: 1,
      orgId,
      to: to.deviceId,
      from: deviceId,
      role: to.role,
      keys: store.keyring.orgKeys().map((k) => ({ id: k.id, key: b64(k.key) })),
      current: store.keyring.currentOrgKey().id
    };
    if (to.role === 'admin') {
      const s = orgSigner();
      const bx = state.keyPair('org-box')!;
      grant.orgSign = { pub: b64(s.publicKey), sec: b64(s.secretKey) };
      grant.orgBox = { pub: b64(bx.publicKey), sec: b64(bx.secretKey) };
    }
    const json = crypto.utf8.encode(JSON.stringify(grant));
    const total = paddedPayloadLength(json.length + 4 + 48 + 64);
    if (total === null) throw new AppError('sync/too-large', 'too many organisation keys to send');
    const plain = new Uint8Array(total - 48 - 64);
    new DataView(plain.buffer).setUint32(0, json.length);
    plain.set(json, 4);
    const sealed = crypto.sealToPublicKey(plain, to.boxPublic);
    crypto.wipe(plain);
    crypto.wipe(json);
    const envelopeId = crypto.randomId();
    const sig = crypto.signDetached(grantSigningBytes(orgId, to.deviceId, envelopeId, sealed), orgSigner().secretKey);
    const payload = new Uint8Array(64 + sealed.length);
    payload.set(sig);
    payload.set(sealed, 64);
    await relay().post(envelopesPath(orgId, deviceMailbox(to.deviceId)), { v: 1, envelopes: [{ v: 1, id: envelopeId, payload: b64(payload) }] }, signer());
  }

  /** Reads this device's mailbox: key grants (at linking and after every rotation). Returns how many were applied. */
  async function pullGrants(): Promise<number> {
    const orgId = state.get('org_id')!;
    let applied = 0;
    for (;;) {
      const cursor = state.num('cursor_device');
      const page = PullResponse.parse(await relay().get(pullPath(orgId, deviceMailbox(deviceId), cursor, 100), signer()));
      if (page.head < cursor) {
        state.set('cursor_device', 0);
        continue;
      }
      if (page.envelopes.length === 0) return applied;
      for (const env of page.envelopes) {
        try {
          applyGrant(env.id, unb64(env.payload));
          applied++;
        } catch (e) {
          state.set('rejected', state.num('rejected') + 1);
          state.set('last_rejection', e instanceof AppError ? e.code : 'internal');
        }
        state.set('cursor_device', env.seq);
      }
      if (page.next >= page.head) return applied;
    }
  }

  function applyGrant(envelopeId: string, payload: Uint8Array): void {
    const orgId = state.get('org_id')!;
    const bad = (reason: string) => new AppError('sync/bad-envelope', `key grant rejected: ${reason}`, { reason });
    const orgSignPub = state.get('org_sign_public');
    if (!orgSignPub) throw bad('no pinned organisation key');
    if (payload.length < 64 + 48 + 4) throw bad('malformed');
    const sig = payload.subarray(0, 64);
    const sealed = payload.subarray(64);
    if (!crypto.verifyDetached(sig, grantSigningBytes(orgId, deviceId, envelopeId, sealed), unb64(orgSignPub))) throw bad('signature');
    const { box } = deviceKeys();
    let plain: Uint8Array;
    try {
      plain = crypto.openSealedBox(sealed, box);
    } catch {
      throw bad('authentication');
    }
    const len = new DataView(plain.buffer, plain.byteOffset).getUint32(0);
    const grant = JSON.parse(crypto.utf8.decode(plain.subarray(4, 4 + len))) as Grant;
    crypto.wipe(plain);
    if (grant.t !== 'grant' || grant.orgId !== orgId || grant.to !== deviceId) throw bad('addressed elsewhere');
    store.transaction(() => {
      for (const k of grant.keys) store.keyring.addOrgKey(k.id, unb64(k.key), false);
      const before = store.keyring.currentOrgKey().id;
      store.keyring.addOrgKey(grant.current, unb64(grant.keys.find((k) => k.id === grant.current)!.key), true);
      if (grant.orgSign && grant.orgBox) {
        state.saveKeyPair('org-sign', { publicKey: unb64(grant.orgSign.pub), secretKey: unb64(grant.orgSign.sec) });
        state.saveKeyPair('org-box', { publicKey: unb64(grant.orgBox.pub), secretKey: unb64(grant.orgBox.sec) });
      }
      state.set('role', grant.role);
      if (before !== grant.current) store.keyring.rewrapCollections();
      if (state.get('joined') !== '1') {
        // First grant: this device's own records and collections join the organisation.
        state.set('joined', '1');
        state.requeueEverything();
      }
    });
  }

  return {
    deviceId,
    deviceKeys,
    signer,
    relay,
    fetchOrg,
    pullGrants,
    checkRelayUrl,
    fingerprint(): string {
      const { sign, box } = deviceKeys();
      return fingerprintOf(sign.publicKey, box.publicKey);
    },
    fingerprintOf,

    /** The first device: creates the organisation at the relay, as its admin. */
    async create(input: { relayUrl: string; label: string }): Promise<void> {
      if (state.get('org_id')) throw new AppError('sync/already-member', 'this device is already in an organisation');
      const url = checkRelayUrl(input.relayUrl);
      const { sign, box } = deviceKeys();
      const orgId = crypto.randomId();
      const orgSign = state.keyPair('org-sign') ?? crypto.signKeyPair();
      const orgBox = state.keyPair('org-box') ?? crypto.boxKeyPair();
      store.transaction(() => {
        state.saveKeyPair('org-sign', orgSign);
        state.saveKeyPair('org-box', orgBox);
      });
      const cert = certificate({ orgId, deviceId, sign: sign.publicKey, box: box.publicKey, role: 'admin', label: input.label });
      const client = relayFor(url);
      try {
        await client.post('/v1/orgs', { v: 1, orgId, orgSigningKey: b64(orgSign.publicKey), orgBoxKey: b64(orgBox.publicKey), certificate: cert }, signer(orgId));
      } catch (e) {
        if (e instanceof RelayError) throw new AppError('sync/relay-error', e.message, { relayCode: e.code, status: e.status });
        throw e;
      }
      store.transaction(() => {
        state.set('relay_url', url);
        state.set('org_id', orgId);
        state.set('role', 'admin');
        state.set('org_sign_public', b64(orgSign.publicKey));
        state.set('joined', '1');
        state.set(`label:${deviceId}`, input.label);
        state.upsertDevice({ device: deviceId, sign_public: sign.publicKey, box_public: box.publicKey, role: 'admin', status: 'active', added_at: new Date(d.now()).toISOString() });
        // Everything written before the organisation existed goes up now.
        state.requeueEverything();
      });
    },

    /** New device: publishes a link request and returns the code and fingerprint to show. */
    async offerLink(input: { relayUrl: string }): Promise<{ code: string; fingerprint: string; expiresAt: string }> {
      if (state.get('org_id')) throw new AppError('sync/already-member', 'this device is already in an organisation');
      const url = checkRelayUrl(input.relayUrl);
      const { sign, box } = deviceKeys();
      const code = newCode();
      const hash = codeHash(code);
      const body = { v: 1, codeHash: hash, deviceId, signingKey: b64(sign.publicKey), boxKey: b64(box.publicKey) };
      const signature = b64(crypto.signDetached(linkRequestBytes(body), sign.secretKey));
      try {
        await relayFor(url).post(linkRequestsPath, { ...body, signature }, null);
      } catch (e) {
        if (e instanceof RelayError) throw new AppError('sync/relay-error', e.message, { relayCode: e.code, status: e.status });
        throw e;
      }
      const expiresAt = new Date(d.now() + LINK_TTL_MS).toISOString();
      store.transaction(() => {
        state.set('link_relay_url', url);
        state.set('link_code_hash', hash);
        state.set('link_expires', expiresAt);
      });
      return { code, fingerprint: fingerprintOf(sign.publicKey, box.publicKey), expiresAt };
    },

    /** New device: has an admin approved us yet? On approval, joins (keys arrive by grant). */
    async pollLink(): Promise<boolean> {
      const hash = state.get('link_code_hash');
      const url = state.get('link_relay_url');
      if (!hash || !url) return false;
      const res = LinkRequestStatus.parse(await relayFor(url).get(linkRequestPath(hash), null));
      if (res.orgId === null) return false;
      const orgId = res.orgId;
      store.transaction(() => {
        state.set('relay_url', url);
        state.set('org_id', orgId);
        state.set('role', 'member');
      });
      try {
        // Pin the organisation's key as the relay shows it now (compare its fingerprint on both screens).
        const org = OrgResponse.parse(await relay().get(orgPath(orgId), signer(orgId)));
        state.set('org_sign_public', org.orgSigningKey);
        await fetchOrg(orgId);
      } catch (e) {
        store.transaction(() => {
          state.unset('org_id');
          state.unset('relay_url');
        });
        throw e;
      }
      store.transaction(() => {
        state.unset('link_code_hash');
        state.unset('link_relay_url');
        state.unset('link_expires');
      });
      return true;
    },

    /** Admin device: looks up the device behind a code; returns its fingerprint to compare. */
    async lookupLink(code: string): Promise<{ deviceId: string; fingerprint: string; signingKey: string; boxKey: string }> {
      orgSigner();
      let res: LinkRequestStatus;
      try {
        const parsed = LinkRequestStatus.safeParse(await relay().get(linkRequestPath(codeHash(code)), null));
        if (!parsed.success) throw new AppError('sync/link-code-invalid', 'the relay answered with a malformed link request');
        res = parsed.data;
      } catch (e) {
        if (e instanceof RelayError && e.status === 404) throw new AppError('sync/link-code-invalid', 'no device is waiting with this code');
        throw e;
      }
      const body = { v: 1, codeHash: codeHash(code), deviceId: res.deviceId, signingKey: res.signingKey, boxKey: res.boxKey };
      if (!crypto.verifyDetached(unb64(res.signature), linkRequestBytes(body), unb64(body.signingKey))) {
        throw new AppError('sync/link-code-invalid', 'the link request is not signed by the device it names');
      }
      return { deviceId: body.deviceId, fingerprint: fingerprintOf(unb64(body.signingKey), unb64(body.boxKey)), signingKey: body.signingKey, boxKey: body.boxKey };
    },

    /** Admin device, after the people compared the fingerprint: certify the device and send it the keys. */
    async approveLink(input: { code: string; fingerprint: string; role: DeviceRole; label: string }): Promise<void> {
      const found = await this.lookupLink(input.code);
      if (found.fingerprint !== input.fingerprint) throw new AppError('sync/key-mismatch', 'the device behind this code changed since it was shown');
      const orgId = state.get('org_id')!;
      const cert = certificate({ orgId, deviceId: found.deviceId, sign: unb64(found.signingKey), box: unb64(found.boxKey), role: input.role, label: input.label });
      await relay().post(devicesPath(orgId), { v: 1, certificate: cert }, signer());
      await sendGrant({ deviceId: found.deviceId, boxPublic: unb64(found.boxKey), role: input.role });
      await fetchOrg();
    },

    /** Admin device: removes a device and rotates the organisation key. */
    async removeDevice(target: string): Promise<void> {
      orgSigner();
      if (target === deviceId) throw new AppError('ipc/invalid-request', 'a device cannot remove itself');
      const orgId = state.get('org_id')!;
      const org = await fetchOrg();
      const entry = org.devices.find((e) => e.certificate.statement.deviceId === target);
      if (!entry) throw new AppError('record/not-found', 'no such device', { deviceId: target });
      if (!entry.revocation) {
        await relay().post(revocationsPath(orgId), { v: 1, revocation: signStatement({ type: 'device-revocation', v: 1, orgId, deviceId: target, revokedAt: d.now(), issuedBy: deviceId }) }, signer());
      }
      const previousKeyId = store.keyring.currentOrgKey().id;
      const epoch = org.keyRotations.length + 1;
      const keyId = store.transaction(() => {
        const id = store.keyring.rotateOrgKey();
        store.keyring.rewrapCollections();
        return id;
      });
      await relay().post(
        keyRotationsPath(orgId),
        {
          v: 1,
          notice: signStatement({ type: 'org-key-rotation', v: 1, orgId, epoch, keyId, previousKeyId, reason: 'device-removed', removedDevices: [target], rotatedAt: d.now(), issuedBy: deviceId })
        },
        signer()
      );
      for (const e of org.devices) {
        const c = e.certificate.statement;
        if (e.revocation || c.deviceId === target || c.deviceId === deviceId) continue;
        await sendGrant({ deviceId: c.deviceId, boxPublic: unb64(c.boxKey), role: c.role });
      }
      await fetchOrg();
    }
  };
}

export type Organisation = ReturnType<typeof createOrganisation>;
