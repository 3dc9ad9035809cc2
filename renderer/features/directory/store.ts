/**
 * The directory as the UI holds it while the Directory view is open (dropped when it closes,
 * e.g. at lock). Filtering runs in main (directory:search) so the UI and the tests share one
 * implementation; the store re-asks after every change of filter or data.
 */
import { create } from 'zustand';
import type { DirectoryEntry, DirectoryFieldsInput, DirectoryFilter, ImportFormat, ImportReport } from '../../../shared/domain/directory/schemas';
import type { AppErrorInfo } from '../../../shared/result';
import { getApi } from '../../bridge';
import { reportError, settle, useNotices } from '../../app/notices';

export const EMPTY_FILTER: DirectoryFilter = { query: '', country: '', city: '', type: '', language: '' };

type Editing = { mode: 'add' } | { mode: 'edit'; entry: DirectoryEntry } | null;

export type DirectoryState = {
  filter: DirectoryFilter;
  entries: DirectoryEntry[];
  total: number;
  countries: string[];
  cities: Array<{ country: string; city: string }>;
  loaded: boolean;
  editing: Editing;
  formError: AppErrorInfo | null;
  report: ImportReport | null;
  refresh: () => Promise<void>;
  setFilter: (patch: Partial<DirectoryFilter>) => Promise<void>;
  startAdd: () => void;
  startEdit: (entry: DirectoryEntry) => void;
  cancelEdit: () => void;
  save: (fields: DirectoryFieldsInput) => Promise<boolean>;
  remove: (entry: DirectoryEntry) => Promise<void>;
  loadDemo: () => Promise<void>;
  removeDemo: () => Promise<void>;
  importFile: (format: ImportFormat, content: string) => Promise<void>;
  exportFile: (format: ImportFormat) => Promise<{ filename: string; mimeType: string; content: string } | null>;
  closeReport: () => void;
  reset: () => void;
};

/** Each refresh's ticket: an answer that arrives after a newer refresh started is dropped (typing, two filters changed one after the other). */
let refreshTicket = 0;

export const useDirectory = create<DirectoryState>()((set, get) => ({
  filter: EMPTY_FILTER,
  entries: [],
  total: 0,
  countries: [],
  cities: [],
  loaded: false,
  editing: null,
  formError: null,
  report: null,

  async refresh() {
    const mine = ++refreshTicket;
    const result = await settle(() => getApi().directory.search(get().filter));
    if (mine !== refreshTicket) return;
    if (!result.ok) return reportError(result.error);
    set({ ...result.value, loaded: true });
  },

  async setFilter(patch) {
    const filter = { ...get().filter, ...patch };
    // A city belongs to one country: changing the country clears a city of another one.
    if (patch.country !== undefined && filter.city !== '' && !get().cities.some((c) => c.city === filter.city && (filter.country === '' || c.country === filter.country))) {
      filter.city = '';
    }
    set({ filter });
    await get().refresh();
  },

  startAdd: () => set({ editing: { mode: 'add' }, formError: null }),
  startEdit: (entry) => set({ editing: { mode: 'edit', entry }, formError: null }),
  cancelEdit: () => set({ editing: null, formError: null }),

  async save(fields) {
    const editing = get().editing;
    if (!editing) return false;
    const result = await settle(() =>
      editing.mode === 'add'
        ? getApi().directory.add({ fields })
        : getApi().directory.update({ id: editing.entry.id, baseRevision: editing.entry.revision, fields })
    );
    if (!result.ok) {
      set({ formError: result.error });
      return false;
    }
    set({ editing: null, formError: null });
    await get().refresh();
    return true;
  },

  async remove(entry) {
    const result = await settle(() => getApi().directory.remove({ id: entry.id, baseRevision: entry.revision }));
    if (!result.ok) return reportError(result.error);
    if (get().editing?.mode === 'edit') set({ editing: null });
    await get().refresh();
  },

  async loadDemo() {
    const result = await settle(() => getApi().directory.loadDemo({}));
    if (!result.ok) return reportError(result.error);
    useNotices.getState().showInfo('directory.demoLoaded');
    await get().refresh();
  },

  async removeDemo() {
    const result = await settle(() => getApi().directory.removeDemo({}));
    if (!result.ok) return reportError(result.error);
    useNotices.getState().showInfo('directory.demoRemoved');
    await get().refresh();
  },

  async importFile(format, content) {
    const result = await settle(() => getApi().directory.import({ format, content }));
    if (!result.ok) return reportError(result.error);
    set({ report: result.value });
    await get().refresh();
  },

  async exportFile(format) {
    const result = await settle(() => getApi().directory.export({ format }));
    if (!result.ok) {
      reportError(result.error);
      return null;
    }
    return result.value;
  },

  closeReport: () => set({ report: null }),
  reset: () =>
    set({ filter: EMPTY_FILTER, entries: [], total: 0, countries: [], cities: [], loaded: false, editing: null, formError: null, report: null })
}));
