/**
 * What of each record kind goes into the case's search document. Only non-sensitive fields:
 * the identity record has no entry here on purpose, and neither has the contact code word.
 */
import type { ConsentInput, IncidentFields, TaskFields, CasePlanFields, SafetyPlanFields } from '../../../shared/domain/case-file';

const join = (parts: Array<string | null | undefined>) => parts.filter((s) => s).join('\n');

export const incidentText = (f: IncidentFields) =>
  join([f.date.value, f.place, f.forms.join(' '), f.perpetratorRelation, f.description]);

export const taskText = (f: TaskFields) => join([f.title, f.owner, f.status, f.note]);

export const consentText = (f: Pick<ConsentInput, 'scope' | 'organisationName' | 'note'> & { withdrawalNote?: string }) =>
  join([f.scope, f.organisationName, f.note, f.withdrawalNote]);

export const casePlanText = (f: CasePlanFields) =>
  join([...f.needs.map((n) => `${n.domain} ${n.note}`), ...f.goals.map((g) => g.text), f.note]);

export const safetyPlanText = (f: SafetyPlanFields) =>
  join([f.warningSigns, f.safePlaces, f.trustedPeople, f.emergencyContacts, f.goBag, f.childrenPlan, f.digitalSafety, f.afterLeaving]);

export const assessmentText = (f: { note: string }) => f.note;

export const attachmentText = (f: { fileName: string; description: string; category: string }) => join([f.fileName, f.description, f.category]);
