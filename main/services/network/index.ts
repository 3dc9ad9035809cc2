/**
 * The referral network of one unlocked profile (docs/network.md; trust model in
 * docs/security.md, "Network trust").
 *
 * - Every organisation has referral keys (Ed25519 signs, X25519 receives wrapped keys) and a
 *   profile; a coordinator organisation holds the network key, which signs one entry per member
 *   organisation and the directory snapshot that lists them.
 * - A member joins with an invitation that pins the network key (its fingerprint is compared by
 *   phone), then reads the signed directory from the coordinator's `network` mailbox on the relay
 *   (`refresh`). Other organisations' keys are pinned on first sight; a key that later differs is
 *   refused (`network/key-changed`) until someone compares the new fingerprint and accepts it.
 * - Everything is stored as sealed records (store.ts), so every device of the organisation has it.
 *
 * `identity()`, `trusted()` and `transport()` are what the referrals service builds on.
 */
import { AppError, type ErrorCode } from '../../../shared/errors';
import type { DirectoryEntry } from '../../../shared/domain/directory/schemas';
import { DirectoryFields } from '../../../shared/domain/directory/schemas';
import {
  DIRECTORY_STALE_DAYS,
  OrganisationProfile,
  type InvitationPreview,
  type JoinRequestPreview,
  type NetworkOrganisation,
  type NetworkStatus,
  type OrganisationProfileInput
} from '../../../shared/domain/referrals/schemas';
import * as crypto from '../crypto';
import type { SealedStore } from '../sealed-store';
import type { SyncService } from '../sync';
import { toAppError } from '../sync/relay-client';
import { canonical } from '../canonical-json';
import {
  addYears,
  dayOf,
  entryFingerprint,
  isExpired,
  keysOf,
  makeInvitation,
  makeJoinRequest,
  networkFingerprint,
  orgFingerprint,
  readInvitation,
  readJoinRequest,
  sameFingerprint,
  signEntry,
  signSnapshot,
  verifyEntry,
  verifySnapshot,
  type SignedEntry,
  type Snapshot
} from './formats';
import { openSealedSnapshot, publishSnapshot, pullSnapshots } from './mailbox';
import { createNetworkRecords, fromPair, toPair, type DirectoryBody, type IdentityBody, type PinBody } from './store';

export type NetworkIdentity = {
  organisationId: string;
  profile: OrganisationProfile;
  sign: crypto.KeyPair;
  box: crypto.KeyPair;
  fingerprint: string;
};
export type TrustedOrganisation = {
  organisationId: string;
  profile: OrganisationProfile;
  signPublic: Uint8Array;
  boxPublic: Uint8Array;
  fingerprint: string;
};

const b64 = crypto.toBase64;
const unb64 = crypto.fromBase64;
const sameKeys = (a: { signPublic: string; boxPublic: string }, b: { signPublic: string; boxPublic: string }) => a.signPublic === b.signPublic && a.boxPublic === b.boxPublic;

/** After a successful sync cycle, the directory is read again at most this often (docs/network.md). */
export const AUTO_REFRESH_MS = 10 * 60 * 1000;
/** A member's directory not verified for longer than this is stale (status.network.stale). */
export const STALE_AFTER_MS = DIRECTORY_STALE_DAYS * 24 * 60 * 60 * 1000;
/** A successful refresh that found nothing new stores its time at most this often (staleness survives a restart). */
const VERIFIED_WRITE_MS = 24 * 60 * 60 * 1000;

export function createNetworkService(deps: {
  store: SealedStore;
  sync: Pick<SyncService, 'transport'> & Partial<Pick<SyncService, 'onStatus'>>;
  now?: () => number;
  /** 0 = never refresh in the background (default AUTO_REFRESH_MS). */
  autoRefreshMs?: number;
}) {
  const now = deps.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const records = createNetworkRecords(deps.store);
  /** When this session last read and verified the directory (the record changes only when the directory does, or once a day). */
  let lastVerified: string | null = null;
  /** The outcome of this session's last refresh, background or by hand (in memory: docs/network.md). */
  let lastOutcome: { at: string; ok: boolean; error: { code: ErrorCode } | null } | null = null;

  function transport() {
    const t = deps.sync.transport();
    if (!t) throw new AppError('network/not-ready', 'this device does not belong to an organisation on a relay yet');
    return t;
  }

  /** The identity record, creating the referral keys on first need. */
  function identityRecord() {
    const rec = records.identity();
    if (rec) return rec;
    const body: IdentityBody = {
      sign: fromPair(crypto.signKeyPair()),
      box: fromPair(crypto.boxKeyPair()),
      createdAt: iso(),
      profile: null,
      network: null,
      coordinator: null
    };
    const header = records.putIdentity(body, null);
    return { header, body };
  }

  function identity(): NetworkIdentity {
    const { orgId } = transport();
    // Keys are made with the profile (setProfile), never here: another device of the
    // organisation that has not received them yet must not make its own.
    const body = records.identity()?.body;
    if (!body?.profile) throw new AppError('network/profile-missing', "the organisation's profile (name, country, city) is not filled in");
    const sign = toPair(body.sign);
    const box = toPair(body.box);
    return { organisationId: orgId, profile: body.profile, sign, box, fingerprint: orgFingerprint(sign.publicKey, box.publicKey) };
  }

  function joined() {
    const rec = records.identity();
    if (!rec?.body.network) throw new AppError('network/not-joined', 'this organisation has not joined a network');
    return { rec, network: rec.body.network };
  }

  function coordinatorKey(): { rec: NonNullable<ReturnType<typeof records.identity>>; key: crypto.KeyPair; networkId: string; name: string } {
    const { rec, network } = joined();
    const c = rec.body.coordinator;
    if (!c || c.networkId !== network.networkId) throw new AppError('network/not-coordinator', 'only the network coordinator can do this');
    return { rec, key: toPair(c.sign), networkId: c.networkId, name: c.name };
  }

  /** The newest verified snapshot of the joined network (re-verified when read: it may have arrived through sync). */
  let cache: { key: string; snapshot: Snapshot } | null = null;
  let rowsMemo: { list: SignedEntry[]; key: string; rows: DirectoryEntry[] } | null = null;
  function snapshot(): { body: DirectoryBody; snapshot: Snapshot } | null {
    const rec = records.identity();
    const network = rec?.body.network;
    const dir = records.directory();
    if (!network || !dir || dir.body.networkId !== network.networkId) return null;
    const key = `${dir.header.id}:${dir.header.revision}:${dir.header.hlc}:${network.networkPublic}`;
    if (cache?.key !== key) cache = { key, snapshot: verifySnapshot(dir.body.snapshot, unb64(network.networkPublic), network.networkId) };
    return { body: dir.body, snapshot: cache.snapshot };
  }

  /** The entries as this organisation knows them: the snapshot's, else (just joined) its own from the invitation. */
  function entries(): SignedEntry[] {
    const s = snapshot();
    if (s) return s.snapshot.entries;
    const network = records.identity()?.body.network;
    return network ? [network.entry] : [];
  }

  const selfOrgId = () => deps.sync.transport()?.orgId ?? null;

  function view(e: SignedEntry, pins: Map<string, PinBody>, self: string | null): NetworkOrganisation {
    const fingerprint = entryFingerprint(e);
    const pin = pins.get(e.organisationId);
    const isSelf = e.organisationId === self;
    const changed = !isSelf && !!pin && (pin.signPublic !== e.signPublic || pin.boxPublic !== e.boxPublic);
    return {
      organisationId: e.organisationId,
      profile: e.profile,
      fingerprint,
      pinnedFingerprint: changed ? entryFingerprint(pin) : fingerprint,
      pin: changed ? 'changed' : 'pinned',
      validUntil: e.validUntil,
      expired: isExpired(e.validUntil, now()),
      self: isSelf,
      coordinator: e.coordinator
    };
  }

  /** Pins every organisation seen for the first time; returns how many listed keys differ from their pin. */
  function pinNew(list: SignedEntry[], self: string): number {
    const pins = records.pins();
    let changed = 0;
    for (const e of list) {
      if (e.organisationId === self) continue;
      const pin = pins.get(e.organisationId);
      if (!pin) records.putPin({ organisationId: e.organisationId, signPublic: e.signPublic, boxPublic: e.boxPublic, firstSeen: iso(), acceptedAt: null });
      else if (pin.signPublic !== e.signPublic || pin.boxPublic !== e.boxPublic) changed++;
    }
    return changed;
  }

  function status(): NetworkStatus {
    const t = deps.sync.transport();
    const rec = records.identity();
    const body = rec?.body ?? null;
    const network = body?.network ?? null;
    let validUntil: string | null = null;
    let refreshedAt: string | null = null;
    let ownEntryMismatch = false;
    if (network && t && body) {
      const s = snapshot();
      const own = (s?.snapshot.entries ?? [network.entry]).find((e) => e.organisationId === t.orgId);
      validUntil = own?.validUntil ?? null;
      // Listed under this organisation's id with keys that are not its own: someone else's keys.
      ownEntryMismatch = !!own && (own.signPublic !== body.sign.pub || own.boxPublic !== body.box.pub);
      if (s) refreshedAt = lastVerified && lastVerified > s.body.fetchedAt ? lastVerified : s.body.fetchedAt;
    }
    const coordinator = !!network && body?.coordinator?.networkId === network.networkId;
    // The coordinator signs the directory itself: it is never stale. A member that never read one
    // (refreshedAt null) shows "never" and, if it tried, the failed refresh.
    const stale = !!network && !coordinator && refreshedAt !== null && now() - Date.parse(refreshedAt) > STALE_AFTER_MS;
    return {
      organisationReady: t !== null,
      organisationId: t?.orgId ?? null,
      fingerprint: body ? orgFingerprint(unb64(body.sign.pub), unb64(body.box.pub)) : null,
      profile: body?.profile ?? null,
      network: network
        ? {
            networkId: network.networkId,
            name: network.name,
            fingerprint: networkFingerprint(unb64(network.networkPublic)),
            coordinator,
            validUntil,
            refreshedAt,
            lastRefresh: lastOutcome,
            stale
          }
        : null,
      ownEntryMismatch
    };
  }

  /** Coordinator: sign and store the next snapshot, then publish it on the relay. */
  async function publishNext(list: SignedEntry[], replaced: DirectoryBody['replaced'] = []): Promise<Snapshot> {
    const { key, networkId } = coordinatorKey();
    const prev = snapshot();
    const next = signSnapshot({ networkId, version: (prev?.snapshot.version ?? 0) + 1, issuedAt: iso(), entries: list }, key.secretKey);
    const hash = crypto.toHex(crypto.sha256(crypto.utf8.encode(canonical(next))));
    records.putDirectory({
      networkId,
      snapshot: next,
      hash,
      fetchedAt: iso(),
      cursor: 0,
      generation: null,
      publishedVersion: prev?.body.publishedVersion ?? 0,
      ...(replaced.length > 0 ? { replaced } : {})
    });
    await publish();
    return next;
  }

  /**
   * Coordinator: puts the newest stored snapshot on the relay if it is not there yet. One at a
   * time, so versions reach the relay in order (a member that read a newer one would take an
   * older one arriving after it for a rollback).
   */
  let publishing: Promise<void> = Promise.resolve();
  function publish(): Promise<void> {
    const p = publishing.then(publishNewest, publishNewest);
    publishing = p.catch(() => undefined);
    return p;
  }
  async function publishNewest(): Promise<void> {
    const s = snapshot();
    if (!s || s.body.publishedVersion >= s.snapshot.version) return;
    try {
      // Sealed to every listed organisation's X25519 key: the relay and outsiders see ciphertext.
      // The version that replaced an organisation's keys is also sealed to its previous key, so
      // the organisation that held it reads its own entry changed (status: ownEntryMismatch).
      await publishSnapshot(transport(), s.snapshot, [
        ...s.snapshot.entries.map((e) => ({ organisationId: e.organisationId, boxPublic: keysOf(e).box })),
        ...(s.body.replaced ?? []).map((r) => ({ organisationId: r.organisationId, boxPublic: unb64(r.boxPublic) }))
      ]);
    } catch (e) {
      throw toAppError(e);
    }
    const latest = records.directory();
    if (latest && latest.body.snapshot.version === s.snapshot.version) records.putDirectory({ ...latest.body, publishedVersion: s.snapshot.version });
  }

  function organisation(organisationId: string): NetworkOrganisation {
    const e = entries().find((x) => x.organisationId === organisationId);
    if (!e) throw new AppError('network/unknown-organisation', 'this organisation is not in the network directory', { organisationId });
    return view(e, records.pins(), selfOrgId());
  }

  /**
   * Coordinator: publishes what the relay does not have yet. Member: reads the coordinator's
   * `network` mailbox, verifies the newest snapshot with the pinned network key, refuses an
   * older one than the highest seen (rollback), stores it, pins organisations seen first.
   * Concurrent callers share the running refresh.
   */
  let refreshing: Promise<{ organisations: number; changedKeys: number }> | null = null;
  function refresh(): Promise<{ organisations: number; changedKeys: number }> {
    refreshing ??= runRefresh()
      .then(
        (r) => {
          lastOutcome = { at: iso(), ok: true, error: null };
          return r;
        },
        (e: unknown) => {
          // Every failure is kept for status (the Network screen shows it), then rethrown.
          const err = toAppError(e);
          lastOutcome = { at: iso(), ok: false, error: { code: err.code } };
          throw err;
        }
      )
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }
  async function runRefresh(): Promise<{ organisations: number; changedKeys: number }> {
    const t = transport();
    const { rec, network } = joined();
    if (rec.body.coordinator?.networkId === network.networkId) {
      await publish();
    } else {
      const prev = snapshot();
      let pulled;
      try {
        pulled = await pullSnapshots(t, network.relayOrgId, { cursor: prev?.body.cursor ?? 0, generation: prev?.body.generation ?? null });
      } catch (e) {
        throw toAppError(e);
      }
      const key = unb64(network.networkPublic);
      const box = toPair(rec.body.box);
      let best: { snap: Snapshot; hash: string } | null = null;
      let invalid = 0;
      let notListed = 0;
      for (const c of pulled.candidates) {
        const opened = openSealedSnapshot(c.raw, t.orgId, box);
        if (opened === 'not-listed') {
          notListed++;
          continue;
        }
        try {
          if (opened === null) throw new Error('does not open');
          const snap = verifySnapshot(opened, key, network.networkId);
          if (!best || snap.version > best.snap.version) best = { snap, hash: crypto.toHex(crypto.sha256(crypto.utf8.encode(canonical(snap)))) };
        } catch {
          invalid++;
        }
      }
      const seen = prev?.snapshot.version ?? 0;
      if (best && best.snap.version > seen) {
        const chosen = best;
        records.transaction(() => {
          // Another device of the organisation may have stored a newer one meanwhile (sync).
          if ((snapshot()?.snapshot.version ?? 0) >= chosen.snap.version) return;
          records.putDirectory({ networkId: network.networkId, snapshot: chosen.snap, hash: chosen.hash, fetchedAt: iso(), cursor: pulled.cursor, generation: pulled.generation, publishedVersion: 0 });
        });
      } else if (invalid > 0 || pulled.malformed > 0) {
        throw new AppError('network/bad-signature', 'the network directory on the relay does not verify with the pinned network key', { reason: 'snapshot', invalid: invalid + pulled.malformed });
      } else if (notListed > 0 && !best) {
        throw new AppError('network/unknown-organisation', 'the newest network directory does not list this organisation (removed, or listed under other keys)', { reason: 'not-listed' });
      } else if (best && best.snap.version < seen) {
        throw new AppError('network/bad-signature', 'the relay served an older network directory than the one already seen (rollback)', { reason: 'rollback', version: best.snap.version, seen });
      } else if (best && prev && best.hash !== prev.body.hash) {
        throw new AppError('network/bad-signature', 'two different network directories carry the same version', { reason: 'equivocation', version: seen });
      } else if (prev && (pulled.cursor !== prev.body.cursor || pulled.generation !== prev.body.generation || now() - Date.parse(prev.body.fetchedAt) > VERIFIED_WRITE_MS)) {
        // Nothing newer: the same directory verified again. Its time is stored at most once a day
        // (a record write syncs to the other devices), so staleness is right after a restart too.
        const verifiedAgain = now() - Date.parse(prev.body.fetchedAt) > VERIFIED_WRITE_MS;
        records.putDirectory({ ...prev.body, cursor: pulled.cursor, generation: pulled.generation, ...(verifiedAgain ? { fetchedAt: iso() } : {}) });
      }
    }
    lastVerified = iso();
    const list = entries();
    const changedKeys = records.transaction(() => pinNew(list, t.orgId));
    return { organisations: list.length, changedKeys };
  }

  // In the background: after a successful sync cycle, at most every AUTO_REFRESH_MS (members
  // read the directory; the coordinator re-publishes one the relay did not acknowledge).
  const autoMs = deps.autoRefreshMs ?? AUTO_REFRESH_MS;
  let lastAuto: number | null = null;
  if (autoMs > 0) {
    deps.sync.onStatus?.((s) => {
      if (s.state !== 'idle' || (lastAuto !== null && now() - lastAuto < autoMs)) return;
      try {
        if (!records.identity()?.body.network) return;
      } catch {
        return; // the store is closing
      }
      lastAuto = now();
      // The outcome (a failure too) shows in status().network.lastRefresh on the Network screen.
      refresh().catch(() => undefined);
    });
  }

  return {
    identity,

    /**
     * Another organisation (or this one) as the signed directory lists it, with its PINNED keys.
     * Throws network/not-joined | network/unknown-organisation | network/key-changed |
     * network/entry-expired (unless allowExpired: reading old referrals of an expired partner).
     */
    trusted(organisationId: string, opts: { allowExpired?: boolean } = {}): TrustedOrganisation {
      joined();
      const e = entries().find((x) => x.organisationId === organisationId);
      if (!e) throw new AppError('network/unknown-organisation', 'this organisation is not in the network directory', { organisationId });
      const self = selfOrgId();
      if (organisationId !== self) {
        const pin = records.pins().get(organisationId);
        if (!pin) {
          // First sight (a directory that arrived through sync before its pins did).
          records.putPin({ organisationId, signPublic: e.signPublic, boxPublic: e.boxPublic, firstSeen: iso(), acceptedAt: null });
        } else if (pin.signPublic !== e.signPublic || pin.boxPublic !== e.boxPublic) {
          throw new AppError('network/key-changed', "this organisation's key changed since it was pinned", {
            organisationId,
            fingerprint: entryFingerprint(e),
            pinnedFingerprint: entryFingerprint(pin)
          });
        }
      }
      if (!opts.allowExpired && isExpired(e.validUntil, now())) {
        throw new AppError('network/entry-expired', "this organisation's network entry has expired", { organisationId, validUntil: e.validUntil });
      }
      const k = keysOf(e);
      return { organisationId, profile: e.profile, signPublic: k.sign, boxPublic: k.box, fingerprint: orgFingerprint(k.sign, k.box) };
    },

    transport,
    status,

    setProfile(input: OrganisationProfileInput): NetworkStatus {
      transport();
      const profile = OrganisationProfile.parse(input);
      records.transaction(() => {
        const rec = identityRecord();
        records.putIdentity({ ...rec.body, profile }, rec);
      });
      return status();
    },

    /** Coordinator: makes the network key, signs its own entry (one year) and publishes the first directory. */
    async create(name: string): Promise<NetworkStatus> {
      const me = identity();
      const networkId = crypto.randomId();
      records.transaction(() => {
        const rec = identityRecord();
        if (rec.body.network) throw new AppError('network/already-joined', 'this organisation already belongs to a network');
        const key = crypto.signKeyPair();
        const entry = signEntry(
          {
            v: 1,
            networkId,
            organisationId: me.organisationId,
            profile: me.profile,
            signPublic: b64(me.sign.publicKey),
            boxPublic: b64(me.box.publicKey),
            validUntil: addYears(now(), 1),
            issuedAt: iso(),
            coordinator: true
          },
          key.secretKey
        );
        records.putIdentity(
          {
            ...rec.body,
            network: { networkId, name, networkPublic: b64(key.publicKey), relayOrgId: me.organisationId, joinedAt: iso(), entry },
            coordinator: { sign: fromPair(key), networkId, name }
          },
          rec
        );
      });
      const entry = joined().network.entry;
      await publishNext([entry]);
      lastVerified = iso();
      return status();
    },

    joinRequest(): { text: string; fingerprint: string } {
      const me = identity();
      return { text: makeJoinRequest({ organisationId: me.organisationId, profile: me.profile, sign: me.sign, box: me.box, createdAt: iso() }), fingerprint: me.fingerprint };
    },

    inspectRequest(text: string): JoinRequestPreview {
      const req = readJoinRequest(text);
      const listed = records.identity()?.body.network ? (entries().find((e) => e.organisationId === req.organisationId) ?? null) : null;
      return {
        organisationId: req.organisationId,
        profile: req.profile,
        fingerprint: entryFingerprint(req),
        listed: listed ? { fingerprint: entryFingerprint(listed), name: listed.profile.name } : null,
        admission: !listed ? 'new' : sameKeys(listed, req) ? 'renewal' : 'replacement'
      };
    },

    /**
     * Coordinator: after comparing the fingerprint by phone, sign the organisation's entry, publish
     * the next directory and answer the invitation text for that organisation. An organisation
     * already listed with other keys is refused (network/key-changed) unless `replaceKey`: the
     * coordinator compared the NEW fingerprint on a number it already knew (an impostor with a
     * request of its own would otherwise redirect the organisation's referrals).
     */
    async admit(input: { text: string; fingerprint: string; validUntil: string; replaceKey?: boolean | undefined }): Promise<{ invitation: string; organisation: NetworkOrganisation }> {
      const { key, networkId, name } = coordinatorKey();
      const req = readJoinRequest(input.text);
      const fp = entryFingerprint(req);
      if (!sameFingerprint(input.fingerprint, fp)) throw new AppError('network/fingerprint-mismatch', 'the fingerprint typed does not match the join request');
      const listed = entries().find((e) => e.organisationId === req.organisationId);
      const replacing = !!listed && !sameKeys(listed, req);
      if (replacing && input.replaceKey !== true) {
        throw new AppError('network/key-changed', 'this organisation is listed with other keys: replacing them needs replaceKey after comparing the new fingerprint by phone', {
          organisationId: req.organisationId,
          fingerprint: fp,
          pinnedFingerprint: entryFingerprint(listed)
        });
      }
      const me = transport().orgId;
      if (Number.isNaN(Date.parse(`${input.validUntil}T00:00:00Z`)) || isExpired(input.validUntil, now())) {
        throw new AppError('ipc/invalid-request', 'the entry would already be expired', { validUntil: input.validUntil });
      }
      const entry = signEntry(
        {
          v: 1,
          networkId,
          organisationId: req.organisationId,
          profile: req.profile,
          signPublic: req.signPublic,
          boxPublic: req.boxPublic,
          validUntil: input.validUntil,
          issuedAt: iso(),
          // The coordinator renews its own entry the same way (its own join request).
          coordinator: req.organisationId === me
        },
        key.secretKey
      );
      const list = [...entries().filter((e) => e.organisationId !== req.organisationId), entry];
      if (req.organisationId !== me) {
        records.transaction(() => {
          // The coordinator compared this key by phone: it is the pinned one from now on.
          const pin = records.pins().get(req.organisationId);
          records.putPin({ organisationId: req.organisationId, signPublic: req.signPublic, boxPublic: req.boxPublic, firstSeen: pin?.firstSeen ?? iso(), acceptedAt: pin ? iso() : null });
        });
      }
      await publishNext(list, replacing && listed ? [{ organisationId: listed.organisationId, boxPublic: listed.boxPublic }] : []);
      const invitation = makeInvitation({ networkId, name, networkKey: key, relayOrgId: me, entry });
      return { invitation, organisation: organisation(req.organisationId) };
    },

    /** Coordinator: takes an organisation out of the directory and publishes it at once. */
    async remove(organisationId: string): Promise<void> {
      coordinatorKey();
      if (organisationId === transport().orgId) throw new AppError('ipc/invalid-request', 'the coordinator organisation cannot remove itself');
      const list = entries();
      if (!list.some((e) => e.organisationId === organisationId)) throw new AppError('network/unknown-organisation', 'this organisation is not in the network directory', { organisationId });
      await publishNext(list.filter((e) => e.organisationId !== organisationId));
    },

    inspectInvitation(text: string): InvitationPreview {
      const inv = readInvitation(text);
      return {
        networkId: inv.networkId,
        name: inv.name,
        fingerprint: networkFingerprint(unb64(inv.networkPublic)),
        organisationId: inv.entry.organisationId,
        validUntil: inv.entry.validUntil
      };
    },

    /**
     * Pins the network key of the invitation: the fingerprint typed (read out by the
     * coordinator) must match it, and the invitation must be for this organisation's keys.
     * Joining again the same network (a renewed entry) is allowed; another network is not.
     */
    async join(input: { text: string; fingerprint: string }): Promise<NetworkStatus> {
      const me = identity();
      const inv = readInvitation(input.text);
      if (!sameFingerprint(input.fingerprint, networkFingerprint(unb64(inv.networkPublic)))) {
        throw new AppError('network/fingerprint-mismatch', "the fingerprint typed does not match the invitation's network key");
      }
      if (inv.entry.organisationId !== me.organisationId) throw new AppError('network/invalid-token', 'this invitation is for another organisation');
      if (inv.entry.signPublic !== b64(me.sign.publicKey) || inv.entry.boxPublic !== b64(me.box.publicKey)) {
        throw new AppError('network/invalid-token', "this invitation is for other keys than this organisation's: send a new join request");
      }
      records.transaction(() => {
        const rec = identityRecord();
        const cur = rec.body.network;
        if (cur && (cur.networkId !== inv.networkId || cur.networkPublic !== inv.networkPublic)) {
          throw new AppError('network/already-joined', 'this organisation already belongs to another network');
        }
        records.putIdentity(
          {
            ...rec.body,
            network: { networkId: inv.networkId, name: inv.name, networkPublic: inv.networkPublic, relayOrgId: inv.relayOrgId, joinedAt: cur?.joinedAt ?? iso(), entry: inv.entry }
          },
          rec
        );
      });
      return status();
    },

    refresh,

    organisations(): NetworkOrganisation[] {
      if (!records.identity()?.body.network) return [];
      const pins = records.pins();
      const self = selfOrgId();
      return entries()
        .map((e) => view(e, pins, self))
        .sort((a, b) => Number(b.self) - Number(a.self) || a.profile.name.localeCompare(b.profile.name));
    },

    organisation,

    /** After comparing the new fingerprint by phone: pin the key the directory now lists. */
    acceptKeyChange(input: { organisationId: string; fingerprint: string }): NetworkOrganisation {
      joined();
      const e = entries().find((x) => x.organisationId === input.organisationId);
      if (!e) throw new AppError('network/unknown-organisation', 'this organisation is not in the network directory', { organisationId: input.organisationId });
      if (!sameFingerprint(input.fingerprint, entryFingerprint(e))) throw new AppError('network/fingerprint-mismatch', 'the fingerprint typed does not match the key the directory lists');
      records.transaction(() => {
        const pin = records.pins().get(input.organisationId);
        records.putPin({ organisationId: input.organisationId, signPublic: e.signPublic, boxPublic: e.boxPublic, firstSeen: pin?.firstSeen ?? iso(), acceptedAt: iso() });
      });
      return organisation(input.organisationId);
    },

    /**
     * The network's services as read-only help-service directory entries (source 'network'):
     * one per service of every organisation whose entry is valid. Ids are derived from the
     * network, the organisation and the service's position, so they are stable across refreshes.
     */
    directoryEntries(): DirectoryEntry[] {
      let list: SignedEntry[];
      let signer: string;
      try {
        const network = records.identity()?.body.network;
        if (!network) return [];
        list = entries();
        signer = networkFingerprint(unb64(network.networkPublic));
      } catch {
        return [];
      }
      // The directory lists and searches often; the rows change only with the entries or the day.
      const memoKey = `${dayOf(now())}:${signer}`;
      if (rowsMemo && rowsMemo.list === list && rowsMemo.key === memoKey) return rowsMemo.rows;
      const out: DirectoryEntry[] = [];
      for (const e of list) {
        if (isExpired(e.validUntil, now())) continue;
        e.profile.services.forEach((s, index) => {
          const base = {
            name: s.name,
            type: s.type,
            country: e.profile.country,
            city: s.city,
            languages: s.languages,
            hours: s.hours,
            phone: s.phone,
            email: s.email,
            address: '',
            website: '',
            acceptsReferrals: s.acceptsReferrals,
            notes: e.profile.name,
            demo: e.profile.demo
          };
          let fields = DirectoryFields.safeParse(base);
          // A phone or e-mail the directory's stricter rules refuse is left out, not the service.
          if (!fields.success) fields = DirectoryFields.safeParse({ ...base, phone: '', email: '' });
          if (!fields.success) return;
          const id = crypto.toHex(crypto.sha256(crypto.utf8.encode(`anxin-network-service/v1:${e.networkId}:${e.organisationId}:${index}`))).slice(0, 32);
          out.push({ ...fields.data, id, revision: 1, source: 'network', network: { organisationId: e.organisationId, signerFingerprint: signer, validUntil: e.validUntil }, updatedAt: e.issuedAt });
        });
      }
      rowsMemo = { list, key: memoKey, rows: out };
      return out;
    },

    /** Verifies a single entry against the pinned network key (for callers holding one). */
    verifyEntry(entry: SignedEntry): boolean {
      const { network } = joined();
      return verifyEntry(entry, unb64(network.networkPublic), network.networkId);
    },

    /** Today's date as the service sees it (tests move the clock). */
    today: () => dayOf(now())
  };
}

export type NetworkService = ReturnType<typeof createNetworkService>;
