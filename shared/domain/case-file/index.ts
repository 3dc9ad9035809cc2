/** Everything of a case file beyond the core record (shared/domain/case.ts). */
export * from './identity';
export * from './dates';
export * from './incident';
export * from './consent';
export * from './risk';
export * from './risk-checklist';
export * from './plan';
export * from './attachment';
export * from './audit';
export * from './caseload';
