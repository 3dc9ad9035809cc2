/**
 * Consent records (kind 'consent'). Other features (referrals, statistics, stories) ask the
 * consent service — main/services/case-files/consents.ts, `session.consents.check(...)` —
 * never the form.
 */
import { z } from 'zod';
import { IsoDate, RecordId } from '../case';

export const CONSENT_SCOPES = ['services', 'share-with-organisation', 'statistics', 'story'] as const;
export const ConsentScope = z.enum(CONSENT_SCOPES);
export type ConsentScope = z.infer<typeof ConsentScope>;

export const CONSENT_METHODS = ['written', 'verbal', 'verbal-via-interpreter', 'electronic', 'other'] as const;
export const ConsentMethod = z.enum(CONSENT_METHODS);

export const ConsentInput = z
  .strictObject({
    scope: ConsentScope,
    /** Required for 'share-with-organisation': the organisation's id (directory) or name. */
    organisationId: z.string().trim().max(100).nullable().default(null),
    organisationName: z.string().trim().max(200).default(''),
    givenOn: IsoDate,
    method: ConsentMethod,
    /** Who recorded it; defaults to the unlocked profile's display name. */
    recordedBy: z.string().trim().max(80).optional(),
    note: z.string().max(2000).default('')
  })
  .refine((c) => c.scope !== 'share-with-organisation' || (c.organisationId !== null && c.organisationId !== ''), {
    message: 'sharing needs the organisation it is shared with',
    path: ['organisationId']
  });
export type ConsentInput = z.input<typeof ConsentInput>;

export const ConsentWithdrawal = z.strictObject({ date: IsoDate, note: z.string().max(2000).optional() });
export type ConsentWithdrawal = z.input<typeof ConsentWithdrawal>;

export const Consent = z.strictObject({
  id: RecordId,
  caseId: RecordId,
  revision: z.number().int().positive(),
  scope: ConsentScope,
  organisationId: z.string().nullable(),
  organisationName: z.string(),
  givenOn: IsoDate,
  method: ConsentMethod,
  recordedBy: z.string(),
  note: z.string(),
  withdrawnOn: IsoDate.nullable(),
  withdrawalNote: z.string(),
  createdAt: z.string(),
  updatedAt: z.string()
});
export type Consent = z.infer<typeof Consent>;

export const ConsentCheck = z.strictObject({ allowed: z.boolean(), consentId: RecordId.nullable() });
export type ConsentCheck = z.infer<typeof ConsentCheck>;
