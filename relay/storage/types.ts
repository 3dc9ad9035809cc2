/**
 * The relay's storage interface. Two backends implement it — SQLite (relay/storage/sqlite.ts,
 * the default: one relay instance, zero setup) and PostgreSQL (relay/storage/postgres.ts: several
 * instances behind a load balancer) — and both pass one test suite
 * (tests/integration/relay-storage.test.ts). It holds only public keys, signed statements, and
 * opaque sealed payloads with their routing metadata: nothing a client did not already seal.
 */
export type OrgRow = {
  orgId: string;
  signingKey: string;
  boxKey: string;
  createdAt: number;
  /** The canonical JSON of the creating request body, to answer an identical repeat with 200. */
  createRequest: string;
};

export type DeviceRow = {
  orgId: string;
  deviceId: string;
  role: 'admin' | 'member';
  signingKey: string;
  /** JSON of the signed certificate as received. */
  certificate: string;
  /** JSON of the signed revocation, or null while the device is a member. */
  revocation: string | null;
  addedAt: number;
};

export type LinkRow = {
  codeHash: string;
  deviceId: string;
  signingKey: string;
  boxKey: string;
  signature: string;
  expiresAt: number;
  orgId: string | null;
};

export type EnvelopeIn = { id: string; payload: Uint8Array };

export type AppendResult =
  | { ok: true; results: { id: string; seq: number; status: 'stored' | 'duplicate' }[]; head: number }
  | { ok: false; conflictId: string };

export type EnvelopeOut = { id: string; seq: number; sender: string; receivedAt: number; payload: Uint8Array };

/** A reader-lease claim's outcome (`claimReader`). */
export type ReaderClaim = { granted: true; since: number } | { granted: false; reader: string; seenAt: number };

export type RelayEvent =
  | { type: 'append'; orgId: string; mailbox: string; head: number }
  | { type: 'revoked'; orgId: string; deviceId: string };

export interface RelayStorage {
  readonly backend: 'sqlite' | 'postgres';
  /** Random id created when the storage was first initialised: a wiped relay gets a new one. */
  generation(): Promise<string>;

  /** 'created', or whether an organisation with that id already exists with the same request. */
  createOrg(org: OrgRow, firstDevice: DeviceRow): Promise<'created' | 'identical' | 'different'>;
  getOrg(orgId: string): Promise<OrgRow | null>;
  getDevice(orgId: string, deviceId: string): Promise<DeviceRow | null>;
  listDevices(orgId: string): Promise<DeviceRow[]>;
  /** Adds a certified device; an existing id answers how it compares (a revoked id stays revoked). */
  addDevice(device: DeviceRow): Promise<'created' | 'identical' | 'different' | 'revoked'>;
  /** Marks a device revoked, atomically refusing to remove the last active admin. */
  revokeDevice(orgId: string, deviceId: string, revocation: string): Promise<'revoked' | 'already' | 'last-admin' | 'not-found'>;
  /** Stores rotation notice `epoch` only if it is the next one (or an identical repeat). */
  addKeyRotation(orgId: string, epoch: number, notice: string): Promise<'stored' | 'identical' | 'stale'>;
  listKeyRotations(orgId: string): Promise<string[]>;

  /** Stores a link request; an expired one under the same code hash is replaced. */
  putLinkRequest(row: LinkRow, now: number): Promise<'created' | 'identical' | 'taken'>;
  /** The unexpired link request under this code hash, or null. */
  getLinkRequest(codeHash: string, now: number): Promise<LinkRow | null>;
  /** Marks unexpired link requests of this device+key as joined to the organisation. */
  markLinked(deviceId: string, signingKey: string, orgId: string, now: number): Promise<void>;

  /** Records a request nonce; false when that key already used it (a replay). */
  rememberNonce(keyId: string, nonce: string, expiresAt: number): Promise<boolean>;
  /** Drops expired nonces and link requests. */
  purgeNonces(now: number): Promise<number>;

  /**
   * Appends envelopes to a mailbox in one transaction, numbering new ones head+1, head+2, …
   * The same id with the same bytes answers its existing seq ('duplicate'); the same id with
   * other bytes rejects the whole batch. Sequence numbers stay gapless with concurrent writers.
   */
  append(orgId: string, mailbox: string, sender: string, envelopes: EnvelopeIn[], receivedAt: number): Promise<AppendResult>;
  /** Envelopes with seq > after, ascending, at most `limit` and about `maxBytes` of payload (always ≥ 1 if any). */
  pull(orgId: string, mailbox: string, after: number, limit: number, maxBytes: number): Promise<{ envelopes: EnvelopeOut[]; head: number }>;
  head(orgId: string, mailbox: string): Promise<number>;

  /**
   * The reader lease of a mailbox one device reads at a time (protocol.ts, REFERRALS_READER_STALE_MS),
   * claimed by `deviceId` at `now`, atomically: granted when nobody holds it, when this device
   * holds it already (its seenAt moves to `now`), when the holder was revoked, or — when
   * `staleBefore` is given (a takeover) — when the holder last read before it. Otherwise the
   * holder and when it last read.
   */
  claimReader(orgId: string, mailbox: string, deviceId: string, now: number, staleBefore: number | null): Promise<ReaderClaim>;
  /** The current holder of a mailbox's reader lease, or null. */
  reader(orgId: string, mailbox: string): Promise<{ reader: string; since: number; seenAt: number } | null>;

  /** Delivers events from every relay instance sharing this storage (including this one). */
  subscribe(listener: (event: RelayEvent) => void): () => void;
  publish(event: RelayEvent): Promise<void>;

  /** Counts for tests and metrics (never contents). */
  counts(): Promise<{ orgs: number; devices: number; envelopes: number }>;
  close(): Promise<void>;
}
