/**
 * Words for a conflict's record kind and field (docs/sync.md, "Conflicts"): the sync layer names
 * them by their storage names (`case`, `summary`); known ones are shown translated, anything
 * else (a kind a later feature adds) by its raw name.
 */
import type { MessageKey } from '../../../shared/i18n/en';
import type { TranslateFn } from '../../app/i18n-store';

const KINDS = {
  case: 'sync.kind.case',
  'case-identity': 'sync.kind.case-identity',
  incident: 'sync.kind.incident',
  consent: 'sync.kind.consent',
  'risk-assessment': 'sync.kind.risk-assessment',
  'safety-plan': 'sync.kind.safety-plan',
  'case-plan': 'sync.kind.case-plan',
  task: 'sync.kind.task',
  attachment: 'sync.kind.attachment',
  interview: 'sync.kind.interview',
  'note-template': 'sync.kind.note-template',
  note: 'sync.kind.note'
} as const satisfies Record<string, MessageKey>;

const FIELDS = {
  summary: 'sync.fieldName.summary',
  notes: 'sync.fieldName.notes',
  note: 'sync.fieldName.note',
  description: 'sync.fieldName.description',
  text: 'sync.fieldName.text',
  title: 'sync.fieldName.title',
  address: 'sync.fieldName.address',
  residenceNote: 'sync.fieldName.residenceNote',
  mustNotKnow: 'sync.fieldName.mustNotKnow',
  warningSigns: 'sync.fieldName.warningSigns',
  safePlaces: 'sync.fieldName.safePlaces',
  trustedPeople: 'sync.fieldName.trustedPeople',
  emergencyContacts: 'sync.fieldName.emergencyContacts',
  goBag: 'sync.fieldName.goBag',
  childrenPlan: 'sync.fieldName.childrenPlan',
  digitalSafety: 'sync.fieldName.digitalSafety',
  afterLeaving: 'sync.fieldName.afterLeaving'
} as const satisfies Record<string, MessageKey>;

function label(t: TranslateFn, table: Record<string, MessageKey>, name: string): string {
  // Own keys only: a field called `constructor` is not a message.
  return Object.hasOwn(table, name) ? t(table[name]!) : name;
}

export const kindLabel = (t: TranslateFn, kind: string): string => label(t, KINDS, kind);
export const fieldLabel = (t: TranslateFn, field: string): string => label(t, FIELDS, field);
