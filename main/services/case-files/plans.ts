/**
 * Safety plan and case plan (one record each per case, kinds 'safety-plan' and 'case-plan',
 * created on first save) and tasks (kind 'task', one record per task).
 */
import { AppError } from '../../../shared/errors';
import {
  CasePlanFields,
  SafetyPlanFields,
  TaskFields,
  type CasePlan,
  type CasePlanFieldsInput,
  type DueTask,
  type Plans,
  type SafetyPlan,
  type SafetyPlanFieldsInput,
  type Task,
  type TaskFieldsInput
} from '../../../shared/domain/case-file';
import type { StoredRecord } from '../sealed-store';
import type { AuditLog } from './audit';
import { localDate, recordInCase, saveInCase, updatedAtOf, type CaseFileDeps, type WithCreated } from './deps';
import { KIND } from './kinds';
import type { TaskState } from './registry';
import { casePlanText, safetyPlanText, taskText } from './search-text';

const OPEN_TASK = new Set(['todo', 'in-progress']);

/** Overdue: an open task whose due date is before today (device-local date). */
export const isOverdue = (t: Pick<TaskFields, 'dueOn' | 'status'>, today: string) => OPEN_TASK.has(t.status) && t.dueOn !== '' && t.dueOn < today;
export const isOpenTask = (t: Pick<TaskFields, 'status'>) => OPEN_TASK.has(t.status);

function parseWith<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, v: unknown, what: string): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new AppError('ipc/invalid-request', `invalid ${what}`);
  return r.data;
}

const stripCreated = <T extends WithCreated>(b: T): Omit<T, 'createdAt'> => {
  const { createdAt: _c, ...rest } = b;
  return rest;
};

export const taskStateOf = ({ header, body }: StoredRecord<TaskFields & WithCreated>): TaskState => ({
  ...TaskFields.parse(stripCreated(body)),
  id: header.id,
  revision: header.revision,
  createdAt: body.createdAt,
  updatedAt: updatedAtOf(header)
});

export function createPlanService(deps: CaseFileDeps, audit: AuditLog) {
  const { store, registry, now } = deps;
  const today = () => localDate(now());

  function single<T>(collection: string, kind: string): StoredRecord<T & WithCreated> | null {
    const all = store.listInCollection<T & WithCreated>(collection, kind);
    // Two devices may each create one before they sync: the newest wins, the other stays in history.
    return all.sort((a, b) => (a.header.hlc < b.header.hlc ? 1 : -1))[0] ?? null;
  }

  function casePlanOf(caseId: string, rec: StoredRecord<CasePlanFields & WithCreated> | null): CasePlan {
    const fields = rec ? CasePlanFields.parse(stripCreated(rec.body)) : CasePlanFields.parse({});
    return { ...fields, caseId, revision: rec?.header.revision ?? 0, updatedAt: rec ? updatedAtOf(rec.header) : null };
  }
  function safetyPlanOf(caseId: string, rec: StoredRecord<SafetyPlanFields & WithCreated> | null): SafetyPlan {
    const fields = rec ? SafetyPlanFields.parse(stripCreated(rec.body)) : SafetyPlanFields.parse({});
    return { ...fields, caseId, revision: rec?.header.revision ?? 0, updatedAt: rec ? updatedAtOf(rec.header) : null };
  }

  const toTask = (caseId: string, t: TaskState): Task => ({ ...t, caseId, overdue: isOverdue(t, today()) });

  function savePlan<T extends object>(caseId: string, kind: string, baseRevision: number, fields: T) {
    const c = registry.get(caseId);
    const existing = single<T>(c.collection, kind);
    if (baseRevision === 0 && existing) throw new AppError('record/conflict', 'the plan was created elsewhere', { id: existing.header.id, headRevision: existing.header.revision });
    return store.transaction(() => {
      const rec = saveInCase(deps, caseId, kind, existing?.header.id, baseRevision, fields);
      audit.append(caseId, 'edited', kind);
      return rec;
    });
  }

  return {
    get(caseId: string): Plans {
      const c = registry.get(caseId);
      return {
        casePlan: casePlanOf(caseId, single<CasePlanFields>(c.collection, KIND.casePlan)),
        safetyPlan: safetyPlanOf(caseId, single<SafetyPlanFields>(c.collection, KIND.safetyPlan))
      };
    },

    saveCasePlan(caseId: string, baseRevision: number, input: CasePlanFieldsInput): CasePlan {
      const fields = parseWith(CasePlanFields, input, 'case plan');
      const rec = savePlan(caseId, KIND.casePlan, baseRevision, fields);
      registry.setPart(caseId, rec.header.id, casePlanText(fields));
      return casePlanOf(caseId, rec);
    },

    saveSafetyPlan(caseId: string, baseRevision: number, input: SafetyPlanFieldsInput): SafetyPlan {
      const fields = parseWith(SafetyPlanFields, input, 'safety plan');
      const rec = savePlan(caseId, KIND.safetyPlan, baseRevision, fields);
      registry.setSafetyPlan(caseId, rec.header.hlc);
      registry.setPart(caseId, rec.header.id, safetyPlanText(fields));
      return safetyPlanOf(caseId, rec);
    },

    /** Open tasks first (by due date, undated last), then done/cancelled. */
    listTasks(caseId: string): Task[] {
      const c = registry.get(caseId);
      return store
        .listInCollection<TaskFields & WithCreated>(c.collection, KIND.task)
        .map((r) => toTask(caseId, taskStateOf(r)))
        .sort(taskOrder);
    },

    saveTask(caseId: string, id: string | undefined, baseRevision: number, input: TaskFieldsInput): Task {
      const fields = parseWith(TaskFields, input, 'task');
      const rec = store.transaction(() => {
        const r = saveInCase(deps, caseId, KIND.task, id, baseRevision, fields);
        audit.append(caseId, 'edited', 'task', r.header.id);
        return r;
      });
      const state = taskStateOf(rec);
      registry.setTask(caseId, state);
      registry.setPart(caseId, state.id, taskText(fields));
      return toTask(caseId, state);
    },

    removeTask(caseId: string, id: string, baseRevision: number): void {
      recordInCase(deps, caseId, id, KIND.task);
      store.transaction(() => {
        store.remove(id, baseRevision);
        audit.append(caseId, 'edited', 'task', `${id} deleted`);
      });
      registry.setTask(caseId, null, id);
      registry.setPart(caseId, id, null);
    },

    /** Open tasks across the caseload, overdue or due within `days` days (inclusive), soonest first. */
    due(days = 7): DueTask[] {
      const t0 = today();
      const limit = localDate(now() + days * 86_400_000);
      const out: DueTask[] = [];
      for (const c of registry.all()) {
        for (const t of c.tasks.values()) {
          if (!isOpenTask(t) || t.dueOn === '' || t.dueOn > limit) continue;
          out.push({ ...t, caseId: c.id, overdue: t.dueOn < t0, pseudonym: c.core.body.pseudonym, caseCode: c.core.body.caseCode });
        }
      }
      return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.pseudonym.localeCompare(b.pseudonym));
    }
  };
}

function taskOrder(a: Task, b: Task): number {
  const ao = isOpenTask(a) ? 0 : 1;
  const bo = isOpenTask(b) ? 0 : 1;
  if (ao !== bo) return ao - bo;
  const ad = a.dueOn === '' ? '9999' : a.dueOn;
  const bd = b.dueOn === '' ? '9999' : b.dueOn;
  return ad.localeCompare(bd) || a.createdAt.localeCompare(b.createdAt);
}
