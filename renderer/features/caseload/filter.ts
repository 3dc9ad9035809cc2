/** The caseload filters as a pure function (unit-tested; the list and the board both use it). */
import type { CaseStatus } from '../../../shared/domain/case';
import type { CaseloadRow, RiskLevel } from '../../../shared/domain/case-file';

export type CaseloadFilters = {
  status: CaseStatus | '';
  /** 'none' = never assessed. */
  risk: RiskLevel | 'none' | '';
  /** Matches the country code or the city, case-insensitively. */
  place: string;
  language: string;
  worker: string;
  overdueOnly: boolean;
};

export const NO_FILTERS: CaseloadFilters = { status: '', risk: '', place: '', language: '', worker: '', overdueOnly: false };

const fold = (s: string) => s.trim().toLocaleLowerCase();

/**
 * Rows passing every filter. With `hits` (search results, best first) the order is the hits'
 * order; otherwise the input order (most recently updated first).
 */
export function filterCaseload(rows: readonly CaseloadRow[], filters: CaseloadFilters, hits: readonly string[] | null): CaseloadRow[] {
  const place = fold(filters.place);
  const language = fold(filters.language);
  const worker = fold(filters.worker);
  const keep = (r: CaseloadRow) =>
    (!filters.status || r.status === filters.status) &&
    (!filters.risk || (filters.risk === 'none' ? r.riskLevel === null : r.riskLevel === filters.risk)) &&
    (!place || r.country.toLocaleLowerCase() === place || fold(r.city).includes(place)) &&
    (!language || r.languages.some((l) => fold(l) === language)) &&
    (!worker || fold(r.assignedWorker).includes(worker)) &&
    (!filters.overdueOnly || r.overdueTaskCount > 0);
  if (!hits) return rows.filter(keep);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: CaseloadRow[] = [];
  for (const id of hits) {
    const r = byId.get(id);
    if (r && keep(r)) out.push(r);
  }
  return out;
}

export const activeFilterCount = (f: CaseloadFilters) =>
  Number(!!f.status) + Number(!!f.risk) + Number(!!f.place.trim()) + Number(!!f.language) + Number(!!f.worker.trim()) + Number(f.overdueOnly);
