/**
 * The in-memory picture of the caseload, built from decrypted records after unlock and dropped
 * at lock (like the search index): per case, its core record, its open tasks, its latest risk
 * level and the text that makes it findable. caseload:list and tasks:due read only this, so
 * they stay fast at 10 000 cases; every service that writes a record updates it.
 *
 * The search index holds one document per case (id = case id) made of every non-sensitive
 * field: the identity record and the contact code word are never put in it.
 */
import { AppError } from '../../../shared/errors';
import type { CaseFields, CaseStatus } from '../../../shared/domain/case';
import type { RiskLevel, TaskFields } from '../../../shared/domain/case-file';
import type { SearchIndex } from '../search-index';
import type { StoredRecord } from '../sealed-store';

export type CaseBody = CaseFields & { caseCode: string; createdAt: string; closedAt: string | null };

export type TaskState = TaskFields & { id: string; revision: number; createdAt: string; updatedAt: string };

export type CaseState = {
  id: string;
  collection: string;
  core: StoredRecord<CaseBody>;
  tasks: Map<string, TaskState>;
  /** Latest assessment by assessedOn then HLC. */
  risk: { level: RiskLevel; assessedOn: string; hlc: string } | null;
  /** HLC of the last safety plan save, or null. */
  safetyPlanHlc: string | null;
  /** Searchable text of the case's other records, by record id. */
  parts: Map<string, string>;
};

export const CASE_SEARCH_KIND = 'case';

function coreText(b: CaseBody): string {
  const cs = b.contactSafety;
  return [
    b.caseCode,
    b.summary,
    b.status,
    b.languages.join(' '),
    b.country,
    b.city,
    b.assignedWorker,
    cs.safeTimes,
    cs.mustNotKnow,
    cs.notes,
    ...b.dependants.map((d) => `${d.label} ${d.notes}`),
    b.closure ? `${b.closure.reason} ${b.closure.note}` : ''
  ]
    .filter((s) => s !== '')
    .join('\n');
}

export function createCaseRegistry(index: SearchIndex) {
  const cases = new Map<string, CaseState>();
  const byCollection = new Map<string, string>();

  function reindex(c: CaseState): void {
    const text = [coreText(c.core.body), ...c.parts.values()].join('\n');
    index.upsert({ id: c.id, kind: CASE_SEARCH_KIND, title: c.core.body.pseudonym, text });
  }

  function get(caseId: string): CaseState {
    const c = cases.get(caseId);
    if (!c) throw new AppError('record/not-found', 'no such case', { id: caseId });
    return c;
  }

  return {
    get,
    has: (caseId: string) => cases.has(caseId),
    caseOfCollection: (collection: string) => byCollection.get(collection),
    all: () => cases.values(),
    size: () => cases.size,

    setCore(core: StoredRecord<CaseBody>, reindexNow = true): CaseState {
      let c = cases.get(core.header.id);
      if (!c) {
        c = { id: core.header.id, collection: core.header.collection, core, tasks: new Map(), risk: null, safetyPlanHlc: null, parts: new Map() };
        cases.set(c.id, c);
        byCollection.set(c.collection, c.id);
      } else {
        c.core = core;
      }
      if (reindexNow) reindex(c);
      return c;
    },

    /** Text of one record (null removes it); reindexes the case unless told not to (bulk load). */
    setPart(caseId: string, recordId: string, text: string | null, reindexNow = true): void {
      const c = cases.get(caseId);
      if (!c) return;
      if (text === null) c.parts.delete(recordId);
      else c.parts.set(recordId, text);
      if (reindexNow) reindex(c);
    },

    setTask(caseId: string, task: TaskState | null, taskId?: string): void {
      const c = cases.get(caseId);
      if (!c) return;
      if (task === null) c.tasks.delete(taskId!);
      else c.tasks.set(task.id, task);
    },

    setRisk(caseId: string, risk: { level: RiskLevel; assessedOn: string; hlc: string }): void {
      const c = cases.get(caseId);
      if (!c) return;
      const cur = c.risk;
      if (!cur || risk.assessedOn > cur.assessedOn || (risk.assessedOn === cur.assessedOn && risk.hlc > cur.hlc)) c.risk = risk;
    },

    setSafetyPlan(caseId: string, hlc: string): void {
      const c = cases.get(caseId);
      if (c && (c.safetyPlanHlc === null || hlc > c.safetyPlanHlc)) c.safetyPlanHlc = hlc;
    },

    reindex(caseId: string): void {
      const c = cases.get(caseId);
      if (c) reindex(c);
    },

    reindexAll(): void {
      for (const c of cases.values()) reindex(c);
    },

    remove(caseId: string): void {
      const c = cases.get(caseId);
      if (!c) return;
      cases.delete(caseId);
      byCollection.delete(c.collection);
      index.remove(caseId);
    },

    clear(): void {
      cases.clear();
      byCollection.clear();
    }
  };
}

export type CaseRegistry = ReturnType<typeof createCaseRegistry>;
export type { CaseStatus };
