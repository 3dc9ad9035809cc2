/**
 * One entry in a case's timeline. Every feature that records something about a case (incidents,
 * assessments, tasks, consent, status, interview notes, referrals, attachments) contributes
 * entries through a TimelineSource; the case-files timeline merges them newest first.
 */
import { z } from 'zod';
import { RecordId } from './case';

export const TIMELINE_KINDS = [
  'incident',
  'assessment',
  'task',
  'plan',
  'consent',
  'status',
  'profile',
  'attachment',
  'note',
  'referral',
  'audit'
] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

export const TimelineEntry = z.strictObject({
  /** The record the entry is about (an incident id, a note id, …). */
  recordId: RecordId,
  caseId: RecordId,
  kind: TimelineKind,
  /** ISO time the event happened (or was recorded, when the event time is unknown). */
  at: z.string(),
  /** Short text for the list; already in the data's own language (not a UI message key). */
  title: z.string(),
  /** A stable message key suffix for the UI, e.g. 'created', 'updated', 'finalised'. */
  action: z.string()
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** Implemented by each feature's service; called only while the vault is unlocked. */
export type TimelineSource = (caseId: string) => TimelineEntry[];
