/** IPC channels of the case files feature (issue: case files). Merged into shared/ipc/contract.ts. */
import { z } from 'zod';
import { CaseFields, CaseRecord, CaseRevision, CaseSummary, RecordId } from '../../domain/case';
import { Empty, Revision, Void } from '../schema-helpers';

export const caseFilesContract = {
  'cases:list': { request: Empty, response: z.array(CaseSummary) },
  'cases:get': { request: z.strictObject({ id: RecordId }), response: CaseRecord },
  'cases:create': { request: z.strictObject({ fields: CaseFields }), response: CaseRecord },
  'cases:update': {
    request: z.strictObject({ id: RecordId, baseRevision: Revision, fields: CaseFields }),
    response: CaseRecord
  },
  'cases:delete': { request: z.strictObject({ id: RecordId, baseRevision: Revision }), response: Void },
  'cases:history': { request: z.strictObject({ id: RecordId }), response: z.array(CaseRevision) }
} as const;

export const caseFilesEvents = {} as const;
