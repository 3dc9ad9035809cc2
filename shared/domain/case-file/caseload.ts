/** The caseload: one row per case with everything the list, the board and the filters need. */
import { z } from 'zod';
import { CaseStatus, IsoDate, RecordId } from '../case';
import { RiskLevel } from './risk';

export const CaseloadRow = z.strictObject({
  id: RecordId,
  revision: z.number().int().positive(),
  pseudonym: z.string(),
  caseCode: z.string(),
  status: CaseStatus,
  /** Level of the latest assessment, null when never assessed. */
  riskLevel: RiskLevel.nullable(),
  safetyPlanNeeded: z.boolean(),
  country: z.string(),
  city: z.string(),
  languages: z.array(z.string()),
  interpreterNeeded: z.enum(['yes', 'no', 'unknown']),
  assignedWorker: z.string(),
  openTaskCount: z.number().int().nonnegative(),
  overdueTaskCount: z.number().int().nonnegative(),
  /** Earliest due date of an open task, or null. */
  nextDueDate: IsoDate.nullable(),
  /** Closed longer ago than the organisation's retention period. */
  retentionExpired: z.boolean(),
  closedAt: z.string().nullable(),
  updatedAt: z.string()
});
export type CaseloadRow = z.infer<typeof CaseloadRow>;

export const CaseloadSearchHit = z.strictObject({ caseId: RecordId, score: z.number() });

/** Organisation-wide settings of the case files feature (a record in the settings collection). */
export const CaseFileSettings = z.strictObject({
  /** Months after closing before a case is flagged for deletion; null = never flagged. */
  retentionMonths: z.number().int().min(1).max(600).nullable()
});
export type CaseFileSettings = z.infer<typeof CaseFileSettings>;
export const DEFAULT_CASE_FILE_SETTINGS: CaseFileSettings = { retentionMonths: 24 };
