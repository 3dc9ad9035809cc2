/** Maps zod issues from CaseFields to translated, per-field messages (keyed by the field path). */
import { CaseFields } from '../../../shared/domain/case';
import type { MessageKey, Params } from '../../../shared/i18n';

export type FieldMessage = { key: MessageKey; params?: Params };
/** Keys are field paths: 'pseudonym', 'country', 'contactSafety.codeWord', … */
export type CaseFieldErrors = Partial<Record<string, FieldMessage>>;

export function messageFor(path: string, issue: { code: string; maximum?: unknown }): FieldMessage {
  if (path === 'pseudonym') {
    return issue.code === 'too_big'
      ? { key: 'validation.pseudonymTooLong', params: { max: Number(issue.maximum) } }
      : { key: 'validation.pseudonymRequired' };
  }
  if (path === 'summary') return { key: 'validation.summaryTooLong', params: { max: issue.code === 'too_big' ? Number(issue.maximum) : 20_000 } };
  if (path === 'status') return { key: 'validation.status' };
  if (path === 'country') return { key: 'caseFiles.validation.country' };
  if (issue.code === 'too_big') return { key: 'caseFiles.validation.tooLong', params: { max: Number(issue.maximum) } };
  return { key: 'caseFiles.validation.invalid' };
}

export function validateCase(draft: unknown): CaseFieldErrors {
  const parsed = CaseFields.safeParse(draft);
  if (parsed.success) return {};
  const errors: CaseFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.');
    if (!errors[path]) errors[path] = messageFor(path, issue as { code: string; maximum?: unknown });
  }
  return errors;
}
