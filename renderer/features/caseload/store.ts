/**
 * The caseload as the UI holds it while unlocked: one row per case (caseload:list), the search
 * hits (caseload:search over the in-memory index), the filters, the chosen view, and the
 * "due and overdue" tasks (tasks:due). `reset()` drops all of it on lock.
 */
import { create } from 'zustand';
import type { CaseloadRow, DueTask } from '../../../shared/domain/case-file';
import type { AnxinApi } from '../../../shared/ipc/api';
import { getApi } from '../../bridge';
import { createLatestSearch } from '../../app/latest-search';
import { reportError, settle } from '../../app/notices';
import { NO_FILTERS, type CaseloadFilters } from './filter';

export type CaseloadView = 'list' | 'board' | 'due';

export type CaseloadState = {
  rows: CaseloadRow[];
  loaded: boolean;
  loading: boolean;
  query: string;
  /** Case ids matching `query`, best first; null when not searching. */
  hits: string[] | null;
  filters: CaseloadFilters;
  view: CaseloadView;
  due: DueTask[] | null;
  load: () => Promise<void>;
  search: (query: string) => Promise<void>;
  setFilters: (patch: Partial<CaseloadFilters>) => void;
  clearFilters: () => void;
  setView: (view: CaseloadView) => void;
  loadDue: () => Promise<void>;
  reset: () => void;
};

const byMostRecent = (a: CaseloadRow, b: CaseloadRow) => b.updatedAt.localeCompare(a.updatedAt);

const initial = {
  rows: [] as CaseloadRow[],
  loaded: false,
  loading: false,
  query: '',
  hits: null,
  filters: NO_FILTERS,
  view: 'list' as CaseloadView,
  due: null
};

export function createCaseloadStore(api: () => AnxinApi) {
  let generation = 0;
  let loadSeq = 0;
  return create<CaseloadState>()((set, get) => {
    const searches = createLatestSearch(
      (text) => api().caseload.search({ text, limit: 10_000 }),
      (hits) => set({ hits: hits && hits.map((h) => h.caseId) })
    );
    return {
      ...initial,

      async load() {
        const gen = generation;
        const seq = ++loadSeq;
        set({ loading: true });
        const result = await settle(() => api().caseload.list({}));
        if (gen !== generation || seq !== loadSeq) return;
        if (!result.ok) {
          set({ loading: false });
          reportError(result.error);
          return;
        }
        set({ rows: [...result.value].sort(byMostRecent), loaded: true, loading: false });
        // The index changed with whatever changed the list: refresh the hits too.
        if (get().query.trim()) void get().search(get().query);
        if (get().view === 'due') void get().loadDue();
      },

      search(query) {
        set({ query });
        return searches.run(query);
      },

      setFilters(patch) {
        set((s) => ({ filters: { ...s.filters, ...patch } }));
      },
      clearFilters() {
        set({ filters: NO_FILTERS });
      },
      setView(view) {
        set({ view });
        if (view === 'due') void get().loadDue();
      },

      async loadDue() {
        const gen = generation;
        const result = await settle(() => api().tasks.due({ days: 7 }));
        if (gen !== generation) return;
        if (!result.ok) {
          reportError(result.error);
          return;
        }
        set({ due: result.value });
      },

      reset() {
        generation++;
        searches.cancel();
        set({ ...initial });
      }
    };
  });
}

export const useCaseload = createCaseloadStore(getApi);
