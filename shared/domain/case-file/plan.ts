/** Safety plan, case plan (needs by domain, goals) and tasks. */
import { z } from 'zod';
import { IsoDate, RecordId } from '../case';

/** Stable codes, translated in the UI (`caseFiles.need.<code>`). */
export const NEED_DOMAINS = ['language', 'psychological', 'medical', 'legal', 'shelter', 'financial', 'immigration', 'children'] as const;
export const NeedDomain = z.enum(NEED_DOMAINS);
export type NeedDomain = z.infer<typeof NeedDomain>;

export const NEED_LEVELS = ['none', 'some', 'urgent'] as const;

export const Need = z.strictObject({
  domain: NeedDomain,
  level: z.enum(NEED_LEVELS).default('some'),
  note: z.string().max(2000).default('')
});

export const GOAL_STATUSES = ['open', 'achieved', 'dropped'] as const;
export const Goal = z.strictObject({
  /** Client-chosen 32-hex id, so tasks can point at a goal before the plan is saved. */
  id: RecordId,
  domain: NeedDomain.nullable().default(null),
  text: z.string().trim().min(1).max(1000),
  status: z.enum(GOAL_STATUSES).default('open')
});
export type Goal = z.infer<typeof Goal>;

export const CasePlanFields = z.strictObject({
  needs: z.array(Need).max(NEED_DOMAINS.length * 4).default([]),
  goals: z.array(Goal).max(100).default([]),
  note: z.string().max(10_000).default('')
});
export type CasePlanFields = z.infer<typeof CasePlanFields>;
export type CasePlanFieldsInput = z.input<typeof CasePlanFields>;

/** Our own structure (not a licensed template): the usual parts of a personal safety plan. */
export const SafetyPlanFields = z.strictObject({
  warningSigns: z.string().max(5000).default(''),
  safePlaces: z.string().max(5000).default(''),
  trustedPeople: z.string().max(5000).default(''),
  emergencyContacts: z.string().max(5000).default(''),
  /** Documents, money, medicine, keys to keep ready. */
  goBag: z.string().max(5000).default(''),
  childrenPlan: z.string().max(5000).default(''),
  digitalSafety: z.string().max(5000).default(''),
  afterLeaving: z.string().max(5000).default(''),
  reviewOn: z.union([z.literal(''), IsoDate]).default('')
});
export type SafetyPlanFields = z.infer<typeof SafetyPlanFields>;
export type SafetyPlanFieldsInput = z.input<typeof SafetyPlanFields>;

const planMeta = { caseId: RecordId, revision: z.number().int().nonnegative(), updatedAt: z.string().nullable() };
/** revision 0 / updatedAt null = never saved (the fields are the defaults). */
export const CasePlan = CasePlanFields.extend(planMeta);
export type CasePlan = z.infer<typeof CasePlan>;
export const SafetyPlan = SafetyPlanFields.extend(planMeta);
export type SafetyPlan = z.infer<typeof SafetyPlan>;

export const Plans = z.strictObject({ casePlan: CasePlan, safetyPlan: SafetyPlan });
export type Plans = z.infer<typeof Plans>;

export const TASK_STATUSES = ['todo', 'in-progress', 'done', 'cancelled'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const TaskFields = z.strictObject({
  title: z.string().trim().min(1).max(300),
  /** Display name of whoever does it ('' = unassigned). */
  owner: z.string().trim().max(80).default(''),
  dueOn: z.union([z.literal(''), IsoDate]).default(''),
  status: TaskStatus.default('todo'),
  domain: NeedDomain.nullable().default(null),
  goalId: RecordId.nullable().default(null),
  note: z.string().max(5000).default('')
});
export type TaskFields = z.infer<typeof TaskFields>;
export type TaskFieldsInput = z.input<typeof TaskFields>;

export const Task = TaskFields.extend({
  id: RecordId,
  caseId: RecordId,
  revision: z.number().int().positive(),
  /** dueOn is before today (device-local date) and status is todo/in-progress. */
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string()
});
export type Task = z.infer<typeof Task>;

/** One row of the "due and overdue" view across the caseload. */
export const DueTask = Task.extend({ pseudonym: z.string(), caseCode: z.string() });
export type DueTask = z.infer<typeof DueTask>;
