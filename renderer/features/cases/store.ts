/**
 * Cases as the UI holds them while a profile is unlocked: the list, the one being edited, and
 * the search filter. `reset()` drops all of it; the session wiring calls it on every lock.
 */
import { create } from 'zustand';
import { CaseFields, ContactSafety, type CaseRecord, type CaseSummary } from '../../../shared/domain/case';
import type { AnxinApi } from '../../../shared/ipc/api';
import type { AppErrorInfo } from '../../../shared/result';
import { getApi } from '../../bridge';
import { useCaseload } from '../caseload/store';
import { useCaseFile } from '../case-file/store';
import { createLatestSearch } from '../../app/latest-search';
import { reportError, settle, useNotices } from '../../app/notices';

export type Draft = CaseFields;

export const EMPTY_DRAFT: Draft = {
  pseudonym: '',
  status: 'open',
  summary: '',
  languages: [],
  interpreterNeeded: 'unknown',
  country: '',
  city: '',
  contactSafety: ContactSafety.parse({}),
  dependants: [],
  assignedWorker: '',
  closure: null
};

type PendingNavigation = { kind: 'open'; id: string } | { kind: 'new' };

export type CasesState = {
  summaries: CaseSummary[];
  loaded: boolean;
  loading: boolean;

  query: string;
  /** Ids matching `query`, or null when not searching. */
  hits: ReadonlySet<string> | null;

  mode: 'none' | 'new' | 'edit';
  /** The record as last loaded or saved (edit mode). */
  record: CaseRecord | null;
  draft: Draft;
  dirty: boolean;
  /** True once a save was attempted, so validation messages show. */
  showValidation: boolean;
  opening: boolean;
  saving: boolean;
  justSaved: boolean;
  /** `record/conflict` or `record/stale-revision` from the last save. */
  conflict: AppErrorInfo | null;
  /** A switch waiting for "discard changes?" to be answered. */
  pending: PendingNavigation | null;

  load: () => Promise<void>;
  search: (query: string) => Promise<void>;
  requestOpen: (id: string) => void;
  requestNew: () => void;
  confirmDiscard: () => void;
  cancelDiscard: () => void;
  edit: (patch: Partial<Draft>) => void;
  save: () => Promise<boolean>;
  reloadCurrent: () => Promise<void>;
  /** Edit mode: the profile form is showing instead of the case file page. */
  editingProfile: boolean;
  startEditing: () => void;
  /** Leaves the profile form; unsaved changes are dropped (after "discard?" when dirty). */
  stopEditing: () => void;
  /** Applies a record saved by another verb (status change…) to the list and the open case. */
  applySaved: (record: CaseRecord) => void;
  /** The case was deleted (crypto-shredded): drop it from the list and close it. */
  forget: (id: string) => void;
  reset: () => void;
};

const initial = {
  summaries: [] as CaseSummary[],
  loaded: false,
  loading: false,
  query: '',
  hits: null,
  mode: 'none' as const,
  record: null,
  draft: EMPTY_DRAFT,
  dirty: false,
  showValidation: false,
  opening: false,
  saving: false,
  justSaved: false,
  conflict: null,
  pending: null,
  editingProfile: false
};

export const fieldsOf = (r: CaseRecord): Draft => ({
  pseudonym: r.pseudonym,
  status: r.status,
  summary: r.summary,
  languages: r.languages,
  interpreterNeeded: r.interpreterNeeded,
  country: r.country,
  city: r.city,
  contactSafety: r.contactSafety,
  dependants: r.dependants,
  assignedWorker: r.assignedWorker,
  closure: r.closure
});
const summaryOf = (r: CaseRecord): CaseSummary => ({
  id: r.id,
  revision: r.revision,
  pseudonym: r.pseudonym,
  status: r.status,
  updatedAt: r.updatedAt
});

export const byMostRecent = (a: CaseSummary, b: CaseSummary) => b.updatedAt.localeCompare(a.updatedAt);

let externalDirty: () => boolean = () => false;
/** Other forms on the case page (incidents, plans…) report unsaved changes through this. */
export function setExternalDirtyCheck(check: () => boolean): void {
  externalDirty = check;
}

/** `onSaved` runs after every successful save (the caseload refreshes its rows). */
export function createCasesStore(api: () => AnxinApi, onSaved: (record: CaseRecord) => void = () => {}) {
  // Responses that arrive after a lock or a newer request are ignored (see `generation`).
  let generation = 0;

  return create<CasesState>()((set, get) => {
    const searches = createLatestSearch(
      (text) => api().search.query({ text, limit: 200 }),
      (hits) => set({ hits: hits && new Set(hits.map((hit) => hit.id)) })
    );
    async function open(id: string): Promise<void> {
      const gen = generation;
      set({ opening: true, pending: null, conflict: null, justSaved: false });
      const result = await settle(() => api().cases.get({ id }));
      if (gen !== generation) return;
      if (!result.ok) {
        set({ opening: false });
        reportError(result.error);
        return;
      }
      set({
        opening: false,
        mode: 'edit',
        record: result.value,
        draft: fieldsOf(result.value),
        dirty: false,
        showValidation: false,
        editingProfile: false
      });
    }

    function startNew(): void {
      set({
        mode: 'new',
        editingProfile: true,
        record: null,
        draft: EMPTY_DRAFT,
        dirty: false,
        showValidation: false,
        conflict: null,
        pending: null,
        justSaved: false
      });
    }

    return {
      ...initial,

      async load() {
        const gen = generation;
        set({ loading: true });
        const result = await settle(() => api().cases.list({}));
        if (gen !== generation) return;
        if (!result.ok) {
          set({ loading: false });
          reportError(result.error);
          return;
        }
        set({ summaries: [...result.value].sort(byMostRecent), loaded: true, loading: false });
      },

      search(query) {
        set({ query });
        return searches.run(query);
      },

      requestOpen(id) {
        const { dirty, mode, record } = get();
        if (mode === 'edit' && record?.id === id) return;
        if (dirty || externalDirty()) set({ pending: { kind: 'open', id } });
        else void open(id);
      },

      requestNew() {
        if (get().dirty || externalDirty()) set({ pending: { kind: 'new' } });
        else startNew();
      },

      confirmDiscard() {
        const pending = get().pending;
        set({ pending: null, dirty: false });
        if (pending?.kind === 'open') void open(pending.id);
        else if (pending?.kind === 'new') startNew();
      },

      cancelDiscard() {
        set({ pending: null });
      },

      edit(patch) {
        set((s) => ({ draft: { ...s.draft, ...patch }, dirty: true, justSaved: false }));
      },

      async save() {
        const { mode, record, draft, saving } = get();
        if (saving || mode === 'none') return false;
        const parsed = CaseFields.safeParse(draft);
        if (!parsed.success) {
          set({ showValidation: true });
          return false;
        }
        const gen = generation;
        set({ saving: true, conflict: null, justSaved: false });
        useNotices.getState().dismissError();
        const result =
          mode === 'edit' && record
            ? await settle(() => api().cases.update({ id: record.id, baseRevision: record.revision, fields: parsed.data }))
            : await settle(() => api().cases.create({ fields: parsed.data }));
        if (gen !== generation) return false;
        if (!result.ok) {
          set({ saving: false });
          if (result.error.code === 'record/conflict' || result.error.code === 'record/stale-revision') {
            set({ conflict: result.error });
          } else {
            reportError(result.error);
          }
          return false;
        }
        const saved = result.value;
        set((s) => ({
          saving: false,
          justSaved: true,
          mode: 'edit',
          editingProfile: s.draft === draft ? false : s.editingProfile,
          record: saved,
          // Keep what was typed while the save was in flight.
          draft: s.draft === draft ? fieldsOf(saved) : s.draft,
          dirty: s.draft !== draft,
          showValidation: false,
          summaries: [summaryOf(saved), ...s.summaries.filter((c) => c.id !== saved.id)].sort(byMostRecent)
        }));
        // The search index changed: refresh the filter so the saved case shows (or not) correctly.
        if (get().query.trim()) void get().search(get().query);
        onSaved(saved);
        return true;
      },

      async reloadCurrent() {
        const record = get().record;
        if (!record) return;
        set({ dirty: false });
        await open(record.id);
        await get().load();
      },

      startEditing() {
        const record = get().record;
        if (get().mode !== 'edit' || !record) return;
        set({ editingProfile: true, draft: fieldsOf(record), dirty: false, showValidation: false, justSaved: false });
      },

      stopEditing() {
        const record = get().record;
        set({ editingProfile: false, dirty: false, showValidation: false, draft: record ? fieldsOf(record) : EMPTY_DRAFT });
      },

      applySaved(saved) {
        set((s) => ({
          record: s.record?.id === saved.id ? saved : s.record,
          draft: s.record?.id === saved.id && !s.dirty ? fieldsOf(saved) : s.draft,
          summaries: [summaryOf(saved), ...s.summaries.filter((c) => c.id !== saved.id)].sort(byMostRecent)
        }));
        onSaved(saved);
      },

      forget(id) {
        set((s) => ({
          summaries: s.summaries.filter((c) => c.id !== id),
          ...(s.record?.id === id ? { mode: 'none' as const, record: null, draft: EMPTY_DRAFT, dirty: false, editingProfile: false } : {})
        }));
      },

      reset() {
        generation++;
        searches.cancel();
        set({ ...initial });
      }
    };
  });
}

export const useCases = createCasesStore(getApi, () => {
  void useCaseload.getState().load();
  // The case file's timeline and audit log show the edit too.
  void useCaseFile.getState().refresh();
});
