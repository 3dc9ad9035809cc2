/**
 * Cases: the caseworker-facing verbs behind the cases:* channels. Each case is its own
 * collection with its own key (createCollection on create), so one case can be shared or
 * crypto-shredded on its own. The registry (and through it the search index) is kept in step
 * with every change.
 *
 * Body of a 'case' record: CaseFields plus `caseCode` (generated once), `createdAt` (copied
 * forward on each edit) and `closedAt`. `updatedAt` is the revision's HLC time. Bodies written
 * before a field existed are read through CaseFields' defaults.
 *
 * The sensitive identity is a separate 'case-identity' record in the same collection: never
 * indexed, never listed, opened only by reveal() (audited).
 *
 * remove() is crypto-shredding: every row of the case's collection and its key row are deleted
 * in one transaction (secure_delete zeroes the pages), and a 'case-shred' tombstone in the
 * organisation's settings collection tells other devices to do the same.
 */
import { AppError } from '../../shared/errors';
import {
  CaseFields,
  type CaseFieldsInput,
  type CaseRecord,
  type CaseRevision,
  type CaseStatus,
  type CaseSummary,
  type Closure
} from '../../shared/domain/case';
import { SensitiveIdentity, type RevealedIdentity, type SensitiveIdentityInput, type TaskFields } from '../../shared/domain/case-file';
import { hlcToIso } from '../../shared/records/hlc';
import * as crypto from './crypto';
import type { SealedStore, StoredRecord } from './sealed-store';
import type { SearchIndex } from './search-index';
import { createAuditLog, type AuditLog } from './case-files/audit';
import type { Actor, WithCreated } from './case-files/deps';
import { KIND } from './case-files/kinds';
import { createCaseRegistry, type CaseBody, type CaseRegistry } from './case-files/registry';
import { createCaseFileSettings, type CaseFileSettingsService } from './case-files/settings';
import { taskStateOf } from './case-files/plans';
import {
  assessmentText,
  attachmentText,
  casePlanText,
  consentText,
  incidentText,
  safetyPlanText,
  taskText
} from './case-files/search-text';
import { IncidentFields, CasePlanFields, SafetyPlanFields } from '../../shared/domain/case-file';

export const CASE_KIND = KIND.case;

/** Rows of these tables belong to a case's collection and go with it when it is shredded. */
const SHRED_TABLES = [{ table: 'attachment_chunks', column: 'collection' }];
/** A 'viewed' audit entry at most once per case per this many ms (per session). */
const VIEW_AUDIT_INTERVAL_MS = 10 * 60 * 1000;

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U
function newCaseCode(): string {
  const bytes = crypto.randomBytes(6);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b & 31];
  return `AX-${s}`;
}

function parseFields(fields: unknown): CaseFields {
  const parsed = CaseFields.safeParse(fields);
  if (!parsed.success) throw new AppError('ipc/invalid-request', 'invalid case fields');
  return parsed.data;
}

/** A stored body read through today's schema (defaults for fields added later). */
function readBody(raw: CaseBody): CaseBody {
  const { caseCode, createdAt, closedAt, ...rest } = raw as CaseBody & Record<string, unknown>;
  return { ...CaseFields.parse(rest), caseCode: caseCode ?? '', createdAt, closedAt: closedAt ?? null };
}

const pickFields = (b: CaseBody): CaseFields => {
  const { caseCode: _a, createdAt: _b, closedAt: _c, ...f } = b;
  return f;
};

function toRecord(rec: StoredRecord<CaseBody>): CaseRecord {
  const updatedAt = hlcToIso(rec.header.hlc);
  const b = rec.body;
  return { id: rec.header.id, revision: rec.header.revision, ...pickFields(b), caseCode: b.caseCode, closedAt: b.closedAt, createdAt: b.createdAt ?? updatedAt, updatedAt };
}

export type CaseServiceDeps = {
  store: SealedStore;
  index: SearchIndex;
  registry?: CaseRegistry;
  audit?: AuditLog;
  settings?: CaseFileSettingsService;
  actor?: Actor;
  now?: () => number;
  /** Called after a case's collection was destroyed (drop in-memory state tied to it). */
  onShredded?: (caseId: string) => void;
};

export function createCaseService(deps: CaseServiceDeps) {
  const { store, index } = deps;
  const now = deps.now ?? Date.now;
  const actor = deps.actor ?? { name: '', device: store.deviceId };
  const registry = deps.registry ?? createCaseRegistry(index);
  // The audit log does not use `db`; the store is enough.
  const audit = deps.audit ?? createAuditLog({ db: undefined as never, store, registry, actor, now });
  const settings = deps.settings ?? createCaseFileSettings({ store, now });
  const lastViewed = new Map<string, number>();

  /** Puts what the caseload and the search need from one record of a case into the registry (no reindex). */
  function applyPart(caseId: string, rec: StoredRecord<unknown>): void {
    switch (rec.header.kind) {
      case KIND.task: {
        const t = taskStateOf(rec as StoredRecord<TaskFields & WithCreated>);
        registry.setTask(caseId, t);
        registry.setPart(caseId, t.id, taskText(t), false);
        return;
      }
      case KIND.assessment: {
        const body = rec.body as { level: 'standard' | 'medium' | 'high'; assessedOn: string; note: string };
        registry.setRisk(caseId, { level: body.level, assessedOn: body.assessedOn, hlc: rec.header.hlc });
        registry.setPart(caseId, rec.header.id, assessmentText(body), false);
        return;
      }
      case KIND.safetyPlan:
        registry.setSafetyPlan(caseId, rec.header.hlc);
        registry.setPart(caseId, rec.header.id, safetyPlanText(SafetyPlanFields.parse(strip(rec.body))), false);
        return;
      case KIND.casePlan:
        registry.setPart(caseId, rec.header.id, casePlanText(CasePlanFields.parse(strip(rec.body))), false);
        return;
      case KIND.incident:
        registry.setPart(caseId, rec.header.id, incidentText(IncidentFields.parse(strip(rec.body))), false);
        return;
      case KIND.consent:
        registry.setPart(caseId, rec.header.id, consentText(rec.body as Parameters<typeof consentText>[0]), false);
        return;
      case KIND.attachment:
        registry.setPart(caseId, rec.header.id, attachmentText(rec.body as Parameters<typeof attachmentText>[0]), false);
        return;
    }
  }

  function head(id: string): StoredRecord<CaseBody> {
    if (!registry.has(id)) throw new AppError('record/not-found', 'no such case', { id });
    const rec = store.get<CaseBody>(id);
    if (!rec || rec.header.kind !== CASE_KIND) throw new AppError('record/not-found', 'no such case', { id });
    return { header: rec.header, body: readBody(rec.body) };
  }

  function checkClosure(status: CaseStatus, closure: Closure | null): void {
    if (status === 'closed' && closure === null) throw new AppError('case/closure-required', 'closing a case needs a reason');
  }

  function write(current: StoredRecord<CaseBody>, fields: CaseFields, baseRevision: number): CaseRecord {
    const was = current.body.status;
    checkClosure(fields.status, fields.closure);
    let closedAt = current.body.closedAt;
    if (fields.status === 'closed' && was !== 'closed') closedAt = new Date(now()).toISOString();
    if (fields.status !== 'closed') closedAt = null;
    const body: CaseBody = { ...fields, caseCode: current.body.caseCode, createdAt: current.body.createdAt, closedAt };
    const header = store.transaction(() => {
      const h = store.put({ id: current.header.id, kind: CASE_KIND, collection: current.header.collection, body, baseRevision });
      audit.append(current.header.id, was !== fields.status ? 'status-changed' : 'edited', 'case', was !== fields.status ? `${was}→${fields.status}` : '');
      return h;
    });
    const rec = { header, body };
    registry.setCore(rec);
    return toRecord(rec);
  }

  function identityRecord(collection: string): StoredRecord<SensitiveIdentity & WithCreated> | null {
    const all = store.listInCollection<SensitiveIdentity & WithCreated>(collection, KIND.identity);
    return all.sort((a, b) => (a.header.hlc < b.header.hlc ? 1 : -1))[0] ?? null;
  }

  function shredCollection(caseId: string, collection: string): void {
    store.destroyCollection(collection, SHRED_TABLES);
    registry.remove(caseId);
    lastViewed.delete(caseId);
    deps.onShredded?.(caseId);
  }

  return {
    registry,
    audit,
    settings,

    /** Newest update first. */
    list(): CaseSummary[] {
      const out: CaseSummary[] = [];
      for (const c of registry.all()) {
        const { id, revision } = { id: c.id, revision: c.core.header.revision };
        out.push({ id, revision, pseudonym: c.core.body.pseudonym, status: c.core.body.status, updatedAt: hlcToIso(c.core.header.hlc) });
      }
      return out.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    },

    /** The core record; writes a 'viewed' audit entry at most every 10 minutes per case. */
    get(id: string): CaseRecord {
      const rec = toRecord(head(id));
      const t = now();
      const last = lastViewed.get(id);
      if (last === undefined || t - last >= VIEW_AUDIT_INTERVAL_MS) {
        lastViewed.set(id, t);
        audit.append(id, 'viewed', 'case');
      }
      return rec;
    },

    create(input: CaseFieldsInput): CaseRecord {
      const fields = parseFields(input);
      checkClosure(fields.status, fields.closure);
      const at = new Date(now()).toISOString();
      const body: CaseBody = { ...fields, caseCode: newCaseCode(), createdAt: at, closedAt: fields.status === 'closed' ? at : null };
      let created: string | undefined;
      let header;
      try {
        header = store.transaction(() => {
          const h = store.put({ kind: CASE_KIND, collection: store.createCollection(), body });
          created = h.id;
          registry.setCore({ header: h, body }, false); // the audit log finds the case through the registry
          audit.append(h.id, 'created', 'case');
          return h;
        });
      } catch (e) {
        if (created !== undefined) registry.remove(created); // rolled back: no phantom in the caseload
        throw e;
      }
      const rec = { header, body };
      registry.setCore(rec);
      return toRecord(rec);
    },

    update(id: string, baseRevision: number, input: CaseFieldsInput): CaseRecord {
      const current = head(id);
      return write(current, parseFields(input), baseRevision);
    },

    /** open → active → closed (with a reason) → reopened (open or active). */
    setStatus(id: string, baseRevision: number, status: CaseStatus, closure?: Closure): CaseRecord {
      const current = head(id);
      const fields = pickFields(current.body);
      return write(current, { ...fields, status, closure: status === 'closed' ? (closure ?? null) : fields.closure }, baseRevision);
    },

    /** Crypto-shredding (see the file comment). Irreversible. */
    remove(id: string, baseRevision: number): void {
      const current = head(id);
      if (current.header.revision !== baseRevision) {
        throw new AppError('record/conflict', 'the record changed since it was read', { id, headRevision: current.header.revision });
      }
      store.transaction(() => {
        settings.addShred({ caseId: id, collection: current.header.collection, at: new Date(now()).toISOString(), actor: actor.name, device: actor.device });
        shredCollection(id, current.header.collection);
      });
    },

    /** Destroys the local copy of every case named by a shred tombstone (e.g. synced from another device). Returns how many tombstones. */
    applyTombstones(): number {
      const shreds = settings.shreds();
      // Destroying what is not here deletes nothing; no row is opened (a stray row whose key is
      // already gone would not open), so this never fails on what another device left behind.
      for (const s of shreds) store.transaction(() => shredCollection(s.caseId, s.collection));
      return shreds.length;
    },

    /** Every revision, newest first. A shredded case has no history left: record/not-found. */
    history(id: string): CaseRevision[] {
      head(id);
      const revisions = store.history<CaseBody>(id);
      return revisions.map(({ header, body }) => ({
        revision: header.revision,
        updatedAt: hlcToIso(header.hlc),
        deleted: header.deleted,
        fields: body === null ? null : pickFields(readBody(body))
      }));
    },

    /** The sensitive identity; writes a 'revealed' audit entry. */
    reveal(id: string): RevealedIdentity {
      const c = registry.get(id);
      head(id);
      const rec = identityRecord(c.collection);
      audit.append(id, 'revealed', 'identity');
      if (!rec) return { caseId: id, revision: 0, identity: SensitiveIdentity.parse({}) };
      const { createdAt: _c, ...fields } = rec.body;
      return { caseId: id, revision: rec.header.revision, identity: SensitiveIdentity.parse(fields) };
    },

    setIdentity(id: string, baseRevision: number, input: SensitiveIdentityInput): { revision: number } {
      const c = registry.get(id);
      head(id);
      const parsed = SensitiveIdentity.safeParse(input);
      if (!parsed.success) throw new AppError('ipc/invalid-request', 'invalid identity');
      const existing = identityRecord(c.collection);
      return store.transaction(() => {
        let revision: number;
        if (!existing) {
          if (baseRevision !== 0) throw new AppError('record/conflict', 'no identity saved yet', { id, headRevision: 0 });
          const body = { ...parsed.data, createdAt: new Date(now()).toISOString() };
          revision = store.put({ kind: KIND.identity, collection: c.collection, body }).revision;
        } else {
          const body = { ...parsed.data, createdAt: existing.body.createdAt };
          revision = store.put({ id: existing.header.id, kind: KIND.identity, collection: c.collection, body, baseRevision }).revision;
        }
        audit.append(id, 'edited', 'identity');
        return { revision };
      });
    },

    /**
     * After unlock: decrypts every case and the records the caseload needs (tasks, latest risk,
     * safety plan) and the searchable text of the rest, into the registry and the search index.
     * Never opens identity records. Returns how many cases.
     */
    indexAll(): number {
      const cases = store.list<CaseBody>(CASE_KIND);
      for (const rec of cases) registry.setCore({ header: rec.header, body: readBody(rec.body) }, false);
      for (const kind of PART_KINDS) {
        for (const rec of store.list(kind)) {
          const caseId = registry.caseOfCollection(rec.header.collection);
          if (caseId !== undefined) applyPart(caseId, rec);
        }
      }
      registry.reindexAll();
      return registry.size();
    },

    /**
     * After sync applied remote records to one collection: rebuilds that case alone in the
     * registry and the search index (unlike indexAll, which decrypts every case). Returns false
     * when the collection holds no live case, so the caller can fall back to a full reload.
     */
    reloadCollection(collection: string): boolean {
      const records = store.listInCollection(collection);
      const core = records.find((r) => r.header.kind === CASE_KIND);
      const previous = registry.caseOfCollection(collection);
      if (!core) return previous === undefined && records.length === 0;
      if (previous !== undefined) registry.remove(previous);
      registry.setCore({ header: core.header, body: readBody(core.body as CaseBody) }, false);
      for (const kind of PART_KINDS) for (const rec of records) if (rec.header.kind === kind) applyPart(core.header.id, rec);
      registry.reindex(core.header.id);
      return true;
    }
  };
}

/** The record kinds of a case that feed the caseload and the search index (never identity). */
const PART_KINDS = [KIND.task, KIND.assessment, KIND.safetyPlan, KIND.casePlan, KIND.incident, KIND.consent, KIND.attachment] as const;

function strip(b: unknown): unknown {
  const { createdAt: _c, ...rest } = b as Record<string, unknown>;
  return rest;
}

export type CaseService = ReturnType<typeof createCaseService>;
