/** IPC channels of the feature: Interview notes. Merged into shared/ipc/contract.ts. */
import { z } from 'zod';
import { RecordId } from '../../domain/case';
import {
  Decision,
  ExportFormat,
  FieldDiff,
  Finding,
  Interview,
  InterviewContent,
  InterviewMeta,
  InterviewRevision,
  InterviewSummary,
  StorySection,
  Template,
  TemplateFields,
  TemplateId
} from '../../domain/notes/schemas';
import { Empty, Revision, Void } from '../schema-helpers';

const ById = z.strictObject({ id: RecordId });
const ByIdRevision = z.strictObject({ id: RecordId, baseRevision: Revision });
const Heading = z.string().trim().min(1).max(120);

export const notesContract = {
  'notes:templates': { request: Empty, response: z.array(Template) },
  'notes:templateCopy': { request: z.strictObject({ id: TemplateId, title: z.string().trim().min(1).max(120) }), response: Template },
  'notes:templateUpdate': { request: z.strictObject({ id: RecordId, baseRevision: Revision, fields: TemplateFields }), response: Template },
  'notes:templateDelete': { request: ByIdRevision, response: Void },

  'notes:list': { request: Empty, response: z.array(InterviewSummary) },
  'notes:create': {
    request: z.strictObject({ templateId: TemplateId, meta: InterviewMeta, caseId: RecordId.nullable() }),
    response: Interview
  },
  'notes:get': { request: ById, response: Interview },
  /** The autosave: answered only once the revision is committed (synchronous=FULL). */
  'notes:save': {
    request: z.strictObject({ id: RecordId, baseRevision: Revision, content: InterviewContent }),
    response: z.strictObject({ revision: Revision, updatedAt: z.string() })
  },
  'notes:finalise': { request: z.strictObject({ id: RecordId, baseRevision: Revision, by: z.string().trim().min(1).max(120) }), response: Interview },
  'notes:link': { request: z.strictObject({ id: RecordId, baseRevision: Revision, caseId: RecordId }), response: Interview },
  'notes:createCase': {
    request: z.strictObject({ id: RecordId, baseRevision: Revision, pseudonym: z.string().trim().min(1).max(80), summary: z.string().max(20_000) }),
    response: z.strictObject({ interview: Interview, caseId: RecordId })
  },
  'notes:delete': { request: ByIdRevision, response: Void },
  'notes:history': { request: ById, response: z.array(InterviewRevision) },
  'notes:revision': { request: z.strictObject({ id: RecordId, revision: Revision }), response: Interview },
  'notes:diff': { request: z.strictObject({ id: RecordId, from: Revision, to: Revision }), response: z.array(FieldDiff) },
  'notes:storyPrepare': {
    request: z.strictObject({ id: RecordId, revision: Revision.optional(), notesHeading: Heading }),
    response: z.strictObject({ revision: Revision, sections: z.array(StorySection), findings: z.array(Finding) })
  },
  /** The one plaintext exit: an anonymised, consented story the user chose to export. */
  'notes:storyExport': {
    request: z.strictObject({
      id: RecordId,
      revision: Revision,
      format: ExportFormat,
      title: z.string().max(200),
      subtitle: z.string().max(200),
      notesHeading: Heading,
      decisions: z.array(Decision).max(5000)
    }),
    response: z.strictObject({ filename: z.string(), mimeType: z.string(), base64: z.string() })
  }
} as const;

export const notesEvents = {} as const;
