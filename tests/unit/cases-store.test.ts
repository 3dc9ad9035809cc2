import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnxinApi } from '../../shared/ipc/api';
import { CaseRecord } from '../../shared/domain/case';
import { createCasesStore } from '../../renderer/features/cases/store';
import { useNotices } from '../../renderer/app/notices';

const ID = 'a'.repeat(32);
const record = (over: Partial<CaseRecord> = {}): CaseRecord =>
  CaseRecord.parse({
    id: ID,
    revision: 1,
    pseudonym: 'Orchid',
    status: 'open',
    summary: 'first notes',
    caseCode: 'AX-TEST01',
    closedAt: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...over
  });

function fakeApi() {
  const api = {
    cases: {
      list: vi.fn(async () => ({ ok: true as const, value: [{ id: ID, revision: 1, pseudonym: 'Orchid', status: 'open' as const, updatedAt: '2025-01-01T00:00:00.000Z' }] })),
      get: vi.fn(async () => ({ ok: true as const, value: record() })),
      create: vi.fn(async () => ({ ok: true as const, value: record() })),
      update: vi.fn()
    },
    search: { query: vi.fn(async () => ({ ok: true as const, value: [] })) }
  };
  return api;
}

describe('cases store', () => {
  beforeEach(() => useNotices.getState().clear());

  it('does not call the API when the fields are invalid, and shows validation', async () => {
    const api = fakeApi();
    const store = createCasesStore(() => api as unknown as AnxinApi);
    store.getState().requestNew();
    expect(await store.getState().save()).toBe(false);
    expect(api.cases.create).not.toHaveBeenCalled();
    expect(store.getState().showValidation).toBe(true);
  });

  it('updates with the base revision and keeps the conflict for the UI', async () => {
    const api = fakeApi();
    api.cases.update.mockResolvedValue({ ok: false, error: { code: 'record/conflict', message: 'conflict' } });
    const store = createCasesStore(() => api as unknown as AnxinApi);
    store.getState().requestOpen(ID);
    await vi.waitFor(() => expect(store.getState().mode).toBe('edit'));
    store.getState().edit({ summary: 'changed' });
    expect(await store.getState().save()).toBe(false);
    expect(api.cases.update).toHaveBeenCalledWith({ id: ID, baseRevision: 1, fields: expect.objectContaining({ pseudonym: 'Orchid', status: 'open', summary: 'changed' }) });
    expect(store.getState().conflict?.code).toBe('record/conflict');
    expect(store.getState().dirty).toBe(true);
    expect(useNotices.getState().error).toBeNull();
  });

  it('asks before dropping unsaved changes when switching case', async () => {
    const api = fakeApi();
    const store = createCasesStore(() => api as unknown as AnxinApi);
    store.getState().requestNew();
    store.getState().edit({ pseudonym: 'Willow' });
    store.getState().requestOpen(ID);
    expect(store.getState().pending).toEqual({ kind: 'open', id: ID });
    expect(api.cases.get).not.toHaveBeenCalled();
    store.getState().confirmDiscard();
    await vi.waitFor(() => expect(store.getState().record?.id).toBe(ID));
    expect(store.getState().draft.pseudonym).toBe('Orchid');
  });

  it('reports other errors in the banner (nothing fails silently)', async () => {
    const api = fakeApi();
    api.cases.list.mockResolvedValue({ ok: false, error: { code: 'record/tampered', message: 'x' } } as never);
    const store = createCasesStore(() => api as unknown as AnxinApi);
    await store.getState().load();
    expect(useNotices.getState().error?.code).toBe('record/tampered');
  });

  it('reset drops every piece of case data and ignores late answers', async () => {
    const api = fakeApi();
    let answer: (v: unknown) => void = () => {};
    api.cases.get.mockReturnValue(new Promise((r) => (answer = r)) as never);
    const store = createCasesStore(() => api as unknown as AnxinApi);
    await store.getState().load();
    store.getState().requestOpen(ID);
    store.getState().reset();
    answer({ ok: true, value: record({ summary: 'secret' }) });
    await new Promise((r) => setTimeout(r, 0));
    const s = store.getState();
    expect(s.summaries).toEqual([]);
    expect(s.record).toBeNull();
    expect(s.draft.summary).toBe('');
    expect(JSON.stringify({ ...s })).not.toContain('Orchid');
    expect(JSON.stringify({ ...s })).not.toContain('secret');
  });

  it('filters by search hits', async () => {
    const api = fakeApi();
    api.search.query.mockResolvedValue({ ok: true, value: [{ id: ID, kind: 'case', title: 'Orchid', score: 1 }] } as never);
    const store = createCasesStore(() => api as unknown as AnxinApi);
    await store.getState().search('orch');
    expect(api.search.query).toHaveBeenCalledWith({ text: 'orch', limit: 200 });
    expect(store.getState().hits?.has(ID)).toBe(true);
    await store.getState().search('  ');
    expect(store.getState().hits).toBeNull();
  });
});
