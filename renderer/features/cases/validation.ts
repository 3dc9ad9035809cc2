/** Maps zod issues from CaseFields to translated, per-field messages. */
import { CaseFields } from '../../../shared/domain/case';
import type { MessageKey, Params } from '../../../shared/i18n';

export type FieldMessage = { key: MessageKey; params?: Params };
export type CaseFieldErrors = Partial<Record<'pseudonym' | 'status' | 'summary', FieldMessage>>;

export function validateCase(draft: unknown): CaseFieldErrors {
  const parsed = CaseFields.safeParse(draft);
  if (parsed.success) return {};
  const errors: CaseFieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'pseudonym' && !errors.pseudonym) {
      errors.pseudonym =
        issue.code === 'too_big'
          ? { key: 'validation.pseudonymTooLong', params: { max: Number(issue.maximum) } }
          : { key: 'validation.pseudonymRequired' };
    } else if (field === 'summary' && !errors.summary) {
      errors.summary = { key: 'validation.summaryTooLong', params: { max: issue.code === 'too_big' ? Number(issue.maximum) : 20_000 } };
    } else if (field === 'status' && !errors.status) {
      errors.status = { key: 'validation.status' };
    }
  }
  return errors;
}
