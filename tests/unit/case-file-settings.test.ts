import { describe, expect, it, vi } from 'vitest';
import type { AnxinApi } from '../../shared/ipc/api';
import { DEFAULT_RISK_CHECKLIST, RiskChecklist } from '../../shared/domain/case-file';
import { createCaseFileStore } from '../../renderer/features/case-file/store';
import { nextChecklistIdentity } from '../../renderer/features/case-file/checklist-identity';

const A = 'a'.repeat(32);
const T = 't'.repeat(32);
const ok = <T>(value: T) => ({ ok: true as const, value });

function fakeApi() {
  const plans = { casePlan: { caseId: A, revision: 0, updatedAt: null, needs: [], goals: [], note: '' }, safetyPlan: { caseId: A, revision: 0, updatedAt: null } };
  return {
    incidents: { list: vi.fn(async () => ok([])), delete: vi.fn(async () => ok(null)) },
    consents: { list: vi.fn(async () => ok([])) },
    risk: {
      overview: vi.fn(async ({ caseId }: { caseId: string }) => ok({ caseId, assessments: [], trend: [], currentLevel: null, direction: null, safetyPlanNeeded: false })),
      checklist: vi.fn(async () => ok(DEFAULT_RISK_CHECKLIST))
    },
    plans: { get: vi.fn(async () => ok(plans)) },
    tasks: { list: vi.fn(async () => ok([])), delete: vi.fn(async () => ({ ok: false as const, error: { code: 'record/conflict', message: 'stale' } })) },
    attachments: { list: vi.fn(async () => ok([])) },
    timeline: { list: vi.fn(async () => ok([])) },
    audit: { list: vi.fn(async () => ok([])) }
  };
}

describe('case file store: deleting records', () => {
  it('deletes an incident of the open case with its revision, refreshes the page and tells the caseload', async () => {
    const api = fakeApi();
    const written = vi.fn();
    const store = createCaseFileStore(() => api as unknown as AnxinApi, written);
    await store.getState().load(A);
    expect(api.incidents.list).toHaveBeenCalledTimes(1);
    const result = await store.getState().deleteIncident(T, 3);
    expect(result.ok).toBe(true);
    expect(api.incidents.delete).toHaveBeenCalledWith({ caseId: A, id: T, baseRevision: 3 });
    expect(api.incidents.list).toHaveBeenCalledTimes(2);
    expect(written).toHaveBeenCalledTimes(1);
  });

  it('a refused task delete is returned to the form; nothing is refreshed', async () => {
    const api = fakeApi();
    const written = vi.fn();
    const store = createCaseFileStore(() => api as unknown as AnxinApi, written);
    await store.getState().load(A);
    const result = await store.getState().deleteTask(T, 1);
    expect(result.ok).toBe(false);
    expect(api.tasks.delete).toHaveBeenCalledWith({ caseId: A, id: T, baseRevision: 1 });
    expect(api.tasks.list).toHaveBeenCalledTimes(1);
    expect(written).not.toHaveBeenCalled();
  });
});

describe('an edited risk checklist', () => {
  it('leaves the built-in id on first save, then counts versions', () => {
    const first = nextChecklistIdentity(DEFAULT_RISK_CHECKLIST, 1_700_000_000_000);
    expect(first.id).not.toBe('default');
    expect(first.version).toBe(1);
    const own = { ...DEFAULT_RISK_CHECKLIST, ...first };
    expect(RiskChecklist.safeParse(own).success).toBe(true);
    expect(nextChecklistIdentity(own, 1_800_000_000_000)).toEqual({ id: first.id, version: 2 });
    expect(nextChecklistIdentity(DEFAULT_RISK_CHECKLIST, 1_800_000_000_000).id).not.toBe(first.id);
  });
});
