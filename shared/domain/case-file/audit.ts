/** The per-case audit log: sealed, append-only records of kind 'audit' in the case's collection. */
import { z } from 'zod';
import { RecordId } from '../case';

/** Stable codes, translated in the UI (`caseFiles.audit.<code>`). */
export const AUDIT_ACTIONS = [
  'created',
  'viewed',
  'revealed',
  'edited',
  'status-changed',
  'consent-changed',
  'assessed',
  'attachment-added',
  'attachment-viewed',
  'attachment-deleted',
  'exported',
  'exported-unencrypted',
  'deleted',
  'referral-sent',
  'referral-consent-override',
  'referral-updated',
  'referral-withdrawn'
] as const;
export const AuditAction = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof AuditAction>;

export const AuditEntry = z.strictObject({
  id: RecordId,
  caseId: RecordId,
  action: AuditAction,
  /** Display name of the unlocked profile. */
  actor: z.string(),
  /** The device id that wrote it. */
  device: z.string(),
  at: z.string(),
  /** What it was about: 'identity', 'incident', an attachment's id… never sensitive content. */
  target: z.string(),
  detail: z.string()
});
export type AuditEntry = z.infer<typeof AuditEntry>;
