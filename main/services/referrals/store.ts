/**
 * The sealed records of referrals (docs/referrals.md "Storage"). Each referral has its own
 * collection (own key), holding:
 *   - 'referral'            the referral's state (record id = the referral id);
 *   - 'referral-step'       one per signed step (kind, who, when, text, step hash);
 *   - 'referral-content'    what was shared: SharedCaseData, the letter, attachment metadata;
 *   - 'referral-attachment' (receiver) a received file: secretstream key/header, chunks in
 *                           attachment_chunks (64 KiB, like case attachments).
 * Deleting the receiver's copy (withdrawn, expired) destroys that collection (crypto-shredding).
 * What must outlive it sits in one organisation-level collection: 'referral-gone' (the bare
 * routing facts of a deleted copy: reference, parties, status, chain position — no case data)
 * and 'referral-audit' (who did what, when, on which referral).
 */
import type { Database } from 'better-sqlite3';
import type {
  Letter,
  Party,
  ReferralAttachment,
  ReferralAuditAction,
  ShareField,
  SharedCaseData,
  StepKind
} from '../../../shared/domain/referrals/schemas';
import type { ServiceType } from '../../../shared/domain/directory/schemas';
import { compareHlc } from '../../../shared/records/hlc';
import * as crypto from '../crypto';
import type { SealedStore, StoredRecord } from '../sealed-store';
import type { ReferralState, Role } from './lifecycle';
import { CHUNK_BYTES } from './wire';

export const KIND = {
  referral: 'referral',
  step: 'referral-step',
  content: 'referral-content',
  attachment: 'referral-attachment',
  gone: 'referral-gone',
  audit: 'referral-audit',
  org: 'referral-org',
  handover: 'referral-handover'
} as const;

export type ReferralBody = {
  reference: string;
  role: Role;
  state: ReferralState;
  from: Party;
  to: Party;
  serviceName: string;
  serviceType: ServiceType;
  pseudonym: string;
  /** Sender: the case it came from; receiver: the linked case once accepted. */
  caseId: string | null;
  createdAt: string;
  answerBy: string;
  expiresAt: string;
  updatedAt: string;
  lastIndex: number;
  lastHash: string;
  verification: string;
  withdrawConfirmedAt: string | null;
  fields: ShareField[];
  consent: { consentId: string | null; overrideReason: string };
};

export type StepBody = { index: number; kind: StepKind; by: string; at: string; text: string; hash: string };
export type ContentBody = { shared: SharedCaseData; letter: Letter; attachments: ReferralAttachment[] };
export type AttachmentBody = ReferralAttachment & { streamKey: string; streamHeader: string; chunkCount: number };
export type GoneBody = Omit<ReferralBody, 'pseudonym' | 'fields' | 'consent' | 'caseId'> & { referralId: string; status: 'withdrawn' | 'expired' };
/**
 * One change of the device that reads the organisation's referrals mailbox (a record of its own,
 * so that two devices writing one at the same time both keep theirs): who made `device` the
 * reader, when, which device read it before and when that one last fetched, and why ('first': no
 * reader yet; 'removed': the reader was removed; 'silent': no fetch for HANDLER_STALE_HOURS;
 * 'relay': `from` believed it was the reader and the relay named `device`, its lease holder).
 */
export type Handover = { at: string; device: string; by: string; from: string | null; fromLastFetchedAt: string | null; reason: 'first' | 'removed' | 'silent' | 'relay' };
/** `action` is a ReferralAuditAction when written here (an entry synced from a newer version may hold another code). */
export type AuditBody = { referralId: string; reference: string; action: string; actor: string; device: string; at: string; detail: string };

export function createReferralRecords(o: { db: Database; store: SealedStore; actor: { name: string; device: string }; now: () => number }) {
  const { store, db } = o;
  const insertChunk = db.prepare('INSERT INTO attachment_chunks (attachment_id, seq, collection, data) VALUES (?, ?, ?, ?)');
  const selectChunk = db.prepare<[string, number], { data: Uint8Array }>('SELECT data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?');

  function orgCollection(): string {
    const marker = store.list<{ createdAt: string }>(KIND.org)[0];
    if (marker) return marker.header.collection;
    return store.transaction(() => {
      const collection = store.createCollection();
      store.put({ kind: KIND.org, collection, body: { createdAt: new Date(o.now()).toISOString() } });
      return collection;
    });
  }

  /**
   * The device that reads the organisation's referrals mailbox (docs/referrals.md "Several
   * devices"), when it became so (`since`) and when it last pulled the mailbox (`lastFetchedAt`).
   */
  type OrgBody = { createdAt: string; handler?: string; since?: string; lastFetchedAt?: string };
  function handlerInfo(): { handler: string | null; since: string | null; lastFetchedAt: string | null } {
    const b = store.list<OrgBody>(KIND.org)[0]?.body;
    return { handler: b?.handler ?? null, since: b?.since ?? null, lastFetchedAt: b?.lastFetchedAt ?? null };
  }
  /** Every handover kept, oldest first. */
  function handovers(): Handover[] {
    return store
      .list<Handover>(KIND.handover)
      .sort((a, b) => a.body.at.localeCompare(b.body.at) || compareHlc(a.header.hlc, b.header.hlc))
      .map((r) => r.body);
  }
  function handler(): string | null {
    return handlerInfo().handler;
  }
  /** `deviceId` becomes the handler; the handover is kept as its own record (who, when, from which device, why). */
  function claimHandler(deviceId: string, reason: Handover['reason']): void {
    const collection = orgCollection();
    store.transaction(() => {
      const marker = store.list<OrgBody>(KIND.org)[0]!;
      // The new handler has not fetched yet: the previous handler's lastFetchedAt goes (into the handover).
      const { lastFetchedAt: previousFetch, ...rest } = marker.body;
      const at = new Date(o.now()).toISOString();
      const handover: Handover = { at, device: deviceId, by: o.actor.name, from: marker.body.handler ?? null, fromLastFetchedAt: previousFetch ?? null, reason };
      store.put({ kind: KIND.handover, collection, body: handover });
      const body: OrgBody = { ...rest, handler: deviceId, since: at };
      store.put({ id: marker.header.id, kind: KIND.org, collection: marker.header.collection, body, baseRevision: marker.header.revision });
    });
  }
  /**
   * The handler pulled the mailbox: `lastFetchedAt` is written when it is missing or at least
   * `everyMs` old (each write syncs to every device, so not every cycle). Only by the handler.
   */
  function noteFetched(deviceId: string, everyMs: number): boolean {
    return store.transaction(() => {
      const marker = store.list<OrgBody>(KIND.org)[0];
      if (!marker || marker.body.handler !== deviceId) return false;
      const last = marker.body.lastFetchedAt ? Date.parse(marker.body.lastFetchedAt) : NaN;
      if (Number.isFinite(last) && o.now() - last < everyMs) return false;
      const body: OrgBody = { ...marker.body, lastFetchedAt: new Date(o.now()).toISOString() };
      store.put({ id: marker.header.id, kind: KIND.org, collection: marker.header.collection, body, baseRevision: marker.header.revision });
      return true;
    });
  }

  /** Every audit entry `keep` selects, oldest first; entries of the same millisecond (one transaction) in the order they were written. */
  function auditWhere(keep: (b: AuditBody) => boolean): AuditBody[] {
    return store
      .list<AuditBody>(KIND.audit)
      .filter((r) => keep(r.body))
      .sort((a, b) => a.body.at.localeCompare(b.body.at) || compareHlc(a.header.hlc, b.header.hlc))
      .map((r) => r.body);
  }

  const adFor = (attachmentId: string) => crypto.utf8.encode(`anxin-attachment:${attachmentId}`);

  return {
    transaction: store.transaction,
    handler,
    handlerInfo,
    handovers,
    claimHandler,
    noteFetched,
    referral: (id: string) => {
      const r = store.get<ReferralBody>(id);
      return r && r.header.kind === KIND.referral ? r : null;
    },
    referrals: () => store.list<ReferralBody>(KIND.referral),
    gone: () => store.list<GoneBody>(KIND.gone),
    goneOf(referralId: string): StoredRecord<GoneBody> | null {
      return store.list<GoneBody>(KIND.gone).find((g) => g.body.referralId === referralId) ?? null;
    },
    steps(collection: string): StepBody[] {
      return store
        .listInCollection<StepBody>(collection, KIND.step)
        .map((r) => r.body)
        .sort((a, b) => a.index - b.index);
    },
    content(collection: string): ContentBody | null {
      return store.listInCollection<ContentBody>(collection, KIND.content)[0]?.body ?? null;
    },
    attachments(collection: string): Array<StoredRecord<AttachmentBody>> {
      return store.listInCollection<AttachmentBody>(collection, KIND.attachment).sort((a, b) => a.body.index - b.body.index);
    },

    createReferral(id: string, body: ReferralBody): string {
      const collection = store.createCollection();
      store.put({ id, kind: KIND.referral, collection, body });
      return collection;
    },
    updateReferral(rec: StoredRecord<ReferralBody>, body: ReferralBody): StoredRecord<ReferralBody> {
      const header = store.put({ id: rec.header.id, kind: KIND.referral, collection: rec.header.collection, body, baseRevision: rec.header.revision });
      return { header, body };
    },
    addStep(collection: string, body: StepBody): void {
      store.put({ kind: KIND.step, collection, body });
    },
    putContent(collection: string, body: ContentBody): void {
      store.put({ kind: KIND.content, collection, body });
    },

    /**
     * Seals a received file chunk by chunk under a fresh secretstream key (plaintext pieces are
     * wiped). The metadata record is written before its chunks, so that on the organisation's
     * other devices (sync) the chunks never arrive without it (they would be dropped as orphans).
     */
    putAttachment(collection: string, meta: ReferralAttachment, pieces: Uint8Array[]): void {
      const id = crypto.randomId();
      const key = crypto.streamKey();
      const pusher = crypto.streamPush(key);
      const chunkCount = Math.max(1, Math.ceil(meta.size / CHUNK_BYTES));
      const body: AttachmentBody = { ...meta, streamKey: crypto.toBase64(key), streamHeader: crypto.toBase64(pusher.header), chunkCount };
      store.put({ id, kind: KIND.attachment, collection, body });
      crypto.wipe(key);
      let seq = 0;
      const buf = new Uint8Array(CHUNK_BYTES);
      let fill = 0;
      const emit = (final: boolean) => {
        const c = pusher.push(buf.subarray(0, fill), adFor(id), final);
        insertChunk.run(id, seq++, collection, c);
        buf.fill(0, 0, fill);
        fill = 0;
      };
      try {
        for (const p of pieces) {
          let off = 0;
          while (off < p.length) {
            if (fill === CHUNK_BYTES) emit(false);
            const n = Math.min(CHUNK_BYTES - fill, p.length - off);
            buf.set(p.subarray(off, off + n), fill);
            fill += n;
            off += n;
          }
          crypto.wipe(p);
        }
        emit(true);
      } finally {
        pusher.close();
      }
      if (seq !== chunkCount) throw new Error('attachment chunk count');
    },

    /** A received file's plaintext in ≤ 64 KiB pieces, checked (FINAL tag, SHA-256). */
    *readAttachment(rec: StoredRecord<AttachmentBody>): Generator<Uint8Array> {
      const key = crypto.fromBase64(rec.body.streamKey);
      const puller = crypto.streamPull(key, crypto.fromBase64(rec.body.streamHeader));
      crypto.wipe(key);
      const sha = crypto.sha256Stream();
      try {
        for (let seq = 0; seq < rec.body.chunkCount; seq++) {
          const row = selectChunk.get(rec.header.id, seq);
          if (!row) throw new Error('missing chunk');
          const m = puller.pull(row.data, adFor(rec.header.id));
          if (m.final !== (seq === rec.body.chunkCount - 1)) throw new Error('final tag');
          sha.update(m.message);
          yield m.message;
        }
      } finally {
        puller.close();
      }
      if (crypto.toHex(sha.digest()) !== rec.body.sha256) throw new Error('sha256');
    },

    /** Whether the collection is a referral's or the organisation-level referral collection. */
    isReferralCollection(collection: string): boolean {
      return store.listInCollection(collection, KIND.referral).length > 0 || store.listInCollection(collection, KIND.org).length > 0;
    },

    /** Whether every chunk of every received file is here (on another device they arrive through sync). */
    attachmentsComplete(collection: string): boolean {
      const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM attachment_chunks WHERE attachment_id = ?');
      return store.listInCollection<AttachmentBody>(collection, KIND.attachment).every((a) => count.get(a.header.id)!.n === a.body.chunkCount);
    },

    /** Crypto-shreds the referral's collection (records, received file chunks). */
    destroy(collection: string): void {
      store.destroyCollection(collection, [{ table: 'attachment_chunks', column: 'collection' }]);
    },

    putGone(body: GoneBody): void {
      const existing = store.list<GoneBody>(KIND.gone).find((g) => g.body.referralId === body.referralId);
      if (existing) store.put({ id: existing.header.id, kind: KIND.gone, collection: existing.header.collection, body, baseRevision: existing.header.revision });
      else store.put({ kind: KIND.gone, collection: orgCollection(), body });
    },

    audit(referralId: string, reference: string, action: ReferralAuditAction, detail = ''): void {
      const body: AuditBody = { referralId, reference, action, actor: o.actor.name, device: o.actor.device, at: new Date(o.now()).toISOString(), detail };
      store.put({ kind: KIND.audit, collection: orgCollection(), body });
    },
    /** One referral's entries, oldest first. */
    auditOf(referralId: string): AuditBody[] {
      return auditWhere((b) => b.referralId === referralId);
    },
    auditWhere
  };
}

export type ReferralRecords = ReturnType<typeof createReferralRecords>;
