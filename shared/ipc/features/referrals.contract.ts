/**
 * IPC channels of the feature: Referrals between organisations and the network directory
 * (docs/referrals.md; trust model in docs/security.md). Merged into shared/ipc/contract.ts.
 * Keys never cross this boundary: the renderer sees profiles, fingerprints and plaintext it
 * is allowed to show; invitations and join requests are opaque signed text.
 */
import { z } from 'zod';
import { RecordId } from '../../domain/case';
import {
  InvitationPreview,
  JoinRequestPreview,
  Letter,
  LetterTemplate,
  LetterTemplateFields,
  NetworkOrganisation,
  NetworkStatus,
  OrganisationId,
  OrganisationProfile,
  ReferralAuditEntry,
  ReferralDetail,
  ReferralInbox,
  ReferralSummary,
  ShareField,
  SharedCaseData,
  Fingerprint
} from '../../domain/referrals/schemas';
import { Empty, Revision, Void } from '../schema-helpers';

/** Invitations and join requests: "anxin-…:v1:" + base64 of signed JSON. */
const TokenText = z.string().trim().min(1).max(20_000);
const Reason = z.string().trim().min(1).max(5000);
const Note = z.string().trim().min(1).max(20_000);
const PdfFile = z.strictObject({ filename: z.string(), mimeType: z.literal('application/pdf'), base64: z.string() });

export const referralsContract = {
  // ── network trust ──
  'network:status': { request: Empty, response: NetworkStatus },
  /** This organisation's profile (name, country, city, services), shared in its network entry. */
  'network:setProfile': { request: z.strictObject({ profile: OrganisationProfile }), response: NetworkStatus },
  /** Coordinator: create a network (its key is made here and never leaves this organisation). */
  'network:create': { request: z.strictObject({ name: z.string().trim().min(1).max(200) }), response: NetworkStatus },
  /** Member-to-be: the signed request to give the coordinator (text to paste or send). */
  'network:joinRequest': { request: Empty, response: z.strictObject({ text: z.string(), fingerprint: Fingerprint }) },
  /** Coordinator: read a join request before admitting it. */
  'network:inspectRequest': { request: z.strictObject({ text: TokenText }), response: JoinRequestPreview },
  /**
   * Coordinator: sign the organisation's entry (valid until the given date), publish the signed
   * directory on the relay, and answer the invitation for that organisation. `fingerprint` must
   * equal the request's: the coordinator typed what was read out on the phone. An organisation
   * already listed with OTHER keys is refused (`network/key-changed`) unless `replaceKey` is true
   * (the coordinator compared the NEW fingerprint on a number it already knew).
   */
  'network:admit': {
    request: z.strictObject({ text: TokenText, fingerprint: Fingerprint, validUntil: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), replaceKey: z.boolean().optional() }),
    response: z.strictObject({ invitation: z.string(), organisation: NetworkOrganisation })
  },
  /** Coordinator: remove an organisation from the network directory (published at once). */
  'network:remove': { request: z.strictObject({ organisationId: OrganisationId }), response: Void },
  'network:inspectInvitation': { request: z.strictObject({ text: TokenText }), response: InvitationPreview },
  /** Pins the network key from the invitation (its fingerprint must match what was read out). */
  'network:join': { request: z.strictObject({ text: TokenText, fingerprint: Fingerprint }), response: NetworkStatus },
  /** Fetches the signed directory from the relay, verifies every entry, updates pins. */
  'network:refresh': { request: Empty, response: z.strictObject({ organisations: z.number().int().min(0), changedKeys: z.number().int().min(0) }) },
  'network:organisations': { request: Empty, response: z.array(NetworkOrganisation) },
  /** After comparing the new fingerprint by phone: trust the changed key. */
  'network:acceptKeyChange': { request: z.strictObject({ organisationId: OrganisationId, fingerprint: Fingerprint }), response: NetworkOrganisation },

  // ── referrals ──
  'referrals:list': { request: Empty, response: z.strictObject({ sent: z.array(ReferralSummary), received: z.array(ReferralSummary) }) },
  'referrals:get': { request: z.strictObject({ id: RecordId }), response: ReferralDetail },
  /**
   * What composing a referral of this case to that organisation needs: consent, a preview, attachments.
   * The legal identity is read only with `includeIdentity: true` (the user ticked Identity): that
   * is a reveal, and the case's audit log gets a 'revealed' entry. Without it, `available` has no
   * identity and nothing is audited as revealed.
   */
  'referrals:prepare': {
    request: z.strictObject({ caseId: RecordId, organisationId: OrganisationId, includeIdentity: z.boolean().optional() }),
    response: z.strictObject({
      consent: z.strictObject({ allowed: z.boolean(), consentId: RecordId.nullable() }),
      /** Everything that could be shared (the renderer shows a preview of the chosen parts); `identity` only when asked for. */
      available: SharedCaseData,
      /** Whether the case has an identity record (told from the record's header: the record is not opened). */
      identityRecorded: z.boolean(),
      attachments: z.array(z.strictObject({ id: RecordId, name: z.string(), mimeType: z.string(), size: z.number().int().min(0) })),
      receiver: NetworkOrganisation,
      /** A reference number reserved for this referral (used in the letter). */
      reference: z.string()
    })
  },
  'referrals:send': {
    request: z.strictObject({
      caseId: RecordId,
      organisationId: OrganisationId,
      /** Index of the service in the receiver's entry. */
      serviceIndex: z.number().int().min(0).max(100),
      reference: z.string().max(40),
      fields: z.array(ShareField).max(20),
      attachmentIds: z.array(RecordId).max(20),
      letter: Letter,
      /** Required (a written reason, audited) when there is no consent to share with that organisation. */
      consentOverride: z.string().trim().max(5000).nullable(),
      answerByDays: z.number().int().min(1).max(90).optional(),
      expiresInDays: z.number().int().min(1).max(365).optional()
    }),
    response: ReferralSummary
  },
  /** Receiver: accept; a linked case is created with the shared fields and attachments. */
  'referrals:accept': { request: z.strictObject({ id: RecordId }), response: z.strictObject({ summary: ReferralSummary, caseId: RecordId }) },
  'referrals:decline': { request: z.strictObject({ id: RecordId, reason: Reason }), response: ReferralSummary },
  'referrals:requestInfo': { request: z.strictObject({ id: RecordId, question: Reason }), response: ReferralSummary },
  /** Sender: answer a request for more information. */
  'referrals:provideInfo': { request: z.strictObject({ id: RecordId, text: Note }), response: ReferralSummary },
  /** Receiver: a progress note reported back to the sender. */
  'referrals:progress': { request: z.strictObject({ id: RecordId, note: Note }), response: ReferralSummary },
  /** Receiver: closure reported back. */
  'referrals:close': { request: z.strictObject({ id: RecordId, note: Note }), response: ReferralSummary },
  /** Sender: withdraw (before a decision); the receiver deletes its copy and confirms. */
  'referrals:withdraw': { request: z.strictObject({ id: RecordId, reason: Reason }), response: ReferralSummary },
  /** Sends what is queued and fetches what arrived (also runs with every sync cycle). */
  'referrals:sync': { request: Empty, response: z.strictObject({ sent: z.number().int().min(0), received: z.number().int().min(0), refused: z.number().int().min(0) }) },
  /** Which device of this organisation reads the referrals mailbox, and when it last fetched. */
  'referrals:inbox': { request: Empty, response: ReferralInbox },
  /**
   * This device becomes the one that reads the mailbox: allowed with no handler, a removed one, or
   * one that has not fetched for HANDLER_STALE_HOURS (24); otherwise 'referral/invalid-state'.
   */
  'referrals:receiveHere': { request: Empty, response: ReferralInbox },
  /**
   * The referral's audit trail on this side (oldest first): who, which device, when, an action code
   * (translated as referrals.audit.action.<code>) and a detail that is never case data. Also for a
   * referral whose copy was deleted here (withdrawn, expired): the trail outlives the copy.
   */
  'referrals:audit': { request: z.strictObject({ id: RecordId }), response: z.array(ReferralAuditEntry) },
  /**
   * Messages refused that belong to no referral held here — a forged referral, one sealed to
   * another organisation, an unreadable part (newest first, at most REFUSED_SHOWN): when, which
   * device refused it, and the error code. Refusals of a held referral's steps are in its audit.
   */
  'referrals:refused': { request: Empty, response: z.array(ReferralAuditEntry) },
  /** The letter as PDF (both sides): names, date, reference, verification fingerprint. */
  'referrals:letterPdf': { request: z.strictObject({ id: RecordId }), response: PdfFile },
  'referrals:templates': { request: Empty, response: z.array(LetterTemplate) },
  'referrals:saveTemplate': {
    request: z.strictObject({ id: z.string().max(64).nullable(), baseRevision: Revision.nullable(), fields: LetterTemplateFields }),
    response: LetterTemplate
  },
  'referrals:deleteTemplate': { request: z.strictObject({ id: z.string().max(64), baseRevision: Revision }), response: Void }
} as const;

export const referralsEvents = {
  /** Something arrived or changed status (the board and inbox reload). */
  'referrals:changed': z.strictObject({ at: z.string() })
} as const;
