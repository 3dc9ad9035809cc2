/**
 * Interview notes: the shapes that cross the IPC boundary and the body of a sealed 'interview'
 * record. Length limits keep one revision well under the store's 1 MiB record limit even when
 * every answer is full (CJK is 3 bytes a character in UTF-8).
 */
import { z } from 'zod';
import { RecordId } from '../case';
import { LOCALES } from '../../i18n/locales';

/** Stable codes; the UI translates them. */
export const PLACE_TYPES = ['cafe', 'home', 'hospital', 'office', 'phone', 'shelter', 'other'] as const;
export const PlaceType = z.enum(PLACE_TYPES);
export type PlaceType = z.infer<typeof PlaceType>;

/** Languages an interview can be held in (or a template written in): the four UI languages plus a few common ones. */
export const INTERVIEW_LANGUAGES = ['zh', 'yue', 'wuu', 'en', 'fr', 'nl', 'de', 'other'] as const;
export const InterviewLanguage = z.enum(INTERVIEW_LANGUAGES);
export type InterviewLanguage = z.infer<typeof InterviewLanguage>;

export const TemplateLocale = z.enum(LOCALES);
export type TemplateLocale = z.infer<typeof TemplateLocale>;

export const MAX_ANSWER_CHARS = 50_000;
export const MAX_NOTES_CHARS = 100_000;

export const InterviewMeta = z.strictObject({
  interviewer: z.string().trim().min(1).max(120),
  /** The day of the interview, YYYY-MM-DD. */
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  placeType: PlaceType,
  languages: z.array(InterviewLanguage).min(1).max(INTERVIEW_LANGUAGES.length),
  /** The interpreter's name, or null when none was present. */
  interpreter: z.string().trim().min(1).max(120).nullable(),
  othersPresent: z.string().max(500)
});
export type InterviewMeta = z.infer<typeof InterviewMeta>;

export const TemplateQuestion = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  prompt: z.string().trim().min(1).max(500),
  guidance: z.string().max(2000)
});
export type TemplateQuestion = z.infer<typeof TemplateQuestion>;

export const TEMPLATE_PURPOSES = ['first-contact', 'needs-assessment', 'story', 'follow-up', 'custom'] as const;
export const TemplatePurpose = z.enum(TEMPLATE_PURPOSES);
export type TemplatePurpose = z.infer<typeof TemplatePurpose>;

export const TemplateFields = z.strictObject({
  title: z.string().trim().min(1).max(120),
  purpose: TemplatePurpose,
  locale: TemplateLocale,
  /** Shown above the questions: how to open, what to watch for. */
  guidance: z.string().max(4000),
  questions: z.array(TemplateQuestion).min(1).max(40)
});
export type TemplateFields = z.infer<typeof TemplateFields>;

/** Built-in templates have ids like 'builtin:first-contact:zh-CN' and are read-only. */
export const TemplateId = z.union([RecordId, z.string().regex(/^builtin:[a-z-]+:[a-zA-Z-]+$/)]);

export const Template = TemplateFields.extend({
  id: TemplateId,
  builtin: z.boolean(),
  revision: z.number().int().nonnegative()
});
export type Template = z.infer<typeof Template>;

export const InterviewContent = z.strictObject({
  meta: InterviewMeta,
  /** question id → free-text answer */
  answers: z.record(z.string().regex(/^[a-z0-9-]{1,40}$/), z.string().max(MAX_ANSWER_CHARS)),
  notes: z.string().max(MAX_NOTES_CHARS)
});
export type InterviewContent = z.infer<typeof InterviewContent>;

export const INTERVIEW_STAGES = ['draft', 'finalised', 'linked'] as const;
export const InterviewStage = z.enum(INTERVIEW_STAGES);
export type InterviewStage = z.infer<typeof InterviewStage>;

export const SignOff = z.strictObject({
  by: z.string().min(1).max(120),
  at: z.string(),
  /** The revision that was signed off. */
  revision: z.number().int().positive()
});
export type SignOff = z.infer<typeof SignOff>;

/** The sealed body of an 'interview' record. The template is copied in, so later template edits change no interview. */
export const InterviewBody = z.strictObject({
  template: z.strictObject({
    id: TemplateId,
    title: z.string(),
    locale: TemplateLocale,
    guidance: z.string(),
    questions: z.array(TemplateQuestion)
  }),
  content: InterviewContent,
  caseId: RecordId.nullable(),
  signOff: SignOff.nullable(),
  createdAt: z.string()
});
export type InterviewBody = z.infer<typeof InterviewBody>;

export const Interview = InterviewBody.extend({
  id: RecordId,
  revision: z.number().int().positive(),
  stage: InterviewStage,
  /** Signed off, then edited: the sign-off covers an earlier revision. */
  editedSinceSignOff: z.boolean(),
  updatedAt: z.string()
});
export type Interview = z.infer<typeof Interview>;

export const InterviewSummary = z.strictObject({
  id: RecordId,
  revision: z.number().int().positive(),
  stage: InterviewStage,
  title: z.string(),
  interviewer: z.string(),
  date: z.string(),
  caseId: RecordId.nullable(),
  updatedAt: z.string()
});
export type InterviewSummary = z.infer<typeof InterviewSummary>;

export const InterviewRevision = z.strictObject({
  revision: z.number().int().positive(),
  updatedAt: z.string(),
  stage: InterviewStage,
  /** This revision is the one the interviewer signed off. */
  signedOff: z.boolean(),
  chars: z.number().int().nonnegative()
});
export type InterviewRevision = z.infer<typeof InterviewRevision>;

export const DiffPart = z.strictObject({ op: z.enum(['same', 'added', 'removed']), text: z.string() });
export type DiffPart = z.infer<typeof DiffPart>;
export const FieldDiff = z.strictObject({ field: z.string(), label: z.string(), parts: z.array(DiffPart) });
export type FieldDiff = z.infer<typeof FieldDiff>;

export const IDENTIFIER_TYPES = ['name', 'phone', 'email', 'address', 'id-number', 'date', 'workplace'] as const;
export const IdentifierType = z.enum(IDENTIFIER_TYPES);
export type IdentifierType = z.infer<typeof IdentifierType>;

export const Finding = z.strictObject({
  /** `${section}:${start}:${end}` — stable for one revision's text. */
  id: z.string(),
  section: z.number().int().nonnegative(),
  start: z.number().int().nonnegative(),
  end: z.number().int().positive(),
  text: z.string(),
  type: IdentifierType,
  suggestion: z.string()
});
export type Finding = z.infer<typeof Finding>;

export const StorySection = z.strictObject({ heading: z.string(), text: z.string() });
export type StorySection = z.infer<typeof StorySection>;

export const Decision = z.strictObject({
  findingId: z.string().max(40),
  action: z.enum(['replace', 'keep']),
  replacement: z.string().max(80)
});
export type Decision = z.infer<typeof Decision>;

export const EXPORT_FORMATS = ['markdown', 'pdf'] as const;
export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;
