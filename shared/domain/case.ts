import { z } from 'zod';

export const CASE_STATUSES = ['open', 'active', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

export const RecordId = z.string().regex(/^[0-9a-f]{32}$/, 'a 128-bit id in lowercase hex');

/** The fields a caseworker edits. Length limits keep one record well under the store's size limit. */
export const CaseFields = z.strictObject({
  pseudonym: z.string().trim().min(1).max(80),
  status: CaseStatus,
  summary: z.string().max(20_000)
});
export type CaseFields = z.infer<typeof CaseFields>;

export const CaseRecord = CaseFields.extend({
  id: RecordId,
  revision: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string()
});
export type CaseRecord = z.infer<typeof CaseRecord>;

export const CaseSummary = CaseRecord.pick({ id: true, revision: true, pseudonym: true, status: true, updatedAt: true });
export type CaseSummary = z.infer<typeof CaseSummary>;

export const CaseRevision = z.strictObject({
  revision: z.number().int().positive(),
  updatedAt: z.string(),
  deleted: z.boolean(),
  fields: CaseFields.nullable()
});
export type CaseRevision = z.infer<typeof CaseRevision>;
