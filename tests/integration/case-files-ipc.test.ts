// Case files through the real IPC path (createAnxinMain → dispatch): requests parsed and
// responses checked against the contract, real SQLite files, an injected clock.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnxinMain, type AnxinMain } from '../../main/app';
import { KDF_FLOOR } from '../../main/services/crypto';
import { makeTempDir } from '../helpers/temp-dir';
import type { Result } from '../../shared/result';
import type { CaseRecord } from '../../shared/domain/case';
import type { AuditEntry, CaseloadRow, DueTask, Incident, RiskOverview, Task } from '../../shared/domain/case-file';
import type { TimelineEntry } from '../../shared/domain/timeline';

const PASS = 'correct horse battery staple 安心';
const DAY = 86_400_000;

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}
const codeOf = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);

describe('case files over IPC', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let app: AnxinMain;
  let t: number;
  let profileId: string;
  const call = <T>(channel: string, req: unknown) => app.dispatch(channel as never, req as never).then((r) => value<T>(r as Result<unknown>));
  const raw = (channel: string, req: unknown) => app.dispatch(channel as never, req as never) as Promise<Result<unknown>>;

  beforeEach(async () => {
    tmp = makeTempDir('anxin-cf-ipc-');
    t = Date.UTC(2026, 2, 10, 12); // 10 March 2026, noon UTC
    app = await createAnxinMain({ dataDir: tmp.dir, shell: 'browser', kdfParams: KDF_FLOOR, now: () => t, emit: () => {} });
    const created = await call<{ status: { profileId: string } }>('vault:create', { displayName: 'Marie Dupont', passphrase: PASS });
    profileId = created.status.profileId;
  });
  afterEach(async () => {
    await app.close();
    tmp.cleanup();
  });

  it('keeps the profile, status, identity, incidents, plans, tasks, risk, timeline, audit and caseload in step', async () => {
    // --- profile ---
    const c = await call<CaseRecord>('cases:create', {
      fields: {
        pseudonym: 'Lotus',
        status: 'open',
        summary: 'Arrived from Wenzhou in 2019',
        languages: ['wenzhou', 'mandarin', 'italian'],
        interpreterNeeded: 'yes',
        country: 'IT',
        city: 'Prato',
        contactSafety: { safeToCall: 'no', safeToText: 'yes', safeTimes: 'weekdays 10-12', codeWord: 'peony', mustNotKnow: 'husband' },
        dependants: [{ relation: 'child', label: 'L.', birthYear: 2018, livesWithHer: 'yes' }],
        assignedWorker: 'Marie Dupont'
      }
    });
    expect(c.caseCode).toMatch(/^AX-[0-9A-Z]{6}$/);
    expect(c.contactSafety.codeWord).toBe('peony');
    expect(c.closedAt).toBeNull();
    const fetched = await call<CaseRecord>('cases:get', { id: c.id });
    expect(fetched).toEqual(c);

    // --- sensitive identity: only through reveal, never in lists, never in the index ---
    const saved = await call<{ revision: number }>('cases:setIdentity', {
      id: c.id,
      baseRevision: 0,
      identity: { legalName: 'Zhou Xiaohong', dateOfBirth: '1990-04-02', nationality: 'CN', residenceStatus: 'spouse-or-family-permit', address: 'Via Roma 12', phone: '+39 333 1234567' }
    });
    expect(saved.revision).toBe(1);
    expect(codeOf(await raw('cases:setIdentity', { id: c.id, baseRevision: 0, identity: { legalName: 'X' } }))).toBe('record/conflict');
    const revealed = await call<{ revision: number; identity: { legalName: string; phone: string } }>('cases:reveal', { id: c.id });
    expect(revealed.identity).toMatchObject({ legalName: 'Zhou Xiaohong', phone: '+39 333 1234567' });
    expect(await call('caseload:search', { text: 'Xiaohong' })).toEqual([]);
    expect(await call('search:query', { text: 'Roma' })).toEqual([]);
    expect(await call('caseload:search', { text: 'peony' })).toEqual([]); // the code word is not indexed either
    const rows = await call<CaseloadRow[]>('caseload:list', {});
    expect(JSON.stringify(rows)).not.toContain('Xiaohong');
    expect(JSON.stringify(await call('cases:list', {}))).not.toContain('Xiaohong');

    // --- incidents; search by a word of the incident finds the case ---
    const inc = await call<Incident>('incidents:save', {
      caseId: c.id,
      baseRevision: 0,
      fields: { date: { precision: 'month', value: '2026-01' }, place: 'kitchen', forms: ['physical', 'immigration-threats'], perpetratorRelation: 'husband-or-partner', description: 'He threatened to burn her passport' }
    });
    expect(inc.date).toEqual({ precision: 'month', value: '2026-01' });
    const inc2 = await call<Incident>('incidents:save', { caseId: c.id, id: inc.id, baseRevision: 1, fields: { ...inc, description: 'He threatened to burn her passport and hit her', id: undefined, caseId: undefined, revision: undefined, createdAt: undefined, updatedAt: undefined } }).catch(() => null);
    // The request schema is strict: extra keys are refused; send only the fields.
    expect(inc2).toBeNull();
    const { id: _i, caseId: _c, revision: _r, createdAt: _ca, updatedAt: _u, ...incFields } = inc;
    const edited = await call<Incident>('incidents:save', { caseId: c.id, id: inc.id, baseRevision: 1, fields: { ...incFields, description: 'He threatened to burn her passport and hit her' } });
    expect(edited.revision).toBe(2);
    expect(edited.createdAt).toBe(inc.createdAt);
    expect((await call<Array<{ caseId: string }>>('caseload:search', { text: 'passport' })).map((h) => h.caseId)).toEqual([c.id]);
    expect(codeOf(await raw('incidents:save', { caseId: c.id, baseRevision: 0, fields: { date: { precision: 'day', value: '2026-02-30x' } } }))).toBe('ipc/invalid-request');

    // --- risk: default checklist, score → level, trend, safety plan prompt ---
    const checklist = await call<{ id: string; questions: Array<{ id: string; weight: number }>; thresholds: { medium: number; high: number } }>('risk:checklist', {});
    expect(checklist.id).toBe('default');
    const a1 = await call<{ score: number; level: string }>('risk:assess', { caseId: c.id, assessedOn: '2026-03-01', answers: { isolation: 'yes', 'substance-abuse': 'yes' } });
    expect(a1).toMatchObject({ score: 2, level: 'standard' });
    const high = { choking: 'yes', weapon: 'yes', 'threat-to-kill': 'yes', 'violence-worse': 'yes', 'recent-separation': 'no' };
    const a2 = await call<{ score: number; level: string }>('risk:assess', { caseId: c.id, assessedOn: '2026-03-09', answers: high });
    expect(a2).toMatchObject({ score: 22, level: 'high' });
    let overview = await call<RiskOverview>('risk:overview', { caseId: c.id });
    expect(overview.trend.map((p) => [p.assessedOn, p.level])).toEqual([
      ['2026-03-01', 'standard'],
      ['2026-03-09', 'high']
    ]);
    expect(overview).toMatchObject({ currentLevel: 'high', direction: 'up', safetyPlanNeeded: true });
    expect((await call<CaseloadRow[]>('caseload:list', {}))[0]).toMatchObject({ riskLevel: 'high', safetyPlanNeeded: true });
    const plan = await call<{ revision: number }>('plans:saveSafetyPlan', { caseId: c.id, baseRevision: 0, fields: { safePlaces: 'her friend in Florence', goBag: 'passport copy' } });
    expect(plan.revision).toBe(1);
    overview = await call<RiskOverview>('risk:overview', { caseId: c.id });
    expect(overview.safetyPlanNeeded).toBe(false);
    expect((await call<CaseloadRow[]>('caseload:list', {}))[0]!.safetyPlanNeeded).toBe(false);
    // Professional judgement raises, never lowers.
    const a3 = await call<{ computedLevel: string; level: string }>('risk:assess', { caseId: c.id, assessedOn: '2026-03-10', answers: {}, professionalJudgement: 'medium' });
    expect(a3).toMatchObject({ computedLevel: 'standard', level: 'medium' });

    // --- case plan and tasks; overdue against the injected clock ---
    const casePlan = await call<{ revision: number; needs: unknown[] }>('plans:saveCasePlan', {
      caseId: c.id,
      baseRevision: 0,
      fields: { needs: [{ domain: 'legal', level: 'urgent', note: 'separation lawyer' }, { domain: 'language' }], goals: [{ id: 'a'.repeat(32), text: 'Own residence permit' }] }
    });
    expect(casePlan.revision).toBe(1);
    expect(codeOf(await raw('plans:saveCasePlan', { caseId: c.id, baseRevision: 0, fields: {} }))).toBe('record/conflict');
    const overdue = await call<Task>('tasks:save', { caseId: c.id, baseRevision: 0, fields: { title: 'Call the lawyer', owner: 'Marie', dueOn: '2026-03-05', domain: 'legal' } });
    const soon = await call<Task>('tasks:save', { caseId: c.id, baseRevision: 0, fields: { title: 'Book interpreter', dueOn: '2026-03-12' } });
    await call<Task>('tasks:save', { caseId: c.id, baseRevision: 0, fields: { title: 'Later', dueOn: '2026-06-01' } });
    await call<Task>('tasks:save', { caseId: c.id, baseRevision: 0, fields: { title: 'Done already', dueOn: '2026-01-01', status: 'done' } });
    expect(overdue.overdue).toBe(true);
    expect(soon.overdue).toBe(false);
    let due = await call<DueTask[]>('tasks:due', {});
    expect(due.map((d) => [d.title, d.overdue, d.pseudonym])).toEqual([
      ['Call the lawyer', true, 'Lotus'],
      ['Book interpreter', false, 'Lotus']
    ]);
    expect((await call<CaseloadRow[]>('caseload:list', {}))[0]).toMatchObject({ openTaskCount: 3, overdueTaskCount: 1, nextDueDate: '2026-03-05' });
    t += 3 * DAY; // 13 March: the interpreter task is overdue too
    due = await call<DueTask[]>('tasks:due', {});
    expect(due.filter((d) => d.overdue).map((d) => d.title)).toEqual(['Call the lawyer', 'Book interpreter']);
    expect((await call<CaseloadRow[]>('caseload:list', {}))[0]!.overdueTaskCount).toBe(2);
    const { id: _ti, caseId: _tc, revision: _tr, overdue: _to, createdAt: _tca, updatedAt: _tu, ...taskFields } = overdue;
    await call<Task>('tasks:save', { caseId: c.id, id: overdue.id, baseRevision: 1, fields: { ...taskFields, status: 'done' } });
    expect((await call<CaseloadRow[]>('caseload:list', {}))[0]).toMatchObject({ overdueTaskCount: 1, openTaskCount: 2, nextDueDate: '2026-03-12' });

    // --- status: close needs a reason; reopen ---
    let rec = await call<CaseRecord>('cases:get', { id: c.id });
    expect(codeOf(await raw('cases:setStatus', { id: c.id, baseRevision: rec.revision, status: 'closed' }))).toBe('case/closure-required');
    rec = await call<CaseRecord>('cases:setStatus', { id: c.id, baseRevision: rec.revision, status: 'active' });
    rec = await call<CaseRecord>('cases:setStatus', { id: c.id, baseRevision: rec.revision, status: 'closed', closure: { reason: 'moved-away', note: 'moved to Milan' } });
    expect(rec).toMatchObject({ status: 'closed', closure: { reason: 'moved-away', note: 'moved to Milan' }, closedAt: new Date(t).toISOString() });
    rec = await call<CaseRecord>('cases:setStatus', { id: c.id, baseRevision: rec.revision, status: 'open' });
    expect(rec).toMatchObject({ status: 'open', closedAt: null, closure: { reason: 'moved-away' } });

    // --- timeline: newest first, every kind, filterable ---
    const timeline = await call<TimelineEntry[]>('timeline:list', { caseId: c.id });
    const ats = timeline.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(new Set(timeline.map((e) => e.kind))).toEqual(new Set(['status', 'incident', 'assessment', 'plan', 'task']));
    expect(timeline.filter((e) => e.kind === 'status').map((e) => e.action)).toEqual(['reopened', 'closed', 'status-active', 'created']);
    const onlyRisk = await call<TimelineEntry[]>('timeline:list', { caseId: c.id, kinds: ['assessment', 'incident'] });
    expect(onlyRisk.map((e) => e.kind)).toEqual(['assessment', 'assessment', 'assessment', 'incident']);
    expect(onlyRisk[3]!.at).toBe('2026-01-01T00:00:00.000Z'); // a month-precision date starts its month

    // --- audit: who did what, newest first ---
    const audit = await call<AuditEntry[]>('audit:list', { caseId: c.id });
    const actions = audit.map((e) => e.action);
    for (const a of ['created', 'viewed', 'revealed', 'edited', 'assessed', 'status-changed']) expect(actions).toContain(a);
    expect(audit.every((e) => e.actor === 'Marie Dupont' && /^[0-9a-f]{16}$/.test(e.device))).toBe(true);
    expect(actions.filter((a) => a === 'revealed')).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain('Xiaohong');

    // --- lock and unlock: the caseload is rebuilt from the sealed records, identically ---
    const before = await call<CaseloadRow[]>('caseload:list', {});
    await call('vault:lock', { reason: 'manual' });
    expect(codeOf(await raw('caseload:list', {}))).toBe('vault/locked');
    await call('vault:unlock', { profileId, passphrase: PASS });
    expect(await call<CaseloadRow[]>('caseload:list', {})).toEqual(before);
    expect((await call<Array<{ caseId: string }>>('caseload:search', { text: 'lawyer Prato' })).map((h) => h.caseId)).toEqual([c.id]);
    expect((await call<DueTask[]>('tasks:due', {})).map((d) => d.title)).toEqual(['Book interpreter']);
  });

  it('flags a closed case past the retention period, and lets the organisation replace the checklist', async () => {
    expect(await call('caseload:settings', {})).toEqual({ retentionMonths: 24 });
    expect(await call('caseload:setSettings', { retentionMonths: 6 })).toEqual({ retentionMonths: 6 });
    const a = await call<CaseRecord>('cases:create', { fields: { pseudonym: 'Closed', status: 'open', summary: '' } });
    const b = await call<CaseRecord>('cases:create', { fields: { pseudonym: 'Open', status: 'open', summary: '' } });
    await call('cases:setStatus', { id: a.id, baseRevision: 1, status: 'closed', closure: { reason: 'goals-met' } });
    const flagged = async () => Object.fromEntries((await call<CaseloadRow[]>('caseload:list', {})).map((r) => [r.pseudonym, r.retentionExpired]));
    expect(await flagged()).toEqual({ Closed: false, Open: false });
    t += 200 * DAY;
    expect(await flagged()).toEqual({ Closed: true, Open: false });
    await call('caseload:setSettings', { retentionMonths: null });
    expect(await flagged()).toEqual({ Closed: false, Open: false });

    const own = {
      id: 'shelter-2026',
      version: 1,
      title: { en: 'Ours', 'zh-CN': '我们的', fr: 'La nôtre', nl: 'De onze' },
      thresholds: { medium: 2, high: 5 },
      questions: [
        { id: 'q1', weight: 2, text: { en: 'One?', 'zh-CN': '一？', fr: 'Un ?', nl: 'Eén?' } },
        { id: 'q2', weight: 3, text: { en: 'Two?', 'zh-CN': '二？', fr: 'Deux ?', nl: 'Twee?' } }
      ]
    };
    expect(codeOf(await raw('risk:setChecklist', { checklist: { ...own, thresholds: { medium: 5, high: 2 } } }))).toBe('ipc/invalid-request');
    await call('risk:setChecklist', { checklist: own });
    expect(await call('risk:checklist', {})).toEqual(own);
    const r = await call<{ checklistId: string; score: number; maxScore: number; level: string }>('risk:assess', { caseId: b.id, assessedOn: '2026-03-10', answers: { q1: 'yes', q2: 'yes', choking: 'yes' } });
    expect(r).toMatchObject({ checklistId: 'shelter-2026', score: 5, maxScore: 5, level: 'high' });
    expect(((await call<{ id: string }>('risk:setChecklist', { checklist: null })) as { id: string }).id).toBe('default');
    // The earlier assessment keeps its own checklist and score.
    expect((await call<RiskOverview>('risk:overview', { caseId: b.id })).assessments[0]).toMatchObject({ checklistId: 'shelter-2026', score: 5 });
  });

  it('uploads, lists, previews, exports and deletes an attachment through the contract', async () => {
    const c = await call<CaseRecord>('cases:create', { fields: { pseudonym: 'Files', status: 'open', summary: '' } });
    const bytes = Buffer.alloc(1024 * 1024 + 300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31) & 0xff;
    const { uploadId } = await call<{ uploadId: string }>('attachments:begin', { caseId: c.id, fileName: 'police-report.pdf', mimeType: 'application/pdf', size: bytes.length, category: 'police-report' });
    expect(codeOf(await raw('attachments:append', { uploadId, seq: 0, data: bytes.toString('base64') }))).toBe('ipc/invalid-request'); // > 1 MiB
    await call('attachments:append', { uploadId, seq: 0, data: bytes.subarray(0, 1024 * 1024).toString('base64') });
    await call('attachments:append', { uploadId, seq: 1, data: bytes.subarray(1024 * 1024).toString('base64') });
    const meta = await call<{ id: string; size: number; sha256: string; category: string }>('attachments:finish', { uploadId });
    expect(meta).toMatchObject({ size: bytes.length, category: 'police-report' });
    expect((await call<Array<{ id: string }>>('attachments:list', { caseId: c.id })).map((a) => a.id)).toEqual([meta.id]);
    const first = await call<{ data: string; done: boolean; total: number }>('attachments:read', { caseId: c.id, id: meta.id });
    const second = await call<{ data: string; done: boolean }>('attachments:read', { caseId: c.id, id: meta.id, offset: 1024 * 1024 });
    expect([first.done, second.done, first.total]).toEqual([false, true, bytes.length]);
    expect(Buffer.concat([Buffer.from(first.data, 'base64'), Buffer.from(second.data, 'base64')]).equals(bytes)).toBe(true);
    expect((await call<Array<{ caseId: string }>>('caseload:search', { text: 'police report' })).map((h) => h.caseId)).toEqual([c.id]);
    expect(codeOf(await raw('attachments:export', { caseId: c.id, id: meta.id, format: 'encrypted' }))).toBe('ipc/invalid-request'); // no passphrase
    const x = await call<{ exportId: string; fileName: string; total: number }>('attachments:export', { caseId: c.id, id: meta.id, format: 'encrypted', passphrase: 'for the lawyer 2026' });
    expect(x.fileName).toBe('police-report.pdf.anxin');
    let got = 0;
    for (let done = false; !done; ) {
      const r = await call<{ data: string; done: boolean }>('attachments:exportRead', { exportId: x.exportId, offset: got });
      got += Buffer.from(r.data, 'base64').length;
      done = r.done;
    }
    expect(got).toBe(x.total);
    const timeline = await call<TimelineEntry[]>('timeline:list', { caseId: c.id, kinds: ['attachment'] });
    expect(timeline.map((e) => e.title)).toEqual(['police-report.pdf']);
    await call('attachments:delete', { caseId: c.id, id: meta.id });
    expect(await call('attachments:list', { caseId: c.id })).toEqual([]);
    expect(codeOf(await raw('attachments:read', { caseId: c.id, id: meta.id }))).toBe('record/not-found');
  });

  it('refuses records of another case and unknown cases', async () => {
    const a = await call<CaseRecord>('cases:create', { fields: { pseudonym: 'A', status: 'open', summary: '' } });
    const b = await call<CaseRecord>('cases:create', { fields: { pseudonym: 'B', status: 'open', summary: '' } });
    const task = await call<Task>('tasks:save', { caseId: a.id, baseRevision: 0, fields: { title: 'A task' } });
    expect(codeOf(await raw('tasks:save', { caseId: b.id, id: task.id, baseRevision: 1, fields: { title: 'hijack' } }))).toBe('record/not-found');
    expect(codeOf(await raw('tasks:delete', { caseId: b.id, id: task.id, baseRevision: 1 }))).toBe('record/not-found');
    expect(codeOf(await raw('incidents:list', { caseId: 'f'.repeat(32) }))).toBe('record/not-found');
    expect(codeOf(await raw('timeline:list', { caseId: 'f'.repeat(32) }))).toBe('record/not-found');
    expect(codeOf(await raw('cases:reveal', { id: 'f'.repeat(32) }))).toBe('record/not-found');
    expect(await call<Task[]>('tasks:list', { caseId: b.id })).toEqual([]);
    await call('tasks:delete', { caseId: a.id, id: task.id, baseRevision: 1 });
    expect(await call<Task[]>('tasks:list', { caseId: a.id })).toEqual([]);
  });
});
