/** Small pieces shared by the case file's forms (react-hook-form + the shared zod schemas). */
import { useEffect, useState, type ReactNode } from 'react';
import type { FieldError, UseFormRegisterReturn } from 'react-hook-form';
import type { MessageKey } from '../../../shared/i18n';
import type { AppErrorInfo, Result } from '../../../shared/result';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useI18n, useT } from '../../app/i18n-store';
import { useCaseFile } from './store';

/** A zod issue (as react-hook-form reports it) → a translated message. */
export function issueMessage(error: FieldError | undefined, field: string): { key: MessageKey; params?: Record<string, number> } | null {
  if (!error) return null;
  const type = String(error.type);
  if (field === 'organisationId') return { key: 'caseFiles.consent.organisationRequired' };
  if (type === 'too_big') {
    const max = Number(/(\d+)/.exec(error.message ?? '')?.[1] ?? 0);
    return { key: 'caseFiles.validation.tooLong', params: { max } };
  }
  if (type === 'too_small') return { key: 'caseFiles.validation.required' };
  if (/date|On$|dateOfBirth|value/i.test(field)) return { key: 'caseFiles.validation.date' };
  return { key: 'caseFiles.validation.invalid' };
}

export function FieldMessage({ id, error, field }: { id: string; error: FieldError | undefined; field: string }) {
  const t = useT();
  const message = issueMessage(error, field);
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      {t(message.key, message.params)}
    </p>
  );
}

/** Tells the page (and the "leave this case?" prompt) that a form holds unsaved changes. */
export function useReportDirty(form: string, dirty: boolean): void {
  const setDirty = useCaseFile((s) => s.setDirty);
  useEffect(() => {
    setDirty(form, dirty);
    return () => setDirty(form, false);
  }, [form, dirty, setDirty]);
}

export function Section(props: { id: string; title: string; children: ReactNode; actions?: ReactNode; className?: string }) {
  return (
    <section id={props.id} className={`cf-section${props.className ? ` ${props.className}` : ''}`} aria-labelledby={`${props.id}-title`} data-testid={props.id}>
      <div className="cf-section-head">
        <h3 id={`${props.id}-title`}>{props.title}</h3>
        {props.actions}
      </div>
      {props.children}
    </section>
  );
}

/** Today as YYYY-MM-DD on this device (the default for "given on", "assessed on"…). */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** File sizes per locale (Intl). */
export function formatBytes(locale: string, bytes: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

/**
 * A calendar day (YYYY-MM-DD) in the UI's language. Formatted in UTC: the day is not a moment,
 * and local-time formatting would show the previous day west of Greenwich.
 */
export function useFormatDay(): (day: string) => string {
  const locale = useI18n((s) => s.locale);
  return (day: string) => {
    const date = new Date(`${day}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? day : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  };
}

/**
 * "Delete…" at the foot of a record's edit form, then a confirmation naming what goes (the
 * service audits the delete). On success the form closes through onDeleted.
 */
export function DeleteRecord(props: { question: string; onDelete: () => Promise<Result<unknown>>; onDeleted: () => void; testId: string }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  async function confirm() {
    setBusy(true);
    setError(null);
    const result = await props.onDelete();
    setBusy(false);
    if (!result.ok) return setError(result.error);
    props.onDeleted();
  }
  return (
    <div className="cf-delete-zone">
      {error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
      {asking ? (
        <div className="confirm-box" role="alertdialog" aria-labelledby={`${props.testId}-question`}>
          <p id={`${props.testId}-question`}>{props.question}</p>
          <p className="muted small">{t('caseFiles.deleteRecord.audited')}</p>
          <div className="actions">
            <button type="button" className="button-danger" onClick={() => void confirm()} disabled={busy} data-testid={`${props.testId}-confirm`}>
              {t('caseFiles.deleteRecord.confirm')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setAsking(false)} disabled={busy}>
              {t('caseFiles.form.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="button-link button-link-danger" onClick={() => setAsking(true)} data-testid={props.testId}>
          {t('caseFiles.deleteRecord.button')}
        </button>
      )}
    </div>
  );
}

/** The end of a case-file form: the error from the last save, then Save and Cancel. */
export function FormActions(props: { error: AppErrorInfo | null; submitting: boolean; saveLabel: string; saveTestId: string; onCancel: () => void }) {
  const t = useT();
  return (
    <>
      {props.error && <ErrorMessage error={props.error} />}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={props.submitting} data-testid={props.saveTestId}>
          {props.saveLabel}
        </button>
        <button type="button" className="button-secondary" onClick={props.onCancel}>
          {t('caseFiles.form.cancel')}
        </button>
      </div>
    </>
  );
}

/** A labelled <select> over a list of stable codes, each shown translated. */
export function CodeSelect<C extends string>(props: {
  id: string;
  label: string;
  codes: readonly C[];
  labelOf: (code: C) => string;
  registration: UseFormRegisterReturn;
  testId?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} {...props.registration} data-testid={props.testId}>
        {props.codes.map((code) => (
          <option key={code} value={code}>
            {props.labelOf(code)}
          </option>
        ))}
      </select>
    </div>
  );
}
