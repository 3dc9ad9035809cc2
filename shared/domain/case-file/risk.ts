/**
 * Risk assessment: a checklist stored as data (questions with text in the four UI languages
 * and a weight), the thresholds that turn a score into a level, and the assessments made
 * over time. The default checklist is in risk-checklist.ts; an organisation may replace it
 * (a record in its settings collection, risk:setChecklist).
 */
import { z } from 'zod';
import { IsoDate, RecordId } from '../case';

export const RISK_LEVELS = ['standard', 'medium', 'high'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const LocalisedText = z.strictObject({
  en: z.string().trim().min(1).max(500),
  'zh-CN': z.string().trim().min(1).max(500),
  fr: z.string().trim().min(1).max(500),
  nl: z.string().trim().min(1).max(500)
});
export type LocalisedText = z.infer<typeof LocalisedText>;

export const RiskQuestion = z.strictObject({
  /** Stable within a checklist version: answers are stored by id. */
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  text: LocalisedText,
  weight: z.number().int().min(1).max(20)
});
export type RiskQuestion = z.infer<typeof RiskQuestion>;

export const RiskChecklist = z
  .strictObject({
    /** 'default' for the built-in one; anything else for an organisation's own. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
    version: z.number().int().positive(),
    title: LocalisedText,
    questions: z.array(RiskQuestion).min(1).max(60),
    /** score ≥ medium → 'medium'; score ≥ high → 'high'; else 'standard'. */
    thresholds: z.strictObject({ medium: z.number().int().positive(), high: z.number().int().positive() })
  })
  .refine((c) => c.thresholds.medium < c.thresholds.high, { message: 'medium threshold must be below high', path: ['thresholds'] })
  .refine((c) => new Set(c.questions.map((q) => q.id)).size === c.questions.length, { message: 'question ids must be unique', path: ['questions'] });
export type RiskChecklist = z.infer<typeof RiskChecklist>;

export const RISK_ANSWERS = ['yes', 'no', 'unknown'] as const;
export const RiskAnswer = z.enum(RISK_ANSWERS);

export const RiskAssessmentInput = z.strictObject({
  caseId: RecordId,
  /** Question id → answer. Missing questions count as 'unknown'; only 'yes' scores. */
  answers: z.record(z.string().max(40), RiskAnswer),
  assessedOn: IsoDate,
  /** The worker's own judgement may raise (never lower) the computed level. */
  professionalJudgement: RiskLevel.nullable().default(null),
  note: z.string().max(5000).default('')
});
export type RiskAssessmentInput = z.input<typeof RiskAssessmentInput>;

export const RiskAssessment = z.strictObject({
  id: RecordId,
  caseId: RecordId,
  revision: z.number().int().positive(),
  checklistId: z.string(),
  checklistVersion: z.number().int(),
  answers: z.record(z.string(), RiskAnswer),
  assessedOn: IsoDate,
  assessedBy: z.string(),
  score: z.number().int().nonnegative(),
  maxScore: z.number().int().positive(),
  /** From the score alone. */
  computedLevel: RiskLevel,
  professionalJudgement: RiskLevel.nullable(),
  /** max(computedLevel, professionalJudgement). */
  level: RiskLevel,
  note: z.string(),
  createdAt: z.string()
});
export type RiskAssessment = z.infer<typeof RiskAssessment>;

export const RiskTrendPoint = z.strictObject({ assessmentId: RecordId, assessedOn: IsoDate, score: z.number().int(), maxScore: z.number().int(), level: RiskLevel });

export const RiskOverview = z.strictObject({
  caseId: RecordId,
  /** Newest first. */
  assessments: z.array(RiskAssessment),
  /** Oldest first (for a chart). */
  trend: z.array(RiskTrendPoint),
  currentLevel: RiskLevel.nullable(),
  /** 'up' | 'down' | 'same' comparing the last two levels; null with fewer than two. */
  direction: z.enum(['up', 'down', 'same']).nullable(),
  /** The latest level is high and the case has no safety plan updated since that assessment. */
  safetyPlanNeeded: z.boolean()
});
export type RiskOverview = z.infer<typeof RiskOverview>;
