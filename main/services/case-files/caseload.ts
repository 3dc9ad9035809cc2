/**
 * caseload:list — one row per case from the in-memory registry (no decryption, no SQL), so
 * the list, the board and every filter work on 10 000 cases without further calls.
 */
import type { CaseloadRow } from '../../../shared/domain/case-file';
import { hlcToIso } from '../../../shared/records/hlc';
import { localDate } from './deps';
import { isOpenTask } from './plans';
import type { CaseRegistry } from './registry';
import { safetyPlanNeededFromState } from './risk';
import type { CaseFileSettingsService } from './settings';
import type { SearchIndex } from '../search-index';
import { CASE_SEARCH_KIND } from './registry';

/** closedAt + months ≤ now. Month arithmetic on the calendar (a case closed 31 Jan expires end of month+N). */
export function retentionExpired(closedAt: string | null, retentionMonths: number | null, nowMs: number): boolean {
  if (closedAt === null || retentionMonths === null) return false;
  const d = new Date(closedAt);
  if (Number.isNaN(d.getTime())) return false;
  const expiry = new Date(d.getTime());
  expiry.setUTCMonth(expiry.getUTCMonth() + retentionMonths);
  return expiry.getTime() <= nowMs;
}

export function createCaseload(deps: { registry: CaseRegistry; settings: CaseFileSettingsService; index: SearchIndex; now: () => number }) {
  const { registry, settings, index, now } = deps;
  return {
    /** Newest update first. */
    list(): CaseloadRow[] {
      const t = now();
      const today = localDate(t);
      const { retentionMonths } = settings.get();
      const rows: CaseloadRow[] = [];
      for (const c of registry.all()) {
        const b = c.core.body;
        let openTaskCount = 0;
        let overdueTaskCount = 0;
        let nextDueDate: string | null = null;
        for (const task of c.tasks.values()) {
          if (!isOpenTask(task)) continue;
          openTaskCount++;
          if (task.dueOn === '') continue;
          if (task.dueOn < today) overdueTaskCount++;
          if (nextDueDate === null || task.dueOn < nextDueDate) nextDueDate = task.dueOn;
        }
        rows.push({
          id: c.id,
          revision: c.core.header.revision,
          pseudonym: b.pseudonym,
          caseCode: b.caseCode,
          status: b.status,
          riskLevel: c.risk?.level ?? null,
          safetyPlanNeeded: safetyPlanNeededFromState(c.risk, c.safetyPlanHlc),
          country: b.country,
          city: b.city,
          languages: b.languages,
          interpreterNeeded: b.interpreterNeeded,
          assignedWorker: b.assignedWorker,
          openTaskCount,
          overdueTaskCount,
          nextDueDate,
          retentionExpired: b.status === 'closed' && retentionExpired(b.closedAt, retentionMonths, t),
          closedAt: b.closedAt,
          updatedAt: hlcToIso(c.core.header.hlc)
        });
      }
      return rows.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    },

    /** Case ids matching every word of `text` in any non-sensitive field, best first. */
    search(text: string, limit = 500): Array<{ caseId: string; score: number }> {
      return index
        .search(text, limit)
        .filter((h) => h.kind === CASE_SEARCH_KIND && registry.has(h.id))
        .map((h) => ({ caseId: h.id, score: h.score }));
    }
  };
}
