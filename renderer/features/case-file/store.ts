/**
 * Everything of the open case beyond its core record: incidents, consents, risk, plans, tasks,
 * attachments, timeline and audit log; and the revealed identity, which is dropped whenever
 * another case is opened, the page is left, or the vault locks. Writes go through the normal
 * save channels (main seals them); nothing is ever kept in browser storage.
 */
import { create } from 'zustand';
import type { CaseStatus, Closure } from '../../../shared/domain/case';
import type {
  Attachment,
  AuditEntry,
  CasePlanFieldsInput,
  Consent,
  ConsentInput,
  ConsentWithdrawal,
  Incident,
  IncidentFieldsInput,
  Plans,
  RevealedIdentity,
  RiskAssessment,
  RiskAssessmentInput,
  RiskChecklist,
  RiskOverview,
  SafetyPlanFieldsInput,
  SensitiveIdentityInput,
  Task,
  TaskFieldsInput
} from '../../../shared/domain/case-file';
import type { TimelineEntry, TimelineKind } from '../../../shared/domain/timeline';
import type { AnxinApi } from '../../../shared/ipc/api';
import type { CaseRecord } from '../../../shared/domain/case';
import type { AppErrorInfo, Result } from '../../../shared/result';
import { getApi } from '../../bridge';
import { useCaseload } from '../caseload/store';
import { reportError, settle } from '../../app/notices';

export type CaseFileState = {
  caseId: string | null;
  loading: boolean;
  incidents: Incident[];
  consents: Consent[];
  risk: RiskOverview | null;
  checklist: RiskChecklist | null;
  plans: Plans | null;
  tasks: Task[];
  attachments: Attachment[];
  timeline: TimelineEntry[];
  /** Empty = every kind. */
  timelineKinds: TimelineKind[];
  audit: AuditEntry[];
  identity: RevealedIdentity | null;
  /** Forms on the page with unsaved changes (by form id). */
  dirtyForms: ReadonlySet<string>;

  load: (caseId: string) => Promise<void>;
  refresh: () => Promise<void>;
  setTimelineKinds: (kinds: TimelineKind[]) => Promise<void>;
  reveal: () => Promise<void>;
  hideIdentity: () => void;
  saveIdentity: (identity: SensitiveIdentityInput) => Promise<Result<{ revision: number }>>;
  saveIncident: (id: string | undefined, baseRevision: number, fields: IncidentFieldsInput) => Promise<Result<Incident>>;
  deleteIncident: (id: string, baseRevision: number) => Promise<Result<null>>;
  recordConsent: (consent: ConsentInput) => Promise<Result<Consent>>;
  withdrawConsent: (id: string, withdrawal: ConsentWithdrawal) => Promise<Result<Consent>>;
  assess: (input: Omit<RiskAssessmentInput, 'caseId'>) => Promise<Result<RiskAssessment>>;
  saveSafetyPlan: (fields: SafetyPlanFieldsInput) => Promise<Result<unknown>>;
  saveCasePlan: (fields: CasePlanFieldsInput) => Promise<Result<unknown>>;
  saveTask: (id: string | undefined, baseRevision: number, fields: TaskFieldsInput) => Promise<Result<Task>>;
  deleteTask: (id: string, baseRevision: number) => Promise<Result<null>>;
  setStatus: (record: CaseRecord, status: CaseStatus, closure?: Closure) => Promise<Result<CaseRecord>>;
  setDirty: (form: string, dirty: boolean) => void;
  reset: () => void;
};

const initial = {
  caseId: null,
  loading: false,
  incidents: [] as Incident[],
  consents: [] as Consent[],
  risk: null,
  checklist: null,
  plans: null,
  tasks: [] as Task[],
  attachments: [] as Attachment[],
  timeline: [] as TimelineEntry[],
  timelineKinds: [] as TimelineKind[],
  audit: [] as AuditEntry[],
  identity: null,
  dirtyForms: new Set<string>() as ReadonlySet<string>
};

const notLoaded: AppErrorInfo = { code: 'internal', message: 'no case open' };

/**
 * `onWritten` runs after every successful write: the caseload's row of the case (risk level,
 * overdue tasks, search index) changed with it.
 */
export function createCaseFileStore(api: () => AnxinApi, onWritten: () => void = () => {}) {
  let generation = 0;
  return create<CaseFileState>()((set, get) => {
    /** Runs a write for the open case; on success refreshes the page's lists (timeline, audit…). */
    async function write<T>(call: (caseId: string) => Promise<Result<T>>): Promise<Result<T>> {
      const caseId = get().caseId;
      if (!caseId) return { ok: false, error: notLoaded };
      const gen = generation;
      const result = await settle(() => call(caseId));
      if (gen !== generation) return result;
      if (!result.ok) {
        if (result.error.code === 'vault/locked') reportError(result.error);
        return result;
      }
      onWritten();
      await get().refresh();
      return result;
    }

    async function fetchAll(caseId: string, gen: number): Promise<void> {
      const a = api();
      const kinds = get().timelineKinds;
      const [incidents, consents, risk, checklist, plans, tasks, attachments, timeline, audit] = await Promise.all([
        settle(() => a.incidents.list({ caseId })),
        settle(() => a.consents.list({ caseId })),
        settle(() => a.risk.overview({ caseId })),
        get().checklist ? Promise.resolve(null) : settle(() => a.risk.checklist({})),
        settle(() => a.plans.get({ caseId })),
        settle(() => a.tasks.list({ caseId })),
        settle(() => a.attachments.list({ caseId })),
        settle(() => a.timeline.list(kinds.length ? { caseId, kinds } : { caseId })),
        settle(() => a.audit.list({ caseId }))
      ]);
      if (gen !== generation || get().caseId !== caseId) return;
      const firstError = [incidents, consents, risk, checklist, plans, tasks, attachments, timeline, audit].find((r) => r && !r.ok);
      if (firstError && !firstError.ok) reportError(firstError.error);
      set({
        loading: false,
        ...(incidents.ok && { incidents: incidents.value }),
        ...(consents.ok && { consents: consents.value }),
        ...(risk.ok && { risk: risk.value }),
        ...(checklist?.ok && { checklist: checklist.value }),
        ...(plans.ok && { plans: plans.value }),
        ...(tasks.ok && { tasks: tasks.value }),
        ...(attachments.ok && { attachments: attachments.value }),
        // The timeline filter changed while this was on its way: its own answer counts.
        ...(timeline.ok && get().timelineKinds === kinds && { timeline: timeline.value }),
        ...(audit.ok && { audit: audit.value })
      });
    }

    return {
      ...initial,

      async load(caseId) {
        generation++;
        const checklist = get().checklist;
        // A different case: nothing of the previous one stays, the identity least of all.
        set({ ...initial, checklist, caseId, loading: true });
        await fetchAll(caseId, generation);
      },

      async refresh() {
        const caseId = get().caseId;
        if (caseId) await fetchAll(caseId, generation);
      },

      async setTimelineKinds(kinds) {
        set({ timelineKinds: kinds });
        const caseId = get().caseId;
        if (!caseId) return;
        const gen = generation;
        const result = await settle(() => api().timeline.list(kinds.length ? { caseId, kinds } : { caseId }));
        if (gen !== generation || get().caseId !== caseId || get().timelineKinds !== kinds) return;
        if (result.ok) set({ timeline: result.value });
        else reportError(result.error);
      },

      async reveal() {
        const caseId = get().caseId;
        if (!caseId) return;
        const gen = generation;
        const result = await settle(() => api().cases.reveal({ id: caseId }));
        if (gen !== generation || get().caseId !== caseId) return;
        if (!result.ok) {
          reportError(result.error);
          return;
        }
        set({ identity: result.value });
        // The reveal was audited: show it.
        const audit = await settle(() => api().audit.list({ caseId }));
        if (gen === generation && audit.ok) set({ audit: audit.value });
      },

      hideIdentity() {
        set({ identity: null });
      },

      async saveIdentity(identity) {
        const current = get().identity;
        const result = await write((caseId) => api().cases.setIdentity({ id: caseId, baseRevision: current?.revision ?? 0, identity }));
        if (result.ok && get().identity) {
          const caseId = get().caseId!;
          const again = await settle(() => api().cases.reveal({ id: caseId }));
          if (again.ok && get().caseId === caseId) set({ identity: again.value });
        }
        return result;
      },

      saveIncident: (id, baseRevision, fields) =>
        write((caseId) => api().incidents.save(id ? { caseId, id, baseRevision, fields } : { caseId, baseRevision, fields })),
      deleteIncident: (id, baseRevision) => write((caseId) => api().incidents.delete({ caseId, id, baseRevision })),
      recordConsent: (consent) => write((caseId) => api().consents.record({ caseId, consent })),
      withdrawConsent: (id, withdrawal) => write((caseId) => api().consents.withdraw({ caseId, id, withdrawal })),
      assess: (input) => write((caseId) => api().risk.assess({ ...input, caseId })),
      saveSafetyPlan: (fields) =>
        write((caseId) => api().plans.saveSafetyPlan({ caseId, baseRevision: get().plans?.safetyPlan.revision ?? 0, fields })),
      saveCasePlan: (fields) =>
        write((caseId) => api().plans.saveCasePlan({ caseId, baseRevision: get().plans?.casePlan.revision ?? 0, fields })),
      saveTask: (id, baseRevision, fields) =>
        write((caseId) => api().tasks.save(id ? { caseId, id, baseRevision, fields } : { caseId, baseRevision, fields })),
      deleteTask: (id, baseRevision) => write((caseId) => api().tasks.delete({ caseId, id, baseRevision })),
      setStatus: (record, status, closure) =>
        write(() => api().cases.setStatus(closure ? { id: record.id, baseRevision: record.revision, status, closure } : { id: record.id, baseRevision: record.revision, status })),

      setDirty(form, dirty) {
        const current = get().dirtyForms;
        if (current.has(form) === dirty) return;
        const next = new Set(current);
        if (dirty) next.add(form);
        else next.delete(form);
        set({ dirtyForms: next });
      },

      reset() {
        generation++;
        set({ ...initial });
      }
    };
  });
}

export const useCaseFile = createCaseFileStore(getApi, () => void useCaseload.getState().load());
