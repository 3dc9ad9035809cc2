import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnxinApi } from '../../shared/ipc/api';
import type { CaseloadRow } from '../../shared/domain/case-file';
import { createCaseloadStore } from '../../renderer/features/caseload/store';
import { filterCaseload, NO_FILTERS, activeFilterCount } from '../../renderer/features/caseload/filter';
import { useNotices } from '../../renderer/app/notices';

const id = (n: number) => n.toString(16).padStart(32, '0');
const row = (n: number, over: Partial<CaseloadRow> = {}): CaseloadRow => ({
  id: id(n),
  revision: 1,
  pseudonym: `Case ${n}`,
  caseCode: `AX-00000${n}`,
  status: 'open',
  riskLevel: null,
  safetyPlanNeeded: false,
  country: 'FR',
  city: 'Paris',
  languages: ['mandarin'],
  interpreterNeeded: 'unknown',
  assignedWorker: 'Marie Dupont',
  openTaskCount: 0,
  overdueTaskCount: 0,
  nextDueDate: null,
  retentionExpired: false,
  closedAt: null,
  updatedAt: `2026-01-0${n}T00:00:00.000Z`,
  ...over
});

const ROWS = [
  row(1, { status: 'active', riskLevel: 'high', overdueTaskCount: 2, languages: ['wenzhou', 'italian'], country: 'IT', city: 'Prato', assignedWorker: 'Li Na' }),
  row(2, { riskLevel: 'medium' }),
  row(3, { status: 'closed', riskLevel: 'standard', country: 'NL', city: 'Rotterdam' }),
  row(4)
];

describe('caseload filters', () => {
  it('keeps every row without filters, in the given order', () => {
    expect(filterCaseload(ROWS, NO_FILTERS, null).map((r) => r.id)).toEqual(ROWS.map((r) => r.id));
    expect(activeFilterCount(NO_FILTERS)).toBe(0);
  });

  it('combines status, risk, place, language, worker and overdue', () => {
    const only = (f: Partial<typeof NO_FILTERS>) => filterCaseload(ROWS, { ...NO_FILTERS, ...f }, null).map((r) => r.pseudonym);
    expect(only({ status: 'closed' })).toEqual(['Case 3']);
    expect(only({ risk: 'high' })).toEqual(['Case 1']);
    expect(only({ risk: 'none' })).toEqual(['Case 4']);
    expect(only({ place: 'it' })).toEqual(['Case 1']);
    expect(only({ place: 'rotter' })).toEqual(['Case 3']);
    expect(only({ language: 'wenzhou' })).toEqual(['Case 1']);
    expect(only({ worker: 'li' })).toEqual(['Case 1']);
    expect(only({ overdueOnly: true })).toEqual(['Case 1']);
    expect(only({ status: 'open', place: 'paris' })).toEqual(['Case 2', 'Case 4']);
    expect(activeFilterCount({ ...NO_FILTERS, status: 'open', overdueOnly: true })).toBe(2);
  });

  it('follows the order of the search hits and drops ids it does not know', () => {
    const hits = [id(4), id(99), id(2)];
    expect(filterCaseload(ROWS, NO_FILTERS, hits).map((r) => r.pseudonym)).toEqual(['Case 4', 'Case 2']);
    expect(filterCaseload(ROWS, { ...NO_FILTERS, risk: 'medium' }, hits).map((r) => r.pseudonym)).toEqual(['Case 2']);
  });
});

function fakeApi() {
  return {
    caseload: {
      list: vi.fn(async () => ({ ok: true as const, value: ROWS })),
      search: vi.fn(async () => ({ ok: true as const, value: [{ caseId: id(3), score: 2 }] }))
    },
    tasks: { due: vi.fn(async () => ({ ok: true as const, value: [] })) }
  };
}

describe('caseload store', () => {
  beforeEach(() => useNotices.getState().clear());

  it('loads the rows most recent first and searches through caseload:search', async () => {
    const api = fakeApi();
    const store = createCaseloadStore(() => api as unknown as AnxinApi);
    await store.getState().load();
    expect(store.getState().rows.map((r) => r.pseudonym)).toEqual(['Case 4', 'Case 3', 'Case 2', 'Case 1']);
    await store.getState().search('  rotterdam ');
    expect(api.caseload.search).toHaveBeenCalledWith({ text: 'rotterdam', limit: 10_000 });
    expect(store.getState().hits).toEqual([id(3)]);
    await store.getState().search('');
    expect(store.getState().hits).toBeNull();
  });

  it('loads the due view when it is chosen', async () => {
    const api = fakeApi();
    const store = createCaseloadStore(() => api as unknown as AnxinApi);
    store.getState().setView('due');
    await vi.waitFor(() => expect(store.getState().due).toEqual([]));
    expect(api.tasks.due).toHaveBeenCalledWith({ days: 7 });
  });

  it('reset drops every row and ignores answers that arrive after it', async () => {
    const api = fakeApi();
    let release: (v: unknown) => void = () => {};
    api.caseload.list.mockImplementationOnce(() => new Promise((r) => (release = r)) as never);
    const store = createCaseloadStore(() => api as unknown as AnxinApi);
    const pending = store.getState().load();
    store.getState().reset();
    release({ ok: true, value: ROWS });
    await pending;
    expect(store.getState().rows).toEqual([]);
    expect(store.getState().loaded).toBe(false);
  });

  it('shows errors in the banner', async () => {
    const api = fakeApi();
    api.caseload.list.mockResolvedValueOnce({ ok: false, error: { code: 'internal', message: 'boom' } } as never);
    const store = createCaseloadStore(() => api as unknown as AnxinApi);
    await store.getState().load();
    expect(useNotices.getState().error?.code).toBe('internal');
  });
});
