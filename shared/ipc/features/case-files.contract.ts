/**
 * IPC channels of the case files feature (issue 3). Merged into shared/ipc/contract.ts.
 * Domain types and their schemas: shared/domain/case.ts and shared/domain/case-file/.
 *
 * Every per-case request carries `caseId` (or `id` for cases:*). Writes take the base revision
 * they were made from (0 for a record never saved) and fail with record/conflict otherwise.
 */
import { z } from 'zod';
import { CaseFields, CaseRecord, CaseRevision, CaseStatus, CaseSummary, Closure, RecordId } from '../../domain/case';
import { TimelineEntry, TimelineKind } from '../../domain/timeline';
import {
  Attachment,
  AttachmentAppend,
  AttachmentBegin,
  AttachmentBytes,
  AttachmentExportBegin,
  AttachmentExportRead,
  AttachmentExportStarted,
  AttachmentRead,
  AuditEntry,
  CaseFileSettings,
  CaseloadRow,
  CaseloadSearchHit,
  CasePlan,
  CasePlanFields,
  Consent,
  ConsentInput,
  ConsentWithdrawal,
  DueTask,
  Incident,
  IncidentFields,
  Plans,
  RevealedIdentity,
  RiskAssessment,
  RiskAssessmentInput,
  RiskChecklist,
  RiskOverview,
  SafetyPlan,
  SafetyPlanFields,
  SensitiveIdentity,
  Task,
  TaskFields,
  UploadId
} from '../../domain/case-file';
import { Empty, Revision, Void } from '../schema-helpers';

const CaseRef = z.strictObject({ caseId: RecordId });
/** 0 = the record has never been saved. */
const BaseRevision = z.number().int().nonnegative();

export const caseFilesContract = {
  // ---- the case core record ----
  'cases:list': { request: Empty, response: z.array(CaseSummary) },
  /** Writes a 'viewed' audit entry (at most one per case per session and 10 minutes). */
  'cases:get': { request: z.strictObject({ id: RecordId }), response: CaseRecord },
  'cases:create': { request: z.strictObject({ fields: CaseFields }), response: CaseRecord },
  'cases:update': {
    request: z.strictObject({ id: RecordId, baseRevision: Revision, fields: CaseFields }),
    response: CaseRecord
  },
  /** open → active → closed (closure required) → reopen (open or active). */
  'cases:setStatus': {
    request: z.strictObject({ id: RecordId, baseRevision: Revision, status: CaseStatus, closure: Closure.optional() }),
    response: CaseRecord
  },
  /** Crypto-shredding: the case's key is destroyed, a tombstone is kept for other devices. Irreversible. */
  'cases:delete': { request: z.strictObject({ id: RecordId, baseRevision: Revision }), response: Void },
  'cases:history': { request: z.strictObject({ id: RecordId }), response: z.array(CaseRevision) },
  /** Opens the sensitive identity record; writes a 'revealed' audit entry. */
  'cases:reveal': { request: z.strictObject({ id: RecordId }), response: RevealedIdentity },
  /** Saves the sensitive identity; returns only the new revision (nothing sensitive travels back). */
  'cases:setIdentity': {
    request: z.strictObject({ id: RecordId, baseRevision: BaseRevision, identity: SensitiveIdentity }),
    response: z.strictObject({ revision: Revision })
  },

  // ---- caseload ----
  'caseload:list': { request: Empty, response: z.array(CaseloadRow) },
  /** Full-text search over every non-sensitive field of every case; results are case ids, best first. */
  'caseload:search': {
    request: z.strictObject({ text: z.string().max(200), limit: z.number().int().min(1).max(10_000).optional() }),
    response: z.array(CaseloadSearchHit)
  },
  'caseload:settings': { request: Empty, response: CaseFileSettings },
  'caseload:setSettings': { request: CaseFileSettings, response: CaseFileSettings },

  // ---- incidents ----
  'incidents:list': { request: CaseRef, response: z.array(Incident) },
  'incidents:save': {
    request: z.strictObject({ caseId: RecordId, id: RecordId.optional(), baseRevision: BaseRevision, fields: IncidentFields }),
    response: Incident
  },
  'incidents:delete': { request: z.strictObject({ caseId: RecordId, id: RecordId, baseRevision: Revision }), response: Void },

  // ---- consents ----
  'consents:list': { request: CaseRef, response: z.array(Consent) },
  'consents:record': { request: z.strictObject({ caseId: RecordId, consent: ConsentInput }), response: Consent },
  'consents:withdraw': {
    request: z.strictObject({ caseId: RecordId, id: RecordId, withdrawal: ConsentWithdrawal }),
    response: Consent
  },

  // ---- risk ----
  /** The checklist in force (the organisation's own, else the default). */
  'risk:checklist': { request: Empty, response: RiskChecklist },
  /** null = back to the default checklist. */
  'risk:setChecklist': { request: z.strictObject({ checklist: RiskChecklist.nullable() }), response: RiskChecklist },
  'risk:assess': { request: RiskAssessmentInput, response: RiskAssessment },
  /** Assessments newest first, the trend, the current level and safetyPlanNeeded. */
  'risk:overview': { request: CaseRef, response: RiskOverview },

  // ---- plans and tasks ----
  'plans:get': { request: CaseRef, response: Plans },
  'plans:saveCasePlan': {
    request: z.strictObject({ caseId: RecordId, baseRevision: BaseRevision, fields: CasePlanFields }),
    response: CasePlan
  },
  'plans:saveSafetyPlan': {
    request: z.strictObject({ caseId: RecordId, baseRevision: BaseRevision, fields: SafetyPlanFields }),
    response: SafetyPlan
  },
  'tasks:list': { request: CaseRef, response: z.array(Task) },
  'tasks:save': {
    request: z.strictObject({ caseId: RecordId, id: RecordId.optional(), baseRevision: BaseRevision, fields: TaskFields }),
    response: Task
  },
  'tasks:delete': { request: z.strictObject({ caseId: RecordId, id: RecordId, baseRevision: Revision }), response: Void },
  /** Open tasks across the caseload that are overdue or due within `days` (default 7), soonest first. */
  'tasks:due': { request: z.strictObject({ days: z.number().int().min(0).max(365).optional() }), response: z.array(DueTask) },

  // ---- timeline and audit ----
  'timeline:list': {
    request: z.strictObject({ caseId: RecordId, kinds: z.array(TimelineKind).max(20).optional() }),
    response: z.array(TimelineEntry)
  },
  /** Newest first. */
  'audit:list': { request: CaseRef, response: z.array(AuditEntry) },

  // ---- attachments ----
  'attachments:list': { request: CaseRef, response: z.array(Attachment) },
  'attachments:begin': { request: AttachmentBegin, response: z.strictObject({ uploadId: UploadId }) },
  'attachments:append': { request: AttachmentAppend, response: z.strictObject({ received: z.number().int().nonnegative() }) },
  'attachments:finish': { request: z.strictObject({ uploadId: UploadId }), response: Attachment },
  'attachments:abort': { request: z.strictObject({ uploadId: UploadId }), response: Void },
  /** Decrypted bytes for an in-app preview (the renderer builds a Blob). Audited once per session. */
  'attachments:read': { request: AttachmentRead, response: AttachmentBytes },
  /** Starts an explicit, audited export; read it with attachments:exportRead. */
  'attachments:export': { request: AttachmentExportBegin, response: AttachmentExportStarted },
  'attachments:exportRead': { request: AttachmentExportRead, response: AttachmentBytes },
  'attachments:delete': { request: z.strictObject({ caseId: RecordId, id: RecordId }), response: Void }
} as const;

export const caseFilesEvents = {} as const;
