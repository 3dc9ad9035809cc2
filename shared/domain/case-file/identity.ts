/**
 * The sensitive identity of a survivor: a separate sealed record of kind 'case-identity' in the
 * case's collection. It is never put in the search index, never part of a list or of the
 * caseload, and reaches the renderer only through cases:reveal, which writes an audit entry.
 */
import { z } from 'zod';
import { IsoDate } from '../case';

/** Stable codes, translated in the UI (`caseFiles.residence.<code>`). */
export const RESIDENCE_STATUSES = [
  'unknown',
  'citizen',
  'permanent-resident',
  'temporary-permit',
  'spouse-or-family-permit',
  'student',
  'work-permit',
  'asylum-seeker',
  'refugee',
  'undocumented',
  'other'
] as const;
export const ResidenceStatus = z.enum(RESIDENCE_STATUSES);
export type ResidenceStatus = z.infer<typeof ResidenceStatus>;

export const SensitiveIdentity = z.strictObject({
  legalName: z.string().trim().max(200).default(''),
  /** Name in Chinese characters, if different from the legal (passport) spelling. */
  nativeName: z.string().trim().max(100).default(''),
  dateOfBirth: z.union([z.literal(''), IsoDate]).default(''),
  nationality: z.string().trim().max(100).default(''),
  residenceStatus: ResidenceStatus.default('unknown'),
  /** E.g. the permit's expiry or what depends on the partner. */
  residenceNote: z.string().max(2000).default(''),
  address: z.string().max(1000).default(''),
  phone: z.string().trim().max(60).default('')
});
export type SensitiveIdentity = z.infer<typeof SensitiveIdentity>;
export type SensitiveIdentityInput = z.input<typeof SensitiveIdentity>;

/** What cases:reveal returns. revision 0 = nothing recorded yet (all fields empty). */
export const RevealedIdentity = z.strictObject({
  caseId: z.string(),
  revision: z.number().int().nonnegative(),
  identity: SensitiveIdentity
});
export type RevealedIdentity = z.infer<typeof RevealedIdentity>;
