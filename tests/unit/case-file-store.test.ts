import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnxinApi } from '../../shared/ipc/api';
import { createCaseFileStore } from '../../renderer/features/case-file/store';
import { previewLevel } from '../../renderer/features/case-file/RiskSection';
import { DEFAULT_RISK_CHECKLIST } from '../../shared/domain/case-file';
import { useNotices } from '../../renderer/app/notices';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const ok = <T>(value: T) => ({ ok: true as const, value });

function fakeApi() {
  const plans = { casePlan: { caseId: A, revision: 0, updatedAt: null, needs: [], goals: [], note: '' }, safetyPlan: { caseId: A, revision: 0, updatedAt: null } };
  return {
    incidents: { list: vi.fn(async () => ok([])), save: vi.fn(async () => ok({ id: A })) },
    consents: { list: vi.fn(async () => ok([])) },
    risk: {
      overview: vi.fn(async ({ caseId }: { caseId: string }) => ok({ caseId, assessments: [], trend: [], currentLevel: null, direction: null, safetyPlanNeeded: false })),
      checklist: vi.fn(async () => ok(DEFAULT_RISK_CHECKLIST))
    },
    plans: { get: vi.fn(async () => ok(plans)), saveSafetyPlan: vi.fn(async () => ok({})) },
    tasks: { list: vi.fn(async () => ok([])) },
    attachments: { list: vi.fn(async () => ok([])) },
    timeline: { list: vi.fn(async () => ok([])) },
    audit: { list: vi.fn(async () => ok([])) },
    cases: { reveal: vi.fn(async ({ id }: { id: string }) => ok({ caseId: id, revision: 1, identity: { legalName: 'Secret Name' } })) }
  };
}

describe('case file store', () => {
  beforeEach(() => useNotices.getState().clear());

  it('loads every part of a case, the checklist once', async () => {
    const api = fakeApi();
    const store = createCaseFileStore(() => api as unknown as AnxinApi);
    await store.getState().load(A);
    await store.getState().load(B);
    expect(store.getState().caseId).toBe(B);
    expect(store.getState().risk?.caseId).toBe(B);
    expect(api.risk.checklist).toHaveBeenCalledTimes(1);
    expect(store.getState().checklist?.id).toBe('default');
  });

  it('a revealed identity is gone once another case is opened', async () => {
    const api = fakeApi();
    const store = createCaseFileStore(() => api as unknown as AnxinApi);
    await store.getState().load(A);
    await store.getState().reveal();
    expect(store.getState().identity?.identity.legalName).toBe('Secret Name');
    expect(api.audit.list).toHaveBeenCalledTimes(2); // the reveal's audit entry is shown
    await store.getState().load(B);
    expect(store.getState().identity).toBeNull();
  });

  it('reset drops everything, and a late reveal is ignored', async () => {
    const api = fakeApi();
    let release: (v: unknown) => void = () => {};
    api.cases.reveal.mockImplementationOnce(() => new Promise((r) => (release = r)) as never);
    const store = createCaseFileStore(() => api as unknown as AnxinApi);
    await store.getState().load(A);
    const pending = store.getState().reveal();
    store.getState().reset();
    release(ok({ caseId: A, revision: 1, identity: { legalName: 'Secret Name' } }));
    await pending;
    expect(store.getState().identity).toBeNull();
    expect(store.getState().caseId).toBeNull();
    expect(store.getState().plans).toBeNull();
  });

  it('writes for the open case and refreshes the page after', async () => {
    const api = fakeApi();
    const store = createCaseFileStore(() => api as unknown as AnxinApi);
    await store.getState().load(A);
    const calls = api.timeline.list.mock.calls.length;
    const result = await store.getState().saveIncident(undefined, 0, { date: { precision: 'year', value: '2024' } });
    expect(result.ok).toBe(true);
    expect(api.incidents.save).toHaveBeenCalledWith({ caseId: A, baseRevision: 0, fields: { date: { precision: 'year', value: '2024' } } });
    expect(api.timeline.list.mock.calls.length).toBe(calls + 1);
    await store.getState().saveSafetyPlan({ safePlaces: 'x' });
    expect(api.plans.saveSafetyPlan).toHaveBeenCalledWith({ caseId: A, baseRevision: 0, fields: { safePlaces: 'x' } });
  });

  it('tracks forms with unsaved changes', () => {
    const store = createCaseFileStore(() => fakeApi() as unknown as AnxinApi);
    store.getState().setDirty('incident', true);
    store.getState().setDirty('risk', true);
    store.getState().setDirty('incident', false);
    expect([...store.getState().dirtyForms]).toEqual(['risk']);
  });
});

describe('risk preview', () => {
  it('scores the yes answers, applies the thresholds, and lets judgement only raise', () => {
    expect(previewLevel(DEFAULT_RISK_CHECKLIST, {}, '').level).toBe('standard');
    const high = previewLevel(DEFAULT_RISK_CHECKLIST, { 'violence-worse': 'yes', choking: 'yes', weapon: 'yes', 'threat-to-kill': 'yes' }, '');
    expect(high).toEqual({ score: 22, max: 40, level: 'high' });
    expect(previewLevel(DEFAULT_RISK_CHECKLIST, { choking: 'yes', weapon: 'no' }, '').level).toBe('standard');
    expect(previewLevel(DEFAULT_RISK_CHECKLIST, { choking: 'yes', isolation: 'yes', 'threat-to-kill': 'unknown', weapon: 'yes' }, '').level).toBe('medium');
    expect(previewLevel(DEFAULT_RISK_CHECKLIST, {}, 'high').level).toBe('high');
    expect(previewLevel(DEFAULT_RISK_CHECKLIST, high && { choking: 'yes', weapon: 'yes', 'threat-to-kill': 'yes', 'violence-worse': 'yes' }, 'standard').level).toBe('high');
  });
});
