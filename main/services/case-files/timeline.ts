/**
 * The case timeline: entries from every feature's TimelineSource, merged newest first.
 * unlocked-session.ts builds the list of sources (case files first; interview notes, referrals…
 * append theirs) and exposes `session.timeline`.
 */
import type { TimelineEntry, TimelineKind, TimelineSource } from '../../../shared/domain/timeline';
import type { ApproxDate } from '../../../shared/domain/case-file';
import { hlcToIso } from '../../../shared/records/hlc';
import type { SealedStore } from '../sealed-store';
import type { CaseBody, CaseRegistry } from './registry';
import type { createConsentService } from './consents';
import type { createIncidentService } from './incidents';
import type { createRiskService } from './risk';
import type { createPlanService } from './plans';
import type { AttachmentService } from './attachments';

export function createTimeline(sources: TimelineSource[]) {
  return {
    /**
     * Newest first; `kinds` keeps only those kinds. Entries with the same time: the one a source
     * listed later comes first (sources list their entries oldest first).
     */
    forCase(caseId: string, filter?: { kinds?: TimelineKind[] }): TimelineEntry[] {
      const kinds = filter?.kinds && filter.kinds.length > 0 ? new Set(filter.kinds) : null;
      const all: TimelineEntry[] = [];
      for (const source of sources) for (const e of source(caseId)) if (!kinds || kinds.has(e.kind)) all.push(e);
      return all.map((e, i) => ({ e, i })).sort((a, b) => (a.e.at < b.e.at ? 1 : a.e.at > b.e.at ? -1 : b.i - a.i)).map(({ e }) => e);
    }
  };
}
export type Timeline = ReturnType<typeof createTimeline>;

/** An approximate date as an ISO time at the start of its period (unknown → the fallback). */
export function approxToIso(d: ApproxDate, fallback: string): string {
  switch (d.precision) {
    case 'day':
      return `${d.value}T00:00:00.000Z`;
    case 'month':
      return `${d.value}-01T00:00:00.000Z`;
    case 'year':
      return `${d.value}-01-01T00:00:00.000Z`;
    default:
      return fallback;
  }
}
const dayIso = (date: string) => `${date}T00:00:00.000Z`;
const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The case files feature's own timeline entries. */
export function caseFilesTimelineSource(deps: {
  store: SealedStore;
  registry: CaseRegistry;
  incidents: ReturnType<typeof createIncidentService>;
  consents: ReturnType<typeof createConsentService>;
  risk: ReturnType<typeof createRiskService>;
  plans: ReturnType<typeof createPlanService>;
  attachments: AttachmentService;
}): TimelineSource {
  return (caseId) => {
    if (!deps.registry.has(caseId)) return [];
    const out: TimelineEntry[] = [];

    // Status changes and profile edits, from the core record's history (oldest → newest).
    const history = deps.store.history<CaseBody>(caseId).reverse();
    let prev: CaseBody | null = null;
    for (const { header, body } of history) {
      if (body === null) continue;
      const at = hlcToIso(header.hlc);
      if (prev === null) out.push({ recordId: caseId, caseId, kind: 'status', at, title: body.pseudonym, action: 'created' });
      else if (prev.status !== body.status) {
        const action = body.status === 'closed' ? 'closed' : prev.status === 'closed' ? 'reopened' : `status-${body.status}`;
        out.push({ recordId: caseId, caseId, kind: 'status', at, title: body.status === 'closed' && body.closure ? clip(body.closure.note || body.closure.reason) : '', action });
      } else out.push({ recordId: caseId, caseId, kind: 'profile', at, title: body.pseudonym, action: 'updated' });
      prev = body;
    }

    for (const i of deps.incidents.list(caseId).reverse()) {
      out.push({ recordId: i.id, caseId, kind: 'incident', at: approxToIso(i.date, i.createdAt), title: clip(i.place || i.description || i.forms.join(', ')), action: 'occurred' });
    }
    for (const c of deps.consents.list(caseId).reverse()) {
      out.push({ recordId: c.id, caseId, kind: 'consent', at: dayIso(c.givenOn), title: c.organisationName || c.scope, action: 'given' });
      if (c.withdrawnOn) out.push({ recordId: c.id, caseId, kind: 'consent', at: dayIso(c.withdrawnOn), title: c.organisationName || c.scope, action: 'withdrawn' });
    }
    for (const a of deps.risk.overview(caseId).assessments.reverse()) {
      out.push({ recordId: a.id, caseId, kind: 'assessment', at: dayIso(a.assessedOn), title: `${a.score}/${a.maxScore}`, action: a.level });
    }
    const plans = deps.plans.get(caseId);
    if (plans.safetyPlan.updatedAt) out.push({ recordId: caseId, caseId, kind: 'plan', at: plans.safetyPlan.updatedAt, title: '', action: 'safety-plan-updated' });
    if (plans.casePlan.updatedAt) out.push({ recordId: caseId, caseId, kind: 'plan', at: plans.casePlan.updatedAt, title: '', action: 'case-plan-updated' });
    for (const t of deps.plans.listTasks(caseId)) {
      out.push({ recordId: t.id, caseId, kind: 'task', at: t.createdAt, title: clip(t.title), action: 'created' });
      if (t.status === 'done' || t.status === 'cancelled') out.push({ recordId: t.id, caseId, kind: 'task', at: t.updatedAt, title: clip(t.title), action: t.status });
    }
    for (const a of deps.attachments.list(caseId).reverse()) {
      out.push({ recordId: a.id, caseId, kind: 'attachment', at: a.importedAt, title: clip(a.fileName), action: 'added' });
    }
    return out;
  };
}
