import type { RiskChecklist } from '../../../shared/domain/case-file';

/**
 * The id and version an edited checklist is saved under. Assessments store the checklist id and
 * version they were scored with, so each saved edit must be told apart: the first departure from
 * the built-in checklist gets an id of its own (a new one after every reset, so versions never
 * repeat under one id), and every later save the next version.
 */
export function nextChecklistIdentity(current: RiskChecklist, now: number): { id: string; version: number } {
  if (current.id === 'default') return { id: `own-${now.toString(36)}`, version: 1 };
  return { id: current.id, version: current.version + 1 };
}
