/**
 * Referrals between organisations and the network that vouches for them (docs/referrals.md,
 * trust model in docs/security.md). These are the shapes the renderer sees; the sealed wire
 * format lives in main/services/referrals/wire.ts and never reaches the renderer.
 */
import { z } from 'zod';
import { REFERRALS_READER_STALE_MS } from '../../relay/protocol';
import { ERROR_CODES } from '../../errors';
import { ContactSafety, Dependant, IsoDate, RecordId, YesNoUnknown } from '../case';
import { IncidentFields } from '../case-file/incident';
import { SensitiveIdentity } from '../case-file/identity';
import { RiskLevel } from '../case-file/risk';
import { LanguageSchema, ServiceTypeSchema } from '../directory/schemas';

/** 32 lowercase hex: the relay's organisation id, also the id in the network directory. */
export const OrganisationId = z.string().regex(/^[0-9a-f]{32}$/);
/** A key fingerprint for reading aloud: 8 groups of 4 digits ("1234 5678 …"), see crypto.keyFingerprint. */
export const Fingerprint = z.string().max(200);

// ─── network trust ───────────────────────────────────────────────────────────

/** One service an organisation offers, as listed in its network entry. */
export const NetworkService = z.strictObject({
  type: ServiceTypeSchema,
  name: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  languages: z.array(LanguageSchema).min(1).max(20),
  hours: z.string().max(300).default(''),
  phone: z.string().max(40).default(''),
  email: z.string().max(200).default(''),
  acceptsReferrals: z.boolean().default(true)
});
export type NetworkService = z.infer<typeof NetworkService>;

/** What an organisation says about itself when it asks to join (and what the coordinator signs). */
export const OrganisationProfile = z.strictObject({
  name: z.string().trim().min(1).max(200),
  /** ISO 3166-1 alpha-2. */
  country: z.string().regex(/^[A-Z]{2}$/),
  city: z.string().trim().min(1).max(100),
  services: z.array(NetworkService).max(30).default([]),
  /** Demo organisations are marked everywhere (fictional data only). */
  demo: z.boolean().default(false)
});
export type OrganisationProfile = z.infer<typeof OrganisationProfile>;
export type OrganisationProfileInput = z.input<typeof OrganisationProfile>;

/**
 * How this device sees another organisation's keys:
 * - 'pinned': the key in the signed entry is the one first seen (or explicitly re-verified);
 * - 'changed': the network now lists another key: a blocking warning until someone compares
 *   the new fingerprint by phone and accepts it (network:acceptKeyChange).
 */
export const PinState = z.enum(['pinned', 'changed']);
export type PinState = z.infer<typeof PinState>;

export const NetworkOrganisation = z.strictObject({
  organisationId: OrganisationId,
  profile: OrganisationProfile,
  /** Fingerprint of the keys in the current signed entry. */
  fingerprint: Fingerprint,
  /** When 'changed': the fingerprint pinned before. */
  pinnedFingerprint: Fingerprint,
  pin: PinState,
  validUntil: z.string(),
  /** validUntil is in the past: nothing can be sent to it. */
  expired: z.boolean(),
  /** This organisation itself. */
  self: z.boolean(),
  coordinator: z.boolean()
});
export type NetworkOrganisation = z.infer<typeof NetworkOrganisation>;

export const NetworkStatus = z.strictObject({
  /** Whether the device belongs to an organisation on a relay (docs/sync.md): a prerequisite. */
  organisationReady: z.boolean(),
  organisationId: OrganisationId.nullable(),
  /** This organisation's referral-key fingerprint (to read to the coordinator). */
  fingerprint: Fingerprint.nullable(),
  profile: OrganisationProfile.nullable(),
  network: z
    .strictObject({
      networkId: z.string(),
      name: z.string(),
      /** Fingerprint of the pinned network coordinator key. */
      fingerprint: Fingerprint,
      /** This organisation holds the coordinator key. */
      coordinator: z.boolean(),
      /** Own entry's validity (null = not listed yet). */
      validUntil: z.string().nullable(),
      /** When the signed directory was last fetched and verified (null = never). */
      refreshedAt: z.string().nullable(),
      /**
       * The outcome of the last refresh of this session, background or by hand (null = none yet
       * since unlock; kept in memory: docs/network.md "Refreshing the directory"). `error.code`
       * is translated in the UI (`sync/relay-unreachable`: the relay could not be reached).
       */
      lastRefresh: z
        .strictObject({
          at: z.string(),
          ok: z.boolean(),
          error: z.strictObject({ code: z.enum(ERROR_CODES) }).nullable()
        })
        .nullable(),
      /**
       * A member's directory was last verified more than DIRECTORY_STALE_DAYS ago: revoked
       * organisations or replaced keys may not show yet. Never true for the coordinator.
       */
      stale: z.boolean()
    })
    .nullable(),
  /**
   * The verified directory lists this organisation with keys that are not its own: someone
   * else's keys under its name (referrals meant for it would go to them). Call the coordinator.
   */
  ownEntryMismatch: z.boolean()
});
export type NetworkStatus = z.infer<typeof NetworkStatus>;

/** A member's directory not verified for longer than this is stale (NetworkStatus.network.stale). */
export const DIRECTORY_STALE_DAYS = 7;

/** What a coordinator sees of a join request before admitting it (compare the fingerprint by phone). */
export const JoinRequestPreview = z.strictObject({
  organisationId: OrganisationId,
  profile: OrganisationProfile,
  fingerprint: Fingerprint,
  /** The organisation as the directory lists it now (null: not listed). */
  listed: z.strictObject({ fingerprint: Fingerprint, name: z.string() }).nullable(),
  /**
   * - 'new': not listed;
   * - 'renewal': listed with the same keys (a new validity date, perhaps a new profile);
   * - 'replacement': listed with OTHER keys — admitting replaces them (network:admit needs
   *   `replaceKey: true`): a blocking warning, compare the new fingerprint by phone first.
   */
  admission: z.enum(['new', 'renewal', 'replacement'])
});
export type JoinRequestPreview = z.infer<typeof JoinRequestPreview>;

export const InvitationPreview = z.strictObject({
  networkId: z.string(),
  name: z.string(),
  fingerprint: Fingerprint,
  organisationId: OrganisationId,
  validUntil: z.string()
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;

// ─── what a referral shares ──────────────────────────────────────────────────

/**
 * Parts of a case a referral can carry. The pseudonym always goes (the receiver needs a name
 * for her); everything else is opt-in, and the default is the minimum: pseudonym + languages.
 */
export const SHARE_FIELDS = ['languages', 'location', 'summary', 'contact-safety', 'identity', 'dependants', 'risk', 'incidents'] as const;
export const ShareField = z.enum(SHARE_FIELDS);
export type ShareField = z.infer<typeof ShareField>;
export const DEFAULT_SHARE_FIELDS: readonly ShareField[] = ['languages'];

/** The case data inside a sealed referral: only the chosen parts are present. */
export const SharedCaseData = z.strictObject({
  pseudonym: z.string().min(1).max(80),
  languages: z.array(z.string().max(40)).max(20).optional(),
  interpreterNeeded: YesNoUnknown.optional(),
  country: z.string().max(2).optional(),
  city: z.string().max(100).optional(),
  summary: z.string().max(20_000).optional(),
  contactSafety: ContactSafety.optional(),
  identity: SensitiveIdentity.optional(),
  dependants: z.array(Dependant).max(30).optional(),
  risk: z.strictObject({ level: RiskLevel, assessedAt: z.string() }).nullable().optional(),
  incidents: z.array(IncidentFields).max(200).optional()
});
export type SharedCaseData = z.infer<typeof SharedCaseData>;

export const ReferralAttachment = z.strictObject({
  /** Index inside the referral (0, 1, …): attachments are addressed by position, not by the sender's ids. */
  index: z.number().int().min(0),
  name: z.string().max(255),
  mimeType: z.string().max(100),
  size: z.number().int().min(0),
  /** SHA-256 of the plaintext, hex. */
  sha256: z.string()
});
export type ReferralAttachment = z.infer<typeof ReferralAttachment>;

/** Letter languages: always Chinese, plus the receiver's language. */
export const LETTER_LANGUAGES = ['en', 'fr', 'nl'] as const;
export const LetterLanguage = z.enum(LETTER_LANGUAGES);
export type LetterLanguage = z.infer<typeof LetterLanguage>;

export const Letter = z.strictObject({
  zh: z.string().max(20_000),
  other: z.string().max(20_000),
  otherLanguage: LetterLanguage
});
export type Letter = z.infer<typeof Letter>;

/** An organisation-editable, bilingual letter template; {{placeholders}} filled by fillLetter(). */
export const LetterTemplateFields = z.strictObject({
  name: z.string().trim().min(1).max(120),
  zh: z.string().max(20_000),
  en: z.string().max(20_000),
  fr: z.string().max(20_000),
  nl: z.string().max(20_000)
});
export type LetterTemplateFields = z.infer<typeof LetterTemplateFields>;
export const LetterTemplate = LetterTemplateFields.extend({
  id: z.string().max(64),
  /** 0 for the built-in templates (copy one to edit it). */
  revision: z.number().int().min(0),
  builtIn: z.boolean()
});
export type LetterTemplate = z.infer<typeof LetterTemplate>;

// ─── lifecycle ───────────────────────────────────────────────────────────────

/**
 * Every step is a signed, immutable message chained to the previous one (its hash).
 * sender → receiver: referral, provide-info, withdraw. receiver → sender: accept, decline,
 * request-info, progress, close, withdraw-confirmed.
 */
export const STEP_KINDS = ['referral', 'accept', 'decline', 'request-info', 'provide-info', 'progress', 'close', 'withdraw', 'withdraw-confirmed'] as const;
export const StepKind = z.enum(STEP_KINDS);
export type StepKind = z.infer<typeof StepKind>;

/**
 * - queued: written and signed here, not yet on the relay (offline);
 * - sent: on the relay, no answer yet; received: (receiver) waiting for a decision;
 * - info-requested: the receiver asked a question; accepted / declined / closed;
 * - withdrawn: the sender withdrew it (the receiver's copy is deleted; `withdrawConfirmedAt` says when);
 * - expired: no decision before expiresAt.
 */
export const REFERRAL_STATUSES = ['queued', 'sent', 'received', 'info-requested', 'accepted', 'declined', 'closed', 'withdrawn', 'expired'] as const;
export const ReferralStatus = z.enum(REFERRAL_STATUSES);
export type ReferralStatus = z.infer<typeof ReferralStatus>;

export const Party = z.strictObject({ organisationId: OrganisationId, name: z.string(), country: z.string() });
export type Party = z.infer<typeof Party>;

export const ReferralSummary = z.strictObject({
  id: RecordId,
  /** Human reference, e.g. "RF-2026-7K3Q9M": on the letter, in phone calls. */
  reference: z.string(),
  direction: z.enum(['sent', 'received']),
  status: ReferralStatus,
  from: Party,
  to: Party,
  serviceName: z.string(),
  serviceType: ServiceTypeSchema,
  pseudonym: z.string(),
  /** Sender: the case it came from; receiver: the linked case once accepted. */
  caseId: RecordId.nullable(),
  createdAt: z.string(),
  /** A decision is expected by then; afterwards the referral is overdue (highlighted). */
  answerBy: IsoDate,
  expiresAt: IsoDate,
  overdue: z.boolean(),
  updatedAt: z.string(),
  /** Steps written here that have not reached the relay yet. */
  queuedSteps: z.number().int().min(0),
  withdrawConfirmedAt: z.string().nullable()
});
export type ReferralSummary = z.infer<typeof ReferralSummary>;

export const ReferralStepView = z.strictObject({
  index: z.number().int().min(0),
  kind: StepKind,
  /** Organisation that signed it. */
  by: Party,
  at: z.string(),
  /** Reason, question, answer or note ('' for referral/accept). */
  text: z.string(),
  /** Fingerprint of this step's signed bytes (shown for verification). */
  fingerprint: Fingerprint,
  queued: z.boolean()
});
export type ReferralStepView = z.infer<typeof ReferralStepView>;

export const ReferralDetail = z.strictObject({
  summary: ReferralSummary,
  steps: z.array(ReferralStepView),
  /** null once deleted (withdrawn or expired on the receiving side). */
  shared: SharedCaseData.nullable(),
  fields: z.array(ShareField),
  attachments: z.array(ReferralAttachment),
  letter: Letter.nullable(),
  consent: z.strictObject({
    /** The consent record that allowed it, or null when overridden. */
    consentId: RecordId.nullable(),
    /** The written reason when sent without a matching consent ('' otherwise). */
    overrideReason: z.string()
  }),
  /** Verification fingerprint of the original signed referral (also printed on the letter). */
  verification: Fingerprint
});
export type ReferralDetail = z.infer<typeof ReferralDetail>;

/** Defaults: a decision is expected within 7 days; an undecided referral expires after 30. */
export const DEFAULT_ANSWER_DAYS = 7;
export const DEFAULT_EXPIRY_DAYS = 30;

// ─── the per-referral audit log ──────────────────────────────────────────────

/** A step one side signs and sends: every kind but the referral itself (auditing that is 'sent'). */
export type SignedStepKind = Exclude<StepKind, 'referral'>;

/**
 * Stable codes of the per-referral audit (`referral-audit` records, both sides, kept after a
 * deletion; translated as `referrals.audit.action.<code>`), as main/services/referrals writes them:
 * - `sent` (sender; detail: the receiving organisation), `consent-override` (sent without a
 *   consent record, under a written reason);
 * - `received` (receiver; detail: the sending organisation);
 * - a step this side signed: `accept` … `withdraw`, and `withdraw-confirmed` (the receiver, after
 *   deleting its copy); `received-<step>`: a step the other side signed, checked and applied here;
 * - `deleted-copy` (withdrawn: the receiver's copy crypto-shredded), `expired-deleted-copy`;
 * - `letter-pdf` (the letter was exported as PDF);
 * - `refused` (a message naming this referral was refused, nothing applied; detail: the error
 *   code — forged, tampered, replayed…).
 */
export const REFERRAL_AUDIT_ACTIONS = [
  'sent',
  'consent-override',
  'received',
  'accept',
  'decline',
  'request-info',
  'provide-info',
  'progress',
  'close',
  'withdraw',
  'withdraw-confirmed',
  'received-accept',
  'received-decline',
  'received-request-info',
  'received-provide-info',
  'received-progress',
  'received-close',
  'received-withdraw',
  'received-withdraw-confirmed',
  'deleted-copy',
  'expired-deleted-copy',
  'letter-pdf',
  'refused'
] as const;
export const ReferralAuditAction = z.enum(REFERRAL_AUDIT_ACTIONS);
export type ReferralAuditAction = z.infer<typeof ReferralAuditAction>;

/** The audit code of a step the other side signed (the type checks every such code is listed above). */
export const receivedAuditAction = (kind: SignedStepKind): ReferralAuditAction => `received-${kind}`;

/**
 * One entry of `referrals:audit`. `action` is `unknown` for a code this version does not know (an
 * entry written by a newer version on another of the organisation's devices). `detail` is never
 * case data: the other organisation's name for `sent`/`received`, the error code for `refused`,
 * '' otherwise (a consent override's written reason stays in the referral's detail).
 */
export const ReferralAuditEntry = z.strictObject({
  at: z.string(),
  /** Display name of the profile that was unlocked. */
  actor: z.string(),
  /** The device id that wrote it. */
  device: z.string(),
  /** That device's label in this organisation's device list; '' when it is not in it (the other organisation's devices). */
  deviceLabel: z.string(),
  action: z.enum([...REFERRAL_AUDIT_ACTIONS, 'unknown']),
  detail: z.string()
});
export type ReferralAuditEntry = z.infer<typeof ReferralAuditEntry>;

/**
 * A handler that has not fetched the organisation's referrals mailbox for this long may be
 * replaced by another device of the organisation (`referrals:receiveHere`; docs/referrals.md
 * "Several devices of one organisation").
 */
export const HANDLER_STALE_HOURS = REFERRALS_READER_STALE_MS / 3_600_000; // 24: the relay's reader lease decides with the same span

const InboxDevice = z.strictObject({ deviceId: z.string(), label: z.string() });

/** One change of the reading device, as `referrals:inbox` shows it (newest first). */
export const ReferralHandover = z.strictObject({
  at: z.string(),
  /** Display name of the profile that was unlocked on the device that took over. */
  by: z.string(),
  device: InboxDevice,
  /** The device that read the mailbox before; null for the first one. */
  from: InboxDevice.nullable(),
  /** When that device last fetched (null: never, or not known). */
  fromLastFetchedAt: z.string().nullable(),
  /**
   * first: no device read it yet; removed: the reader was removed; silent: no fetch for
   * HANDLER_STALE_HOURS; relay: `from` believed it was the reader and the relay named `device`.
   */
  reason: z.enum(['first', 'removed', 'silent', 'relay'])
});
export type ReferralHandover = z.infer<typeof ReferralHandover>;

/** Which device of this organisation reads the referrals mailbox (`referrals:inbox`). */
export const ReferralInbox = z.strictObject({
  /** null: no device has read the mailbox yet (the first one that syncs referrals will). */
  handler: z
    .strictObject({
      deviceId: z.string(),
      /** Its label in the organisation's device list; '' when the sync service does not know it. */
      label: z.string(),
      thisDevice: z.boolean(),
      /** The device was removed from the organisation (the next device that syncs takes over). */
      removed: z.boolean()
    })
    .nullable(),
  /** When the handler last pulled the mailbox (written at most once an hour); null: not yet. */
  lastFetchedAt: z.string().nullable(),
  /** When the handler became the handler (null on records from before this was kept). */
  since: z.string().nullable(),
  /** Another device may take over now: no handler, removed, or no fetch for HANDLER_STALE_HOURS. */
  stale: z.boolean(),
  staleAfterHours: z.number().int(),
  /** The newest 20 changes of the reading device, newest first. */
  handovers: z.array(ReferralHandover)
});
export type ReferralInbox = z.infer<typeof ReferralInbox>;
