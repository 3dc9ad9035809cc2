/** Incidents of violence (kind 'incident' in the case's collection). */
import { z } from 'zod';
import { RecordId, YesNoUnknown } from '../case';
import { ApproxDate } from './dates';

/** Stable codes, translated in the UI (`caseFiles.violence.<code>`). */
export const VIOLENCE_FORMS = [
  'physical',
  'sexual',
  'psychological',
  'economic',
  'coercive-control',
  'technology-facilitated',
  'immigration-threats',
  'threats-involving-children'
] as const;
export const ViolenceForm = z.enum(VIOLENCE_FORMS);
export type ViolenceForm = z.infer<typeof ViolenceForm>;

export const PERPETRATOR_RELATIONS = [
  'husband-or-partner',
  'former-partner',
  'boyfriend',
  'family-member',
  'in-law',
  'employer',
  'acquaintance',
  'stranger',
  'other',
  'unknown'
] as const;
export const PerpetratorRelation = z.enum(PERPETRATOR_RELATIONS);

export const POLICE_REPORT = ['yes', 'no', 'planned', 'unknown'] as const;

export const IncidentFields = z.strictObject({
  date: ApproxDate,
  place: z.string().max(500).default(''),
  forms: z.array(ViolenceForm).max(VIOLENCE_FORMS.length).default([]),
  perpetratorRelation: PerpetratorRelation.default('unknown'),
  reportedToPolice: z.enum(POLICE_REPORT).default('unknown'),
  injuries: YesNoUnknown.default('unknown'),
  medicalCare: YesNoUnknown.default('unknown'),
  /** What happened, in her words or the worker's. */
  description: z.string().max(20_000).default('')
});
export type IncidentFields = z.infer<typeof IncidentFields>;
export type IncidentFieldsInput = z.input<typeof IncidentFields>;

export const Incident = IncidentFields.extend({
  id: RecordId,
  caseId: RecordId,
  revision: z.number().int().positive(),
  createdAt: z.string(),
  updatedAt: z.string()
});
export type Incident = z.infer<typeof Incident>;
