/**
 * Referrals between organisations (docs/referrals.md): compose from a case (only what the
 * survivor consented to share, or a written, audited override), seal and sign each step
 * (wire.ts), queue its parts for the receiver's relay mailbox (parts.ts, transport.ts), read
 * what arrived, refuse anything that does not check out (nothing applied), and move both sides
 * through the lifecycle (lifecycle.ts), storing everything as sealed records (store.ts).
 *
 * The UI relies on: list, get, prepare, send, accept, decline, requestInfo, provideInfo,
 * progress, close, withdraw, sync, letterInput, onChanged (see the report in docs/referrals.md).
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { IncidentFields } from '../../../shared/domain/case-file';
import { IsoDate, type CaseFieldsInput } from '../../../shared/domain/case';
import {
  DEFAULT_ANSWER_DAYS,
  DEFAULT_EXPIRY_DAYS,
  HANDLER_STALE_HOURS,
  Letter,
  SHARE_FIELDS,
  SharedCaseData,
  ShareField,
  type NetworkOrganisation,
  type Party,
  type ReferralAttachment,
  type ReferralDetail,
  type ReferralInbox,
  type ReferralStepView,
  type ReferralSummary,
  type SignedStepKind,
  receivedAuditAction
} from '../../../shared/domain/referrals/schemas';
import { ServiceTypeSchema } from '../../../shared/domain/directory/schemas';
import type { CaseFiles } from '../case-files';
import { KIND as CASE_KIND } from '../case-files/kinds';
import * as crypto from '../crypto';
import type { NetworkService } from '../network';
import type { SealedStore, StoredRecord } from '../sealed-store';
import { RelayError, toAppError } from '../sync/relay-client';
import { ReaderLease, readerLeasePath, REFERRALS_MAILBOX } from '../../../shared/relay/protocol';
import { addDays, displayStatus, isExpired, isOverdue, newReference, REFERENCE_RE, transition, verificationOf, type ReferralState, type Role } from './lifecycle';
import { splitMessage } from './parts';
import { createReferralRecords, type GoneBody, type Handover, type ReferralBody } from './store';
import { auditEntries } from './audit-view';
import { createReferralTransport } from './transport';
import { openStep, parseStep, sealStep, type AttachmentSource, type OwnIdentity, type PeerKeys, type StepHeader } from './wire';

export type ReferralNetwork = Pick<NetworkService, 'identity' | 'trusted' | 'transport' | 'organisation' | 'status'> & Partial<Pick<NetworkService, 'refresh'>>;

export type ReferralServiceDeps = {
  db: Database;
  store: SealedStore;
  caseFiles: CaseFiles;
  network: ReferralNetwork;
  actor: { name: string; device: string };
  now?: () => number;
  /** The organisation's devices (sync.devices, asks the relay): the mailbox reader is taken over when its device was removed. */
  devices?: () => Promise<Array<{ deviceId: string; status: 'active' | 'removed'; label?: string }>>;
  /** The same as last fetched, without asking the relay (sync.knownDevices): enough to name devices on screen. */
  knownDevices?: () => Array<{ deviceId: string; label?: string }>;
};

export type SendInput = {
  caseId: string;
  organisationId: string;
  serviceIndex: number;
  reference: string;
  fields: ShareField[];
  attachmentIds: string[];
  letter: Letter;
  consentOverride: string | null;
  answerByDays?: number;
  expiresInDays?: number;
};

export type Refusal = { code: string; at: string; referralId: string | null };

/** The body of step 0 (inside the sealed message). */
type ReferralMessageBody = {
  reference: string;
  service: { index: number; name: string; type: string };
  shared: SharedCaseData;
  letter: Letter;
  fields: ShareField[];
  answerBy: string;
  expiresAt: string;
};

const PIECE = 1024 * 1024;
/** The handler writes `lastFetchedAt` at most this often (each write syncs to every device). */
const FETCH_NOTE_EVERY_MS = 3_600_000;
const HANDLER_STALE_MS = HANDLER_STALE_HOURS * 3_600_000;
/** Background runs after sync cycles: at most one per this interval (see afterSyncCycle). */
export const BACKGROUND_INTERVAL_MS = 10_000;
/** `referrals:refused` lists at most this many (the newest). */
export const REFUSED_SHOWN = 100;
/** `referrals:inbox` shows at most this many handovers (the newest). */
export const HANDOVERS_SHOWN = 20;

export function createReferralService(d: ReferralServiceDeps) {
  const now = d.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const records = createReferralRecords({ db: d.db, store: d.store, actor: d.actor, now });
  const transport = createReferralTransport({ db: d.db, now });
  const { caseFiles } = d;
  const listeners = new Set<(e: { at: string }) => void>();
  const refusals: Refusal[] = [];
  let running: Promise<{ sent: number; received: number; refused: number }> | null = null;
  let again = false;
  let lastDirectoryRefresh = 0;
  let closed = false;
  let backgroundTimer: ReturnType<typeof setTimeout> | null = null;
  let lastBackgroundRun = -Infinity;

  const changed = () => {
    if (closed) return;
    const e = { at: iso() };
    for (const l of listeners) l(e);
  };

  function self(): OwnIdentity & { profile: { name: string; country: string } } {
    const me = d.network.identity();
    return { orgId: me.organisationId, sign: me.sign, box: me.box, profile: me.profile };
  }
  const peerKeys = (organisationId: string, allowExpired: boolean): PeerKeys & { name: string; country: string; services: ReturnType<ReferralNetwork['trusted']>['profile']['services'] } => {
    const t = d.network.trusted(organisationId, { allowExpired });
    return { orgId: t.organisationId, signPublic: t.signPublic, boxPublic: t.boxPublic, name: t.profile.name, country: t.profile.country, services: t.profile.services };
  };

  // ─── views ─────────────────────────────────────────────────────────────────

  function summaryOf(rec: StoredRecord<ReferralBody>): ReferralSummary {
    const b = rec.body;
    const queued = transport.queuedSteps(rec.header.id);
    return {
      id: rec.header.id,
      reference: b.reference,
      direction: b.role === 'sender' ? 'sent' : 'received',
      status: displayStatus({ state: b.state, role: b.role, expiresAt: b.expiresAt, nowMs: now(), firstStepQueued: queued.includes(0) }),
      from: b.from,
      to: b.to,
      serviceName: b.serviceName,
      serviceType: b.serviceType,
      pseudonym: b.pseudonym,
      caseId: b.caseId,
      createdAt: b.createdAt,
      answerBy: b.answerBy,
      expiresAt: b.expiresAt,
      overdue: isOverdue(b.state, b.answerBy, b.expiresAt, now()),
      updatedAt: b.updatedAt,
      queuedSteps: queued.length,
      withdrawConfirmedAt: b.withdrawConfirmedAt
    };
  }

  function goneSummary(g: GoneBody): ReferralSummary {
    return {
      id: g.referralId,
      reference: g.reference,
      direction: g.role === 'sender' ? 'sent' : 'received',
      status: g.status,
      from: g.from,
      to: g.to,
      serviceName: g.serviceName,
      serviceType: g.serviceType,
      pseudonym: '',
      caseId: null,
      createdAt: g.createdAt,
      answerBy: g.answerBy,
      expiresAt: g.expiresAt,
      overdue: false,
      updatedAt: g.updatedAt,
      queuedSteps: transport.queuedSteps(g.referralId).length,
      withdrawConfirmedAt: g.withdrawConfirmedAt
    };
  }

  const partyOf = (b: { from: Party; to: Party }, orgId: string): Party => (b.from.organisationId === orgId ? b.from : b.to);

  function referralOrThrow(id: string): StoredRecord<ReferralBody> {
    const rec = records.referral(id);
    if (!rec) throw new AppError('referral/not-found', 'no such referral on this device', { id });
    return rec;
  }

  // ─── what a referral shares ───────────────────────────────────────────────

  function buildShared(caseId: string, fields: readonly ShareField[]): SharedCaseData {
    const c = caseFiles.cases.get(caseId);
    const want = new Set(fields);
    const out: SharedCaseData = { pseudonym: c.pseudonym };
    if (want.has('languages')) {
      out.languages = c.languages;
      out.interpreterNeeded = c.interpreterNeeded;
    }
    if (want.has('location')) {
      if (c.country) out.country = c.country;
      if (c.city) out.city = c.city;
    }
    if (want.has('summary')) out.summary = c.summary;
    if (want.has('contact-safety')) out.contactSafety = c.contactSafety;
    if (want.has('identity')) out.identity = caseFiles.cases.reveal(caseId).identity;
    if (want.has('dependants')) out.dependants = c.dependants;
    if (want.has('risk')) {
      const latest = caseFiles.risk.overview(caseId).assessments[0];
      out.risk = latest ? { level: latest.level, assessedAt: latest.assessedOn } : null;
    }
    if (want.has('incidents')) {
      const keys = Object.keys(IncidentFields.shape) as Array<keyof IncidentFields>;
      out.incidents = caseFiles.incidents.list(caseId).map((i) => IncidentFields.parse(Object.fromEntries(keys.map((k) => [k, i[k]]))));
    }
    return SharedCaseData.parse(out);
  }

  /** Whether the case has a live identity record, from the record headers only: nothing is revealed or audited. */
  function identityRecorded(caseId: string): boolean {
    return d.store.countInCollection(caseFiles.cases.registry.get(caseId).collection, CASE_KIND.identity) > 0;
  }

  function attachmentSource(caseId: string, a: { id: string; fileName: string; mimeType: string; size: number; sha256: string }): AttachmentSource {
    return {
      name: a.fileName,
      mimeType: a.mimeType,
      size: a.size,
      sha256: a.sha256,
      *pieces() {
        let offset = 0;
        for (;;) {
          const r = caseFiles.attachments.read(caseId, a.id, offset, PIECE);
          const bytes = new Uint8Array(Buffer.from(r.data, 'base64'));
          offset += bytes.length;
          if (bytes.length > 0) yield bytes;
          if (r.done || bytes.length === 0) return;
        }
      }
    };
  }

  function caseAudit(caseId: string | null, action: 'referral-sent' | 'referral-consent-override' | 'referral-updated' | 'referral-withdrawn', detail: string): void {
    if (!caseId) return;
    try {
      caseFiles.audit.append(caseId, action, 'referral', detail);
    } catch (e) {
      // The case was shredded since: the organisation-level referral audit still records the step.
      if (!(e instanceof AppError && e.code === 'record/not-found')) throw e;
    }
  }

  // ─── writing a step here ──────────────────────────────────────────────────

  /** Seals, stores and queues a step this side takes; returns the updated referral. */
  function writeStep(rec: StoredRecord<ReferralBody>, kind: SignedStepKind, text: string, patch: Partial<ReferralBody> = {}): StoredRecord<ReferralBody> {
    const b = rec.body;
    const state = transition(b.state, kind, b.role);
    const me = self();
    const peerId = b.role === 'sender' ? b.to.organisationId : b.from.organisationId;
    const peer = peerKeys(peerId, true);
    const index = b.lastIndex + 1;
    const at = iso();
    const sealed = sealStep({ self: me, to: peer, referralId: rec.header.id, index, kind, prev: b.lastHash, createdAt: at, body: { text } });
    const envelopes = splitMessage(sealed.bytes, sealed.msgId, peer.boxPublic);
    return records.transaction(() => {
      const next = records.updateReferral(rec, { ...b, ...patch, state, lastIndex: index, lastHash: sealed.hash, updatedAt: at });
      records.addStep(rec.header.collection, { index, kind, by: me.orgId, at, text, hash: sealed.hash });
      transport.enqueue(rec.header.id, index, peerId, envelopes);
      records.audit(rec.header.id, b.reference, kind, text ? 'with text' : '');
      if (b.role === 'sender') caseAudit(b.caseId, kind === 'withdraw' ? 'referral-withdrawn' : 'referral-updated', `${kind} ${b.reference}`);
      return next;
    });
  }

  function requireRole(rec: StoredRecord<ReferralBody>, role: Role): void {
    if (rec.body.role !== role) throw new AppError('referral/invalid-state', `only the ${role} can do this`);
  }
  function requireNotExpired(rec: StoredRecord<ReferralBody>): void {
    if (isExpired(rec.body.state, rec.body.expiresAt, now())) throw new AppError('referral/expired', 'this referral has expired');
  }

  /** Sends what is queued; offline is not an error here (the step stays queued). */
  async function tryFlush(): Promise<void> {
    try {
      const t = d.network.transport();
      await transport.flush(t);
    } catch (e) {
      const err = toAppError(e);
      if (err.code !== 'sync/relay-unreachable' && err.code !== 'sync/relay-error') throw err;
    }
  }

  async function act(id: string, kind: SignedStepKind, role: Role, text: string): Promise<ReferralSummary> {
    const rec = referralOrThrow(id);
    requireRole(rec, role);
    if (kind !== 'progress' && kind !== 'close') requireNotExpired(rec);
    const next = writeStep(rec, kind, text);
    await tryFlush();
    changed();
    return summaryOf(records.referral(next.header.id)!);
  }

  // ─── receiving ─────────────────────────────────────────────────────────────

  type Target = { rec: StoredRecord<ReferralBody> | null; gone: GoneBody | null };

  /** Chain and lifecycle checks of an incoming step against what this side holds. */
  function chainCheck(h: StepHeader, hash: string): Target {
    if (h.index === 0) {
      if (h.kind !== 'referral') throw new AppError('referral/invalid-state', 'a referral starts with a referral step');
      if (records.referral(h.referralId) || records.goneOf(h.referralId)) throw new AppError('referral/replayed', 'this referral was already received', { referralId: h.referralId });
      return { rec: null, gone: null };
    }
    const rec = records.referral(h.referralId);
    const gone = rec ? null : (records.goneOf(h.referralId)?.body ?? null);
    const base = rec?.body ?? gone;
    if (!base) throw new AppError('referral/replayed', 'a step of a referral this organisation does not hold', { referralId: h.referralId });
    const counterparty = base.role === 'sender' ? base.to.organisationId : base.from.organisationId;
    if (h.from !== counterparty) throw new AppError('referral/forged', 'a step from an organisation that is not party to this referral');
    if (h.index !== base.lastIndex + 1 || h.prev !== base.lastHash || hash === base.lastHash) {
      throw new AppError('referral/replayed', 'this step was already received or does not follow the previous one', { referralId: h.referralId, index: h.index });
    }
    transition(base.state, h.kind, base.role === 'sender' ? 'receiver' : 'sender');
    if (gone && h.kind !== 'withdraw') throw new AppError('referral/invalid-state', 'this referral was deleted here');
    return { rec, gone };
  }

  function refuse(code: string, referralId: string | null): void {
    refusals.push({ code, at: iso(), referralId });
    if (refusals.length > 100) refusals.shift();
    try {
      records.audit(referralId ?? '', '', 'refused', code);
    } catch {
      /* the audit must not hide the refusal */
    }
  }

  /**
   * Refusals that may resolve without a new message: the sender is not in this device's copy of
   * the directory yet (a new member), or its key changed and nobody compared the new fingerprint
   * yet. Such a message is reported once and kept (its parts, sealed) to be tried again at each
   * sync — for at most the 30 days incomplete parts are kept — instead of being lost.
   */
  const DEFERRABLE = new Set(['network/unknown-organisation', 'network/key-changed']);
  /** msgId → the code it was deferred with (reported once). */
  const deferred = new Map<string, string>();

  /** One complete message from the mailbox: applied, refused with nothing applied, or deferred (see DEFERRABLE). */
  function processMessage(msgId: string, bytes: Uint8Array, catchUp = false): 'applied' | 'refused' | 'deferred' | 'deferred-again' | 'already-applied' {
    let referralId: string | null = null;
    let stepIndex: number | null = null;
    try {
      const parsed = parseStep(bytes);
      referralId = parsed.header.referralId;
      stepIndex = parsed.header.index;
      if (parsed.msgId !== msgId) throw new AppError('referral/tampered', 'the parts do not name this message');
      const me = self();
      let target: Target = { rec: null, gone: null };
      const opened = openStep(bytes, {
        self: me,
        trusted: (orgId) => peerKeys(orgId, parsed.header.index > 0),
        chain: (h, hash) => {
          target = chainCheck(h, hash);
        }
      });
      apply(opened.header, opened.hash, opened.body, opened.attachments, target, me);
      deferred.delete(msgId);
      return 'applied';
    } catch (e) {
      const err = e instanceof AppError ? e : new AppError('referral/tampered', 'the referral could not be read');
      if (DEFERRABLE.has(err.code)) {
        const again = deferred.get(msgId) === err.code;
        deferred.set(msgId, err.code);
        if (again) return 'deferred-again';
        refuse(err.code, referralId);
        return 'deferred';
      }
      deferred.delete(msgId);
      // Catching up after a takeover: a step this organisation already holds was applied by the
      // previous reader — nothing is applied, and it is not reported as an attack either.
      if (catchUp && err.code === 'referral/replayed' && alreadyHeld(referralId, stepIndex)) return 'already-applied';
      refuse(err.code, referralId);
      return 'refused';
    }
  }

  /** This organisation holds the referral at or past that step (applied here or synced from another device). */
  function alreadyHeld(referralId: string | null, index: number | null): boolean {
    if (referralId === null || index === null) return false;
    const held = records.referral(referralId)?.body ?? records.goneOf(referralId)?.body;
    return held !== undefined && index <= held.lastIndex;
  }

  const stepText = (body: unknown): string => {
    const t = (body as { text?: unknown } | null)?.text;
    return typeof t === 'string' ? t.slice(0, 20_000) : '';
  };

  function apply(
    h: StepHeader,
    hash: string,
    body: unknown,
    attachments: Array<{ name: string; mimeType: string; size: number; sha256: string; pieces: Uint8Array[] }>,
    target: Target,
    me: ReturnType<typeof self>
  ): void {
    if (h.index === 0) return applyReferral(h, hash, body, attachments, me);
    const text = stepText(body);
    if (h.kind === 'withdraw') return applyWithdraw(h, hash, text, target, me);
    if (h.kind === 'referral') throw new AppError('referral/invalid-state', 'a referral is only the first step');
    const audited = receivedAuditAction(h.kind);
    const rec = target.rec!;
    const b = rec.body;
    const state = transition(b.state, h.kind, b.role === 'sender' ? 'receiver' : 'sender');
    records.transaction(() => {
      records.updateReferral(rec, {
        ...b,
        state,
        lastIndex: h.index,
        lastHash: hash,
        updatedAt: iso(),
        ...(h.kind === 'withdraw-confirmed' ? { withdrawConfirmedAt: h.createdAt } : {})
      });
      records.addStep(rec.header.collection, { index: h.index, kind: h.kind, by: h.from, at: h.createdAt, text, hash });
      records.audit(rec.header.id, b.reference, audited);
      if (b.role === 'sender') caseAudit(b.caseId, 'referral-updated', `${h.kind} ${b.reference}`);
    });
  }

  function applyReferral(
    h: StepHeader,
    hash: string,
    raw: unknown,
    attachments: Array<{ name: string; mimeType: string; size: number; sha256: string; pieces: Uint8Array[] }>,
    me: ReturnType<typeof self>
  ): void {
    const r = raw as ReferralMessageBody;
    const shared = SharedCaseData.safeParse(r?.shared);
    const letter = Letter.safeParse(r?.letter);
    const fields = ShareField.array().safeParse(r?.fields);
    const type = ServiceTypeSchema.safeParse(r?.service?.type);
    const date = (x: unknown) => IsoDate.safeParse(x).success;
    if (!shared.success || !letter.success || !fields.success || !type.success || typeof r.reference !== 'string' || !REFERENCE_RE.test(r.reference) || !date(r.answerBy) || !date(r.expiresAt)) {
      throw new AppError('referral/tampered', 'the referral body is not well-formed');
    }
    const sender = d.network.trusted(h.from, { allowExpired: true });
    const at = iso();
    const body: ReferralBody = {
      reference: r.reference,
      role: 'receiver',
      state: 'open',
      from: { organisationId: h.from, name: sender.profile.name, country: sender.profile.country },
      to: { organisationId: me.orgId, name: me.profile.name, country: me.profile.country },
      serviceName: typeof r.service.name === 'string' ? r.service.name.slice(0, 200) : '',
      serviceType: type.data,
      pseudonym: shared.data.pseudonym,
      caseId: null,
      createdAt: h.createdAt,
      answerBy: r.answerBy,
      expiresAt: r.expiresAt,
      updatedAt: at,
      lastIndex: 0,
      lastHash: hash,
      verification: verificationOf(hash),
      withdrawConfirmedAt: null,
      fields: fields.data,
      consent: { consentId: null, overrideReason: '' }
    };
    const metas: ReferralAttachment[] = attachments.map((a, index) => ({ index, name: a.name.slice(0, 255), mimeType: a.mimeType.slice(0, 100), size: a.size, sha256: a.sha256 }));
    records.transaction(() => {
      const collection = records.createReferral(h.referralId, body);
      records.putContent(collection, { shared: shared.data, letter: letter.data, attachments: metas });
      attachments.forEach((a, i) => records.putAttachment(collection, metas[i]!, a.pieces));
      records.addStep(collection, { index: 0, kind: 'referral', by: h.from, at: h.createdAt, text: '', hash });
      records.audit(h.referralId, body.reference, 'received', sender.profile.name);
    });
  }

  /**
   * Crypto-shreds the receiver's copy here, and leaves a shred tombstone in the organisation's
   * settings (the one cases use) so that the organisation's other devices destroy it too.
   */
  function shred(rec: StoredRecord<ReferralBody>): void {
    caseFiles.settings.addShred({ caseId: rec.header.id, collection: rec.header.collection, at: iso(), actor: d.actor.name, device: d.actor.device });
    records.destroy(rec.header.collection);
  }

  /** Receiver: delete the copy and confirm the deletion to the sender (a signed step). */
  function applyWithdraw(h: StepHeader, hash: string, text: string, target: Target, me: ReturnType<typeof self>): void {
    const base: Omit<GoneBody, 'referralId' | 'status'> & { pseudonym?: string } = target.rec ? target.rec.body : target.gone!;
    const peer = peerKeys(h.from, true);
    const at = iso();
    const index = h.index + 1;
    const sealed = sealStep({ self: me, to: peer, referralId: h.referralId, index, kind: 'withdraw-confirmed', prev: hash, createdAt: at, body: { text: '' } });
    const envelopes = splitMessage(sealed.bytes, sealed.msgId, peer.boxPublic);
    const gone: GoneBody = {
      referralId: h.referralId,
      status: 'withdrawn',
      reference: base.reference,
      role: 'receiver',
      state: 'withdrawn',
      from: base.from,
      to: base.to,
      serviceName: base.serviceName,
      serviceType: base.serviceType,
      createdAt: base.createdAt,
      answerBy: base.answerBy,
      expiresAt: base.expiresAt,
      updatedAt: at,
      lastIndex: index,
      lastHash: sealed.hash,
      verification: base.verification,
      withdrawConfirmedAt: at
    };
    records.transaction(() => {
      if (target.rec) shred(target.rec);
      records.putGone(gone);
      transport.enqueue(h.referralId, index, h.from, envelopes);
      records.audit(h.referralId, base.reference, 'received-withdraw', text ? 'with reason' : '');
      records.audit(h.referralId, base.reference, 'deleted-copy');
      records.audit(h.referralId, base.reference, 'withdraw-confirmed');
    });
  }

  /** Receiver: undecided referrals past their expiry date lose their copy (crypto-shredded). */
  function sweepExpired(): number {
    let n = 0;
    for (const rec of records.referrals()) {
      const b = rec.body;
      if (b.role !== 'receiver' || !isExpired(b.state, b.expiresAt, now())) continue;
      records.transaction(() => {
        shred(rec);
        records.putGone({
          referralId: rec.header.id,
          status: 'expired',
          reference: b.reference,
          role: b.role,
          state: b.state,
          from: b.from,
          to: b.to,
          serviceName: b.serviceName,
          serviceType: b.serviceType,
          createdAt: b.createdAt,
          answerBy: b.answerBy,
          expiresAt: b.expiresAt,
          updatedAt: iso(),
          lastIndex: b.lastIndex,
          lastHash: b.lastHash,
          verification: b.verification,
          withdrawConfirmedAt: null
        });
        records.audit(rec.header.id, b.reference, 'expired-deleted-copy');
      });
      n++;
    }
    return n;
  }

  /**
   * One device per organisation reads the referrals mailbox and applies what arrives (the
   * records then reach the other devices through sync): the first one that syncs referrals, or
   * the next one once that device was removed from the organisation. 'reads': the records name
   * this device; 'claims': nobody (or a removed device) is named, so this device may claim it —
   * if the relay grants its pull (its reader lease; the records are written only then); 'no'.
   */
  async function readsMailbox(): Promise<{ reads: true; claim: 'first' | 'removed' | null } | { reads: false }> {
    const handler = records.handler();
    if (handler === d.actor.device) return { reads: true, claim: null };
    if (handler !== null) {
      const devices = d.devices ? await d.devices().catch(() => []) : [];
      if (!devices.some((x) => x.deviceId === handler && x.status === 'removed')) return { reads: false };
    }
    return { reads: true, claim: handler === null ? 'first' : 'removed' };
  }

  /**
   * Takes the referrals mailbox's reader lease over at the relay (protocol.ts "reader lease"),
   * which decides: granted when nobody holds it, its holder was removed, or it has not pulled for
   * 24 h by the relay's clock. Refused: 'referral/invalid-state' saying when the holder last pulled.
   */
  async function takeRelayLease(): Promise<void> {
    const t = d.network.transport();
    try {
      ReaderLease.parse(await t.client.post(readerLeasePath(t.orgId, REFERRALS_MAILBOX), { v: 1 }, t.signer));
    } catch (e) {
      if (e instanceof RelayError && e.code === 'not-reader') {
        const seenAt = typeof e.details?.seenAt === 'number' ? new Date(e.details.seenAt).toISOString() : '';
        throw new AppError('referral/invalid-state', `the relay says another device fetched referrals less than ${HANDLER_STALE_HOURS} hours ago`, {
          handler: typeof e.details?.reader === 'string' ? e.details.reader : '',
          lastFetchedAt: seenAt,
          staleAfterHours: HANDLER_STALE_HOURS
        });
      }
      throw toAppError(e);
    }
  }

  /**
   * The relay refused this device's pull: another device holds the mailbox's reader lease (a
   * takeover this device has not synced yet, or two devices that claimed it at once). If this
   * device's records still name itself, they now name the relay's reader — otherwise nobody would
   * read: the reader waits for its own records to name it.
   */
  function yieldToRelayReader(reader: string | null): void {
    if (reader === null || !/^[0-9a-f]{16}$/.test(reader) || reader === d.actor.device) return;
    if (records.handler() !== d.actor.device) return;
    records.claimHandler(reader, 'relay');
    changed();
  }

  /** This device reads the mailbox from now on; its first pull catches up (see transport.startCatchUp). */
  function becomeHandler(reason: Handover['reason']): void {
    records.claimHandler(d.actor.device, reason);
    transport.startCatchUp();
  }

  /** Device id → label in the organisation's device list as last fetched, for naming devices in audit views. */
  function deviceLabels(): Map<string, string> {
    let devices: Array<{ deviceId: string; label?: string }> = [];
    try {
      devices = d.knownDevices?.() ?? [];
    } catch {
      // Unnamed then: the entries still show the device ids.
    }
    return new Map(devices.map((x) => [x.deviceId, x.label ?? '']));
  }

  /** Which device reads the mailbox, whether another device may take over now, and the handovers. */
  async function inbox(): Promise<ReferralInbox> {
    const info = records.handlerInfo();
    let handler: ReferralInbox['handler'] = null;
    let stale = true;
    const kept = records.handovers().slice(-HANDOVERS_SHOWN);
    const devices = d.devices && (info.handler !== null || kept.length > 0) ? await d.devices().catch(() => []) : [];
    const labelOf = (id: string) => devices.find((x) => x.deviceId === id)?.label ?? '';
    if (info.handler !== null) {
      const known = devices.find((x) => x.deviceId === info.handler);
      const removed = known?.status === 'removed';
      handler = { deviceId: info.handler, label: known?.label ?? '', thisDevice: info.handler === d.actor.device, removed };
      // Measured from the last fetch, or from the takeover while the new handler has not fetched yet.
      const seen = Date.parse(info.lastFetchedAt ?? info.since ?? '');
      stale = removed || !Number.isFinite(seen) || now() - seen > HANDLER_STALE_MS;
    }
    const handovers = kept
      .map((h) => ({
        at: h.at,
        by: h.by,
        device: { deviceId: h.device, label: labelOf(h.device) },
        from: h.from === null ? null : { deviceId: h.from, label: labelOf(h.from) },
        fromLastFetchedAt: h.fromLastFetchedAt,
        reason: h.reason
      }))
      .reverse();
    return { handler, lastFetchedAt: info.lastFetchedAt, since: info.since, stale, staleAfterHours: HANDLER_STALE_HOURS, handovers };
  }

  async function runSync(): Promise<{ sent: number; received: number; refused: number }> {
    // Checked without side effects first: a device in no network does nothing here (the
    // background run after each sync cycle must not create referral keys or touch the relay).
    const st = d.network.status();
    if (!st.organisationReady) throw new AppError('network/not-ready', 'this device does not belong to an organisation on a relay yet');
    if (!st.network) throw new AppError('network/not-joined', 'this organisation has not joined a network');
    const swept = sweepExpired();
    const t = d.network.transport();
    let sent = 0;
    let received = 0;
    let refused = 0;
    let fetchNoted = false;
    try {
      sent += await transport.flush(t);
      const me = self();
      const reading = await readsMailbox();
      if (!reading.reads) return { sent, received, refused };
      // A claim's first pull catches up (see transport.startCatchUp).
      if (reading.claim) transport.startCatchUp();
      try {
        refused += (await transport.pull(t, me.box)).refused;
      } catch (e) {
        if (reading.claim) transport.endCatchUp();
        // The relay lets one device read the mailbox (its reader lease) and it is another one:
        // nothing was read, so nothing is applied here.
        if (e instanceof RelayError && e.code === 'not-reader') {
          yieldToRelayReader(typeof e.details?.reader === 'string' ? e.details.reader : null);
          return { sent, received, refused };
        }
        throw e;
      }
      // The relay granted the pull: the claim goes into the records.
      if (reading.claim) records.claimHandler(d.actor.device, reading.claim);
      fetchNoted = records.noteFetched(d.actor.device, FETCH_NOTE_EVERY_MS);
      // After a takeover: what the previous reader already applied (and this device holds through
      // sync) is put aside quietly instead of being reported as replayed.
      const history = transport.catchingUp() ? new Set(transport.heldMessages()) : null;
      for (let i = 0; i < refused; i++) refuse('referral/tampered', null);
      const processAll = () => {
        let unknownSender = false;
        for (const m of transport.complete(me.box)) {
          if (closed) break;
          const outcome = m.bytes ? processMessage(m.msgId, m.bytes, history?.has(m.msgId) === true) : (refuse('referral/tampered', null), 'refused' as const);
          if (outcome === 'applied') received++;
          if (outcome === 'refused' || outcome === 'deferred') refused++;
          if (outcome === 'applied' || outcome === 'refused' || outcome === 'already-applied') transport.done(m.msgId);
          else unknownSender ||= deferred.get(m.msgId) === 'network/unknown-organisation';
        }
        return unknownSender;
      };
      // A referral from an organisation this device's directory does not list yet: read the
      // signed directory again (at most once a minute) and retry.
      if (processAll() && d.network.refresh && now() - lastDirectoryRefresh > 60_000) {
        lastDirectoryRefresh = now();
        await d.network.refresh().catch(() => undefined);
        processAll();
      }
      if (history) transport.endCatchUp();
      // Confirmations written while applying (withdraw-confirmed) go out at once.
      sent += await transport.flush(t);
    } catch (e) {
      throw toAppError(e);
    } finally {
      if (received > 0 || refused > 0 || swept > 0 || fetchNoted) changed();
    }
    return { sent, received, refused };
  }

  function sync(): Promise<{ sent: number; received: number; refused: number }> {
    // A caller always gets a full run that started after its call (a message queued or arrived
    // just now is included); background callers (syncSoon) just ask for one more run.
    if (running) return running.catch(() => undefined).then(() => sync());
    const p = runSync().finally(() => {
      if (running === p) running = null;
      if (again && !closed) {
        again = false;
        syncSoon();
      }
    });
    running = p;
    return p;
  }

  function syncSoon(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    // Offline, or not in a network yet: the next sync cycle tries again.
    sync().catch(() => undefined);
  }

  /**
   * The run after each sync cycle, at most every BACKGROUND_INTERVAL_MS: a sync cycle follows
   * every local write (an autosave each second while someone types), and each run reads the
   * relay. Cycles in between are coalesced into one run when the interval ends. Timed by the
   * monotonic clock, not the injectable `now` (tests move that by days).
   */
  function afterSyncCycle(): void {
    if (closed || backgroundTimer) return;
    const wait = lastBackgroundRun + BACKGROUND_INTERVAL_MS - performance.now();
    if (wait > 0) {
      backgroundTimer = setTimeout(() => {
        backgroundTimer = null;
        afterSyncCycle();
      }, wait);
      backgroundTimer.unref?.();
      return;
    }
    lastBackgroundRun = performance.now();
    syncSoon();
  }

  return {
    // ─── what the UI relies on ───

    /** Every referral this organisation sent or received (newest first); receiver-side expiry is applied first. */
    list(): { sent: ReferralSummary[]; received: ReferralSummary[] } {
      sweepExpired();
      const all = [...records.referrals().map(summaryOf), ...records.gone().map((g) => goneSummary(g.body))].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { sent: all.filter((s) => s.direction === 'sent'), received: all.filter((s) => s.direction === 'received') };
    },

    /** Which device of this organisation receives referrals (docs/referrals.md "Several devices"). */
    inbox,

    /**
     * Makes this device the one that reads the organisation's referrals mailbox. Allowed when no
     * device reads it yet, when the reading device was removed, or when it has not fetched for
     * HANDLER_STALE_HOURS; otherwise 'referral/invalid-state' (details: lastFetchedAt). The
     * previous handler stops reading once it has synced the new record.
     */
    async receiveHere(): Promise<ReferralInbox> {
      const before = await inbox();
      if (before.handler?.thisDevice) return before;
      if (!before.stale) {
        throw new AppError('referral/invalid-state', `another device of this organisation fetched referrals less than ${HANDLER_STALE_HOURS} hours ago`, {
          handler: before.handler!.deviceId,
          lastFetchedAt: before.lastFetchedAt ?? before.since ?? '',
          staleAfterHours: HANDLER_STALE_HOURS
        });
      }
      await takeRelayLease();
      becomeHandler(before.handler === null ? 'first' : before.handler.removed ? 'removed' : 'silent');
      changed();
      syncSoon();
      return inbox();
    },

    get(id: string): ReferralDetail {
      const rec = records.referral(id);
      if (!rec) {
        const g = records.goneOf(id);
        if (!g) throw new AppError('referral/not-found', 'no such referral on this device', { id });
        return { summary: goneSummary(g.body), steps: [], shared: null, fields: [], attachments: [], letter: null, consent: { consentId: null, overrideReason: '' }, verification: g.body.verification };
      }
      const b = rec.body;
      const queued = new Set(transport.queuedSteps(id));
      const content = records.content(rec.header.collection);
      const steps: ReferralStepView[] = records.steps(rec.header.collection).map((s) => ({
        index: s.index,
        kind: s.kind,
        by: partyOf(b, s.by),
        at: s.at,
        text: s.text,
        fingerprint: verificationOf(s.hash),
        queued: queued.has(s.index)
      }));
      return {
        summary: summaryOf(rec),
        steps,
        shared: content?.shared ?? null,
        fields: b.fields,
        attachments: content?.attachments ?? [],
        letter: content?.letter ?? null,
        consent: b.consent,
        verification: b.verification
      };
    },

    /**
     * What composing needs: the consent check, everything that could be shared, attachments, the
     * receiver, a reference. The legal identity only with `includeIdentity` (the user ticked it):
     * that reads it through cases.reveal, which audits a 'revealed' entry; otherwise it is not
     * read at all and `identityRecorded` says only whether there is one.
     */
    prepare(caseId: string, organisationId: string, opts: { includeIdentity?: boolean } = {}) {
      const receiver: NetworkOrganisation = d.network.organisation(organisationId);
      const consent = caseFiles.consents.check(caseId, 'share-with-organisation', { organisationId });
      const available = buildShared(caseId, opts.includeIdentity === true ? SHARE_FIELDS : SHARE_FIELDS.filter((f) => f !== 'identity'));
      const attachments = caseFiles.attachments.list(caseId).map((a) => ({ id: a.id, name: a.fileName, mimeType: a.mimeType, size: a.size }));
      return {
        consent: { allowed: consent.allowed, consentId: consent.consentId },
        available,
        identityRecorded: identityRecorded(caseId),
        attachments,
        receiver,
        reference: newReference(now(), crypto.randomBytes(6))
      };
    },

    /**
     * Seals and queues a referral, then tries to deliver it (status 'queued' when the relay
     * cannot be reached; the next sync sends it). Refuses: referral/no-consent (no consent and
     * no written override), network/* (unknown, changed key, expired entry), referral/service-closed.
     */
    async send(input: SendInput): Promise<ReferralSummary> {
      const me = self();
      if (input.organisationId === me.orgId) throw new AppError('referral/invalid-state', 'an organisation cannot refer to itself');
      const peer = peerKeys(input.organisationId, false);
      const service = peer.services[input.serviceIndex];
      if (!service || !service.acceptsReferrals) throw new AppError('referral/service-closed', 'this service does not accept referrals through Anxin');
      const consent = caseFiles.consents.check(input.caseId, 'share-with-organisation', { organisationId: input.organisationId });
      const override = (input.consentOverride ?? '').trim();
      if (!consent.allowed && !override) throw new AppError('referral/no-consent', 'no consent to share with this organisation, and no written reason to override');
      const letter = Letter.parse(input.letter);
      const fields = [...new Set(input.fields.map((f) => ShareField.parse(f)))];
      const shared = buildShared(input.caseId, fields);
      const caseAttachments = caseFiles.attachments.list(input.caseId);
      const chosen = input.attachmentIds.map((id) => {
        const a = caseAttachments.find((x) => x.id === id);
        if (!a) throw new AppError('record/not-found', 'no such attachment in this case', { id });
        return a;
      });
      const reference = REFERENCE_RE.test(input.reference) ? input.reference : newReference(now(), crypto.randomBytes(6));
      const expiresAt = addDays(now(), input.expiresInDays ?? DEFAULT_EXPIRY_DAYS);
      const answerByRaw = addDays(now(), input.answerByDays ?? DEFAULT_ANSWER_DAYS);
      const answerBy = answerByRaw > expiresAt ? expiresAt : answerByRaw;
      const referralId = crypto.randomId();
      const at = iso();
      const msgBody: ReferralMessageBody = { reference, service: { index: input.serviceIndex, name: service.name, type: service.type }, shared, letter, fields, answerBy, expiresAt };
      const sealed = sealStep({
        self: me,
        to: peer,
        referralId,
        index: 0,
        kind: 'referral',
        prev: '',
        createdAt: at,
        body: msgBody,
        attachments: chosen.map((a) => attachmentSource(input.caseId, a))
      });
      const envelopes = splitMessage(sealed.bytes, sealed.msgId, peer.boxPublic);
      const body: ReferralBody = {
        reference,
        role: 'sender',
        state: 'open',
        from: { organisationId: me.orgId, name: me.profile.name, country: me.profile.country },
        to: { organisationId: peer.orgId, name: peer.name, country: peer.country },
        serviceName: service.name,
        serviceType: service.type,
        pseudonym: shared.pseudonym,
        caseId: input.caseId,
        createdAt: at,
        answerBy,
        expiresAt,
        updatedAt: at,
        lastIndex: 0,
        lastHash: sealed.hash,
        verification: verificationOf(sealed.hash),
        withdrawConfirmedAt: null,
        fields,
        consent: { consentId: consent.allowed ? consent.consentId : null, overrideReason: consent.allowed ? '' : override }
      };
      const attachments: ReferralAttachment[] = chosen.map((a, index) => ({ index, name: a.fileName, mimeType: a.mimeType, size: a.size, sha256: a.sha256 }));
      records.transaction(() => {
        const collection = records.createReferral(referralId, body);
        records.putContent(collection, { shared, letter, attachments });
        records.addStep(collection, { index: 0, kind: 'referral', by: me.orgId, at, text: '', hash: sealed.hash });
        transport.enqueue(referralId, 0, peer.orgId, envelopes);
        caseAudit(input.caseId, 'referral-sent', `${reference} → ${peer.name}: ${fields.join(', ') || 'pseudonym only'}; ${attachments.length} attachment(s)`);
        if (!consent.allowed) caseAudit(input.caseId, 'referral-consent-override', `${reference}: ${override}`);
        records.audit(referralId, reference, 'sent', peer.name);
        if (!consent.allowed) records.audit(referralId, reference, 'consent-override', override);
      });
      await tryFlush();
      changed();
      return summaryOf(records.referral(referralId)!);
    },

    /** Receiver: creates the linked case (shared fields, identity, incidents, attachments), then signs 'accept'. */
    async accept(id: string): Promise<{ summary: ReferralSummary; caseId: string }> {
      const rec = referralOrThrow(id);
      requireRole(rec, 'receiver');
      requireNotExpired(rec);
      transition(rec.body.state, 'accept', 'receiver');
      d.network.trusted(rec.body.from.organisationId, { allowExpired: true }); // a changed key blocks before a case is made
      const content = records.content(rec.header.collection);
      if (!content) throw new AppError('referral/not-found', 'the referral content is gone');
      // Checked before a case is made: on a second device the files may still be on their way.
      if (!records.attachmentsComplete(rec.header.collection)) throw new AppError('attachment/corrupt', 'the referral’s files have not all arrived on this device yet; sync and try again', { reason: 'incomplete' });
      const s = content.shared;
      const riskLine = s.risk ? `\n\n[${rec.body.reference}] risk level at referral: ${s.risk.level} (${s.risk.assessedAt})` : '';
      const fields: CaseFieldsInput = {
        pseudonym: s.pseudonym,
        status: 'open',
        summary: ((s.summary ?? '') + riskLine).slice(0, 20_000),
        ...(s.languages ? { languages: s.languages } : {}),
        ...(s.interpreterNeeded ? { interpreterNeeded: s.interpreterNeeded } : {}),
        ...(s.country && /^[A-Z]{2}$/.test(s.country) ? { country: s.country } : {}),
        ...(s.city ? { city: s.city } : {}),
        ...(s.contactSafety ? { contactSafety: s.contactSafety } : {}),
        ...(s.dependants ? { dependants: s.dependants } : {})
      };
      const created = caseFiles.cases.create(fields);
      if (s.identity) caseFiles.cases.setIdentity(created.id, 0, s.identity);
      for (const inc of s.incidents ?? []) caseFiles.incidents.save(created.id, undefined, 0, inc);
      for (const a of records.attachments(rec.header.collection)) {
        const { uploadId } = caseFiles.attachments.begin({ caseId: created.id, fileName: a.body.name || 'attachment', mimeType: a.body.mimeType || 'application/octet-stream', size: a.body.size, description: `${rec.body.reference}` });
        let seq = 0;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const send = () => {
          const joined = Buffer.concat(pending);
          caseFiles.attachments.append(uploadId, seq++, joined.toString('base64'));
          joined.fill(0);
          for (const p of pending) p.fill(0);
          pending = [];
          pendingBytes = 0;
        };
        try {
          for (const piece of records.readAttachment(a)) {
            pending.push(Buffer.from(piece));
            crypto.wipe(piece);
            pendingBytes += piece.length;
            if (pendingBytes >= PIECE - 64 * 1024) send();
          }
          if (pendingBytes > 0) send();
          caseFiles.attachments.finish(uploadId);
        } catch (e) {
          caseFiles.attachments.abort(uploadId);
          throw e instanceof AppError ? e : new AppError('attachment/corrupt', 'a received attachment failed to open', { reason: e instanceof Error ? e.message : 'unknown' });
        }
      }
      caseFiles.audit.append(created.id, 'referral-updated', 'referral', `accepted ${rec.body.reference} from ${rec.body.from.name}`);
      const next = writeStep(records.referral(id)!, 'accept', '', { caseId: created.id });
      await tryFlush();
      changed();
      return { summary: summaryOf(records.referral(next.header.id)!), caseId: created.id };
    },
    decline: (id: string, reason: string) => act(id, 'decline', 'receiver', reason),
    requestInfo: (id: string, question: string) => act(id, 'request-info', 'receiver', question),
    provideInfo: (id: string, text: string) => act(id, 'provide-info', 'sender', text),
    progress: (id: string, note: string) => act(id, 'progress', 'receiver', note),
    close: (id: string, note: string) => act(id, 'close', 'receiver', note),
    withdraw: (id: string, reason: string) => act(id, 'withdraw', 'sender', reason),

    /** Sends what is queued and reads what arrived. Concurrent callers share one run. */
    sync,

    /** Background: after each sync cycle (unlocked-session wires it), throttled; errors wait for the next cycle. */
    afterSyncCycle,

    /** What the letter PDF needs (both sides); audited ('letter-pdf'). */
    letterInput(id: string) {
      const rec = referralOrThrow(id);
      const content = records.content(rec.header.collection);
      if (!content) throw new AppError('referral/not-found', 'the referral content is gone');
      const b = rec.body;
      records.audit(id, b.reference, 'letter-pdf');
      return {
        reference: b.reference,
        date: b.createdAt.slice(0, 10),
        from: { name: b.from.name, country: b.from.country },
        to: { name: b.to.name, country: b.to.country },
        serviceName: b.serviceName,
        letter: content.letter,
        verification: b.verification,
        labelsLang: content.letter.otherLanguage
      };
    },

    onChanged(listener: (e: { at: string }) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Recent refusals (newest last): the error code and the referral it named, if any. */
    refusals: (): Refusal[] => [...refusals],
    /** The organisation-level audit trail of one referral (both sides). */
    auditOf: (referralId: string) => records.auditOf(referralId),
    /**
     * `referrals:audit`: the trail as users see it, oldest first, for a referral held here — also
     * one whose copy was deleted (withdrawn, expired): the trail outlives it. Never case data.
     */
    audit(referralId: string): ReturnType<typeof auditEntries> {
      if (!records.referral(referralId) && !records.goneOf(referralId)) throw new AppError('referral/not-found', 'no such referral on this device', { id: referralId });
      return auditEntries(records.auditOf(referralId), deviceLabels());
    },
    /**
     * `referrals:refused`: refusals that belong to no referral held here (forged, wrong recipient,
     * unreadable parts), newest first, at most REFUSED_SHOWN — otherwise seen nowhere, since they
     * have no detail view and background runs report to nobody.
     */
    refusedMessages(): ReturnType<typeof auditEntries> {
      const held = (id: string) => id !== '' && (records.referral(id) !== null || records.goneOf(id) !== null);
      const bodies = records.auditWhere((b) => b.action === 'refused' && !held(b.referralId));
      return auditEntries(bodies.slice(-REFUSED_SHOWN).reverse(), deviceLabels());
    },
    /** Counts for tests and diagnostics. */
    queue: () => ({ outbox: transport.outboxCount(), parts: transport.partCount() }),

    async settle(): Promise<void> {
      if (running) await running.catch(() => undefined);
    },
    /**
     * For the sync service's onApplied: whether `collection` holds referral records (a referral's
     * own collection, or the organisation-level one) — nothing to rebuild for those; the board
     * hears `referrals:changed`.
     */
    syncedCollection(collection: string): boolean {
      if (!records.isReferralCollection(collection)) return false;
      changed();
      return true;
    },

    /** At lock: stop background work and events. */
    shutdown(): void {
      closed = true;
      if (backgroundTimer) clearTimeout(backgroundTimer);
      backgroundTimer = null;
      listeners.clear();
    }
  };
}

export type ReferralService = ReturnType<typeof createReferralService>;
export type { ReferralState };
