/** Record kinds of the case files feature (all in the case's own collection unless noted). */
export const KIND = {
  case: 'case',
  identity: 'case-identity',
  incident: 'incident',
  consent: 'consent',
  assessment: 'risk-assessment',
  safetyPlan: 'safety-plan',
  casePlan: 'case-plan',
  task: 'task',
  attachment: 'attachment',
  audit: 'audit',
  /** In the organisation's settings collection. */
  settings: 'casefile-settings',
  /** In the organisation's settings collection: a case that was crypto-shredded. */
  shred: 'case-shred'
} as const;
