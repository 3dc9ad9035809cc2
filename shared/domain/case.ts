/**
 * The case core record: what a caseworker sees first and what the caseload, filters and the
 * search index are built from. Nothing in here identifies the survivor directly — the legal
 * identity lives in a separate record (case-file/identity.ts) that is only opened on an
 * explicit, audited reveal.
 */
import { z } from 'zod';

export const CASE_STATUSES = ['open', 'active', 'closed'] as const;
export const CaseStatus = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof CaseStatus>;

/** Stable codes; the UI translates them (`caseFiles.closure.<code>`). */
export const CLOSURE_REASONS = ['goals-met', 'moved-away', 'lost-contact', 'transferred', 'returned-to-relationship', 'other'] as const;
export const ClosureReason = z.enum(CLOSURE_REASONS);
export type ClosureReason = z.infer<typeof ClosureReason>;

export const RecordId = z.string().regex(/^[0-9a-f]{32}$/, 'a 128-bit id in lowercase hex');

/** A calendar date, ISO 8601 (YYYY-MM-DD). */
export const IsoDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'a date as YYYY-MM-DD');
export type IsoDate = z.infer<typeof IsoDate>;

/**
 * Languages: known codes the UI translates (Chinese varieties first, then common local
 * languages); any other short free text is allowed and shown as typed.
 */
export const KNOWN_LANGUAGES = [
  'mandarin',
  'cantonese',
  'wenzhou',
  'hokkien',
  'teochew',
  'hakka',
  'fuzhou',
  'shanghainese',
  'english',
  'french',
  'dutch',
  'german',
  'italian',
  'spanish',
  'portuguese'
] as const;
export const Language = z.string().trim().min(1).max(40);

export const YES_NO_UNKNOWN = ['yes', 'no', 'unknown'] as const;
export const YesNoUnknown = z.enum(YES_NO_UNKNOWN);
export type YesNoUnknown = z.infer<typeof YesNoUnknown>;

/** How (and whether) it is safe to reach her. The code word is never put in the search index. */
export const ContactSafety = z.strictObject({
  safeToCall: YesNoUnknown.default('unknown'),
  safeToText: YesNoUnknown.default('unknown'),
  /** Free text, e.g. "weekdays 10–14, not weekends". */
  safeTimes: z.string().max(500).default(''),
  codeWord: z.string().max(100).default(''),
  /** Who must not know (free text: "husband, his mother"). */
  mustNotKnow: z.string().max(1000).default(''),
  notes: z.string().max(2000).default('')
});
export type ContactSafety = z.infer<typeof ContactSafety>;

export const DEPENDANT_RELATIONS = ['child', 'other'] as const;
export const Dependant = z.strictObject({
  relation: z.enum(DEPENDANT_RELATIONS),
  /** A first name, initial or nickname — not a legal name. */
  label: z.string().trim().max(80).default(''),
  birthYear: z.number().int().min(1900).max(2100).nullable().default(null),
  livesWithHer: YesNoUnknown.default('unknown'),
  notes: z.string().max(1000).default('')
});
export type Dependant = z.infer<typeof Dependant>;

export const Closure = z.strictObject({
  reason: ClosureReason,
  note: z.string().max(2000).default('')
});
export type Closure = z.infer<typeof Closure>;

/**
 * The fields a caseworker edits. Length limits keep one record well under the store's size
 * limit. Every field added after the foundation has a default, so `{pseudonym, status,
 * summary}` is still a complete request.
 *
 * `status` may change through cases:update too, but closing needs a `closure` (reason); the
 * dedicated verb is cases:setStatus.
 */
export const CaseFields = z.strictObject({
  pseudonym: z.string().trim().min(1).max(80),
  status: CaseStatus,
  summary: z.string().max(20_000),
  languages: z.array(Language).max(20).default([]),
  interpreterNeeded: YesNoUnknown.default('unknown'),
  /** ISO 3166-1 alpha-2 (upper case) or '' when unknown. */
  country: z.union([z.literal(''), z.string().regex(/^[A-Z]{2}$/)]).default(''),
  city: z.string().trim().max(100).default(''),
  contactSafety: ContactSafety.default(ContactSafety.parse({})),
  dependants: z.array(Dependant).max(30).default([]),
  /** Display name of the caseworker responsible ('' = unassigned). */
  assignedWorker: z.string().trim().max(80).default(''),
  /** Required when status is 'closed'; kept (for the record) after a reopen until the next close. */
  closure: Closure.nullable().default(null)
});
export type CaseFields = z.infer<typeof CaseFields>;
export type CaseFieldsInput = z.input<typeof CaseFields>;

export const CaseRecord = CaseFields.extend({
  id: RecordId,
  revision: z.number().int().positive(),
  /** Short code shown with the pseudonym (e.g. 'AX-7K3Q9M'); generated at creation, never changes. */
  caseCode: z.string(),
  /** ISO time of the last close, or null when the case has never been closed or was reopened since. */
  closedAt: z.string().nullable(),
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
