/**
 * The network's sealed records (docs/network.md, "Stored"). All of them live in one
 * organisation-level collection (the first network record's, else a new one), go through the
 * sealed store and therefore sync to every device of the organisation:
 * - `network-identity`: the organisation's referral keys (Ed25519 + X25519), its profile, the
 *   network it joined (pinned network key, own signed entry) and, for the coordinator, the
 *   network key pair;
 * - `network-directory`: the newest verified directory snapshot and where it was read;
 * - `network-pin`: one per other organisation, the keys pinned on first sight (id derived from
 *   the organisation id, so two devices pinning the same organisation write the same record).
 */
import type { OrganisationProfile } from '../../../shared/domain/referrals/schemas';
import * as crypto from '../crypto';
import type { SealedStore, StoredRecord } from '../sealed-store';
import type { SignedEntry, Snapshot } from './formats';

export const IDENTITY_KIND = 'network-identity';
export const DIRECTORY_KIND = 'network-directory';
export const PIN_KIND = 'network-pin';

export type KeyPairB64 = { pub: string; sec: string };
export type IdentityBody = {
  sign: KeyPairB64;
  box: KeyPairB64;
  createdAt: string;
  profile: OrganisationProfile | null;
  /** The network this organisation belongs to (the key pinned from the invitation). */
  network: { networkId: string; name: string; networkPublic: string; relayOrgId: string; joinedAt: string; entry: SignedEntry } | null;
  /** Only in the coordinator organisation: the network key. */
  coordinator: { sign: KeyPairB64; networkId: string; name: string } | null;
};
export type DirectoryBody = {
  networkId: string;
  snapshot: Snapshot;
  hash: string;
  fetchedAt: string;
  /** Relay position after which the next refresh reads (members). */
  cursor: number;
  generation: string | null;
  /** Coordinator: the highest version the relay acknowledged. */
  publishedVersion: number;
  /**
   * Coordinator: the previous keys of organisations whose keys this version replaced
   * (network:admit with replaceKey). The snapshot is sealed to them too, so the organisation that
   * held them sees its own entry listed with other keys.
   */
  replaced?: Array<{ organisationId: string; boxPublic: string }>;
};
export type PinBody = { organisationId: string; signPublic: string; boxPublic: string; firstSeen: string; acceptedAt: string | null };

export const toPair = (k: KeyPairB64): crypto.KeyPair => ({ publicKey: crypto.fromBase64(k.pub), secretKey: crypto.fromBase64(k.sec) });
export const fromPair = (k: crypto.KeyPair): KeyPairB64 => ({ pub: crypto.toBase64(k.publicKey), sec: crypto.toBase64(k.secretKey) });
export const pinId = (organisationId: string) => crypto.toHex(crypto.sha256(crypto.utf8.encode(`anxin-network-pin/v1:${organisationId}`))).slice(0, 32);

/** Of two identities made on two devices before they synced: the one in a network, else the one with a profile, else the lowest id. */
const rank = (r: StoredRecord<IdentityBody>) => (r.body.network ? 2 : 0) + (r.body.profile ? 1 : 0);
const bestIdentity = (recs: StoredRecord<IdentityBody>[]) =>
  recs.sort((a, b) => rank(b) - rank(a) || (a.header.id < b.header.id ? -1 : 1))[0] ?? null;

export function createNetworkRecords(store: SealedStore) {
  function collection(): string {
    for (const kind of [IDENTITY_KIND, DIRECTORY_KIND, PIN_KIND]) {
      const rec = store.list(kind)[0];
      if (rec) return rec.header.collection;
    }
    return store.createCollection();
  }

  const identity = () => bestIdentity(store.list<IdentityBody>(IDENTITY_KIND));
  // Two devices that each stored a directory before they synced: the newest version counts.
  const directory = () =>
    store.list<DirectoryBody>(DIRECTORY_KIND).sort((a, b) => b.body.snapshot.version - a.body.snapshot.version || (a.header.id < b.header.id ? -1 : 1))[0] ?? null;

  return {
    transaction: store.transaction,
    identity,
    directory,
    putIdentity(body: IdentityBody, prev: StoredRecord<IdentityBody> | null) {
      return prev
        ? store.put({ id: prev.header.id, kind: IDENTITY_KIND, collection: prev.header.collection, body, baseRevision: prev.header.revision })
        : store.put({ kind: IDENTITY_KIND, collection: collection(), body });
    },
    putDirectory(body: DirectoryBody) {
      const prev = directory();
      return prev
        ? store.put({ id: prev.header.id, kind: DIRECTORY_KIND, collection: prev.header.collection, body, baseRevision: prev.header.revision })
        : store.put({ kind: DIRECTORY_KIND, collection: collection(), body });
    },
    pins(): Map<string, PinBody> {
      return new Map(store.list<PinBody>(PIN_KIND).map((r) => [r.body.organisationId, r.body]));
    },
    putPin(body: PinBody) {
      const id = pinId(body.organisationId);
      const prev = store.get<PinBody>(id);
      return prev
        ? store.put({ id, kind: PIN_KIND, collection: prev.header.collection, body, baseRevision: prev.header.revision })
        : store.put({ id, kind: PIN_KIND, collection: collection(), body });
    }
  };
}
export type NetworkRecords = ReturnType<typeof createNetworkRecords>;
