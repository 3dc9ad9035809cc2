/**
 * Risk assessments (kind 'risk-assessment'), scored against the checklist in force when they
 * were made (the checklist id, version and the score are stored with the answers, so a later
 * change of checklist does not rewrite history).
 */
import { AppError } from '../../../shared/errors';
import {
  RISK_LEVELS,
  RiskAssessmentInput,
  type RiskAssessment,
  type RiskChecklist,
  type RiskLevel,
  type RiskOverview
} from '../../../shared/domain/case-file';
import type { StoredRecord } from '../sealed-store';
import type { AuditLog } from './audit';
import type { CaseFileDeps } from './deps';
import { KIND } from './kinds';
import { assessmentText } from './search-text';
import type { CaseFileSettingsService } from './settings';

type Body = Omit<RiskAssessment, 'id' | 'caseId' | 'revision'>;

const rank = (l: RiskLevel) => RISK_LEVELS.indexOf(l);
export const maxLevel = (a: RiskLevel, b: RiskLevel | null): RiskLevel => (b !== null && rank(b) > rank(a) ? b : a);

/** Score = sum of the weights of questions answered 'yes'; answers to unknown question ids are ignored. */
export function scoreAnswers(checklist: RiskChecklist, answers: Record<string, string>): { score: number; maxScore: number; level: RiskLevel } {
  let score = 0;
  let maxScore = 0;
  for (const q of checklist.questions) {
    maxScore += q.weight;
    if (answers[q.id] === 'yes') score += q.weight;
  }
  const level: RiskLevel = score >= checklist.thresholds.high ? 'high' : score >= checklist.thresholds.medium ? 'medium' : 'standard';
  return { score, maxScore, level };
}

const toAssessment = (caseId: string, { header, body }: StoredRecord<Body>): RiskAssessment => ({ id: header.id, caseId, revision: header.revision, ...body });

export function createRiskService(deps: CaseFileDeps, audit: AuditLog, settings: CaseFileSettingsService) {
  const { store, registry, actor, now } = deps;

  function records(caseId: string): StoredRecord<Body>[] {
    const c = registry.get(caseId);
    return store
      .listInCollection<Body>(c.collection, KIND.assessment)
      .sort((a, b) => b.body.assessedOn.localeCompare(a.body.assessedOn) || (a.header.hlc < b.header.hlc ? 1 : -1));
  }

  return {
    checklist: () => settings.checklist(),
    setChecklist: (c: RiskChecklist | null) => settings.setChecklist(c),

    assess(input: RiskAssessmentInput): RiskAssessment {
      const parsed = RiskAssessmentInput.safeParse(input);
      if (!parsed.success) throw new AppError('ipc/invalid-request', 'invalid assessment');
      const f = parsed.data;
      const c = registry.get(f.caseId);
      const checklist = settings.checklist();
      const known = new Set(checklist.questions.map((q) => q.id));
      const answers = Object.fromEntries(Object.entries(f.answers).filter(([k]) => known.has(k)));
      const { score, maxScore, level: computedLevel } = scoreAnswers(checklist, answers);
      const body: Body = {
        checklistId: checklist.id,
        checklistVersion: checklist.version,
        answers,
        assessedOn: f.assessedOn,
        assessedBy: actor.name,
        score,
        maxScore,
        computedLevel,
        professionalJudgement: f.professionalJudgement,
        level: maxLevel(computedLevel, f.professionalJudgement),
        note: f.note,
        createdAt: new Date(now()).toISOString()
      };
      const header = store.transaction(() => {
        const h = store.put({ kind: KIND.assessment, collection: c.collection, body });
        audit.append(f.caseId, 'assessed', 'risk', `${h.id} ${body.level}`);
        return h;
      });
      registry.setRisk(f.caseId, { level: body.level, assessedOn: body.assessedOn, hlc: header.hlc });
      registry.setPart(f.caseId, header.id, assessmentText(body));
      return toAssessment(f.caseId, { header, body });
    },

    overview(caseId: string): RiskOverview {
      const recs = records(caseId);
      const assessments = recs.map((r) => toAssessment(caseId, r));
      const trend = [...assessments]
        .reverse()
        .map((a) => ({ assessmentId: a.id, assessedOn: a.assessedOn, score: a.score, maxScore: a.maxScore, level: a.level }));
      const latest = assessments[0] ?? null;
      const previous = assessments[1] ?? null;
      const direction =
        latest && previous ? (rank(latest.level) > rank(previous.level) ? 'up' : rank(latest.level) < rank(previous.level) ? 'down' : 'same') : null;
      const c = registry.get(caseId);
      const latestHlc = recs[0]?.header.hlc ?? null;
      const safetyPlanNeeded = latest !== null && latest.level === 'high' && (c.safetyPlanHlc === null || (latestHlc !== null && c.safetyPlanHlc < latestHlc));
      return { caseId, assessments, trend, currentLevel: latest?.level ?? null, direction, safetyPlanNeeded };
    }
  };
}

/** Same rule as overview(), from the registry alone (for the caseload). */
export function safetyPlanNeededFromState(risk: { level: RiskLevel; hlc: string } | null, safetyPlanHlc: string | null): boolean {
  return risk !== null && risk.level === 'high' && (safetyPlanHlc === null || safetyPlanHlc < risk.hlc);
}
