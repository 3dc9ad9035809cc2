/**
 * Organisation settings of the case files (a section of Settings): the retention period after
 * closing (caseload:setSettings) and the organisation's own risk checklist (risk:setChecklist),
 * both validated with the shared zod schemas before they are sent.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState, type FormEvent } from 'react';
import { useForm } from 'react-hook-form';
import { CaseFileSettings, RiskChecklist, type CaseFileSettings as Settings } from '../../../shared/domain/case-file';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../../shared/i18n';
import type { AppErrorInfo } from '../../../shared/result';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useI18n, useT } from '../../app/i18n-store';
import { settle } from '../../app/notices';
import { getApi } from '../../bridge';
import { useCaseload } from '../caseload/store';
import { nextChecklistIdentity } from './checklist-identity';
import { FieldMessage } from './form-bits';
import { useCaseFile } from './store';
import './case-file.css';

export function OrganisationSettings() {
  return (
    <>
      <RetentionSettings />
      <ChecklistSettings />
    </>
  );
}

function RetentionSettings() {
  const t = useT();
  const [loaded, setLoaded] = useState<Settings | null>(null);
  const [never, setNever] = useState(false);
  const [months, setMonths] = useState('');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<Settings | null>(null);
  const [error, setError] = useState<AppErrorInfo | null>(null);

  useEffect(() => {
    let live = true;
    void settle(() => getApi().caseload.settings({})).then((r) => {
      if (!live) return;
      if (!r.ok) return setError(r.error);
      setLoaded(r.value);
      setNever(r.value.retentionMonths === null);
      setMonths(r.value.retentionMonths === null ? '24' : String(r.value.retentionMonths));
    });
    return () => {
      live = false;
    };
  }, []);

  const candidate = { retentionMonths: never ? null : /^\d+$/.test(months.trim()) ? Number(months.trim()) : NaN };
  const parsed = CaseFileSettings.safeParse(candidate);
  const invalid = !never && !parsed.success;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!parsed.success || busy) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    const r = await settle(() => getApi().caseload.setSettings(parsed.data));
    setBusy(false);
    if (!r.ok) return setError(r.error);
    setLoaded(r.value);
    setSaved(r.value);
    // The caseload's retention flags depend on it.
    void useCaseload.getState().load();
  }

  return (
    <section className="card" aria-labelledby="settings-retention" data-testid="settings-retention">
      <h2 id="settings-retention">{t('caseFiles.settings.retention.title')}</h2>
      <p>{t('caseFiles.settings.retention.body')}</p>
      <p className="retention-explainer" data-testid="retention-explainer">
        {t('caseFiles.settings.retention.neverDeleted')}
      </p>
      {loaded && (
        <form onSubmit={onSubmit} noValidate aria-busy={busy}>
          <div className="field">
            <label htmlFor="retention-months">{t('caseFiles.settings.retention.months')}</label>
            <div className="inline-row">
              <input
                id="retention-months"
                className="input-short"
                type="number"
                inputMode="numeric"
                min={1}
                max={600}
                step={1}
                value={months}
                disabled={never}
                onChange={(e) => {
                  setMonths(e.target.value);
                  setSaved(null);
                }}
                aria-invalid={invalid || undefined}
                aria-describedby={invalid ? 'retention-invalid' : undefined}
                data-testid="retention-months"
              />
              <span className="muted">{t('caseFiles.settings.retention.monthsUnit')}</span>
            </div>
            {invalid && (
              <p className="field-error" id="retention-invalid">
                {t('caseFiles.settings.retention.invalid')}
              </p>
            )}
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={never}
              onChange={(e) => {
                setNever(e.target.checked);
                setSaved(null);
              }}
              data-testid="retention-never"
            />
            {t('caseFiles.settings.retention.neverFlag')}
          </label>
          {error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
          <div className="actions">
            <button type="submit" className="button-primary" disabled={!parsed.success || busy} data-testid="retention-save">
              {t('caseFiles.settings.retention.save')}
            </button>
          </div>
          <div role="status">
            {saved && (
              <p className="success" data-testid="retention-saved">
                {saved.retentionMonths === null
                  ? t('caseFiles.settings.retention.savedNever')
                  : t('caseFiles.settings.retention.saved', { months: saved.retentionMonths })}
              </p>
            )}
          </div>
        </form>
      )}
      {!loaded && error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
    </section>
  );
}

function ChecklistSettings() {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const [current, setCurrent] = useState<RiskChecklist | null>(null);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const [done, setDone] = useState<'saved' | 'reset' | null>(null);
  const [askingReset, setAskingReset] = useState(false);

  useEffect(() => {
    let live = true;
    void settle(() => getApi().risk.checklist({})).then((r) => {
      if (!live) return;
      if (r.ok) setCurrent(r.value);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, []);

  function applied(checklist: RiskChecklist, how: 'saved' | 'reset') {
    setCurrent(checklist);
    setDone(how);
    // The case file page caches the checklist for its assessment form.
    useCaseFile.setState({ checklist });
  }

  async function reset() {
    setError(null);
    setDone(null);
    const r = await settle(() => getApi().risk.setChecklist({ checklist: null }));
    setAskingReset(false);
    if (!r.ok) return setError(r.error);
    applied(r.value, 'reset');
  }

  return (
    <section className="card" aria-labelledby="settings-checklist" data-testid="settings-checklist">
      <h2 id="settings-checklist">{t('caseFiles.settings.checklist.title')}</h2>
      <p>{t('caseFiles.settings.checklist.body')}</p>
      {current && (
        <p className="muted small" data-testid="checklist-origin">
          {current.id === 'default'
            ? t('caseFiles.settings.checklist.builtIn')
            : t('caseFiles.settings.checklist.own', { version: current.version })}
        </p>
      )}
      {error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
      <div role="status">
        {done && (
          <p className="success" data-testid="checklist-saved">
            {done === 'saved' ? t('caseFiles.settings.checklist.saved') : t('caseFiles.settings.checklist.wasReset')}
          </p>
        )}
      </div>
      {current && (
        <ChecklistForm
          key={`${current.id}:${current.version}`}
          checklist={current}
          locale={locale}
          onSaved={(c) => applied(c, 'saved')}
          onError={setError}
          onChange={() => setDone(null)}
        />
      )}
      {current && current.id !== 'default' && (
        <div className="checklist-reset">
          {askingReset ? (
            <div className="confirm-box" role="alertdialog" aria-labelledby="checklist-reset-question">
              <p id="checklist-reset-question">{t('caseFiles.settings.checklist.resetQuestion')}</p>
              <div className="actions">
                <button type="button" className="button-danger" onClick={() => void reset()} data-testid="checklist-reset-confirm">
                  {t('caseFiles.settings.checklist.reset')}
                </button>
                <button type="button" className="button-secondary" onClick={() => setAskingReset(false)}>
                  {t('caseFiles.form.cancel')}
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className="button-secondary" onClick={() => setAskingReset(true)} data-testid="checklist-reset">
              {t('caseFiles.settings.checklist.reset')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}

function ChecklistForm(props: {
  checklist: RiskChecklist;
  locale: Locale;
  onSaved: (c: RiskChecklist) => void;
  onError: (e: AppErrorInfo | null) => void;
  onChange: () => void;
}) {
  const t = useT();
  const { checklist, locale } = props;
  const { register, handleSubmit, formState, watch, reset } = useForm<RiskChecklist>({
    resolver: zodResolver(RiskChecklist),
    defaultValues: checklist
  });
  const errors = formState.errors;
  const questions = watch('questions');
  const medium = watch('thresholds.medium');
  const high = watch('thresholds.high');
  const total = (questions ?? []).reduce((sum, q) => sum + (Number.isFinite(q.weight) ? q.weight : 0), 0);
  const orderWrong = Number.isInteger(medium) && Number.isInteger(high) && medium >= high;
  const unreachable = Number.isInteger(high) && high > total;
  const num = { valueAsNumber: true, onChange: props.onChange } as const;

  return (
    <form
      className="cf-form checklist-form"
      noValidate
      onSubmit={handleSubmit(async (values) => {
        props.onError(null);
        const next = { ...values, ...nextChecklistIdentity(checklist, Date.now()) };
        const r = await settle(() => getApi().risk.setChecklist({ checklist: next }));
        if (!r.ok) return props.onError(r.error);
        reset(r.value);
        props.onSaved(r.value);
      })}
      data-testid="checklist-form"
    >
      <fieldset className="field">
        <legend>{t('caseFiles.settings.checklist.thresholds')}</legend>
        <p className="field-help">{t('caseFiles.settings.checklist.thresholdsHelp', { total })}</p>
        <div className="field-row">
          <div className="field">
            <label htmlFor="checklist-medium">{t('caseFiles.settings.checklist.mediumFrom')}</label>
            <input
              id="checklist-medium"
              className="input-short"
              type="number"
              min={1}
              step={1}
              {...register('thresholds.medium', num)}
              aria-invalid={errors.thresholds?.medium || orderWrong ? true : undefined}
              data-testid="checklist-medium"
            />
            {errors.thresholds?.medium && (
              <p className="field-error">{t('caseFiles.settings.checklist.thresholdInvalid')}</p>
            )}
          </div>
          <div className="field">
            <label htmlFor="checklist-high">{t('caseFiles.settings.checklist.highFrom')}</label>
            <input
              id="checklist-high"
              className="input-short"
              type="number"
              min={1}
              step={1}
              {...register('thresholds.high', num)}
              aria-invalid={errors.thresholds?.high || orderWrong ? true : undefined}
              data-testid="checklist-high"
            />
            {errors.thresholds?.high && (
              <p className="field-error">{t('caseFiles.settings.checklist.thresholdInvalid')}</p>
            )}
          </div>
        </div>
        {orderWrong && (
          <p className="field-error" data-testid="checklist-order-error">
            {t('caseFiles.settings.checklist.orderInvalid')}
          </p>
        )}
        {!orderWrong && unreachable && <p className="field-warning">{t('caseFiles.settings.checklist.unreachable', { total })}</p>}
      </fieldset>

      <details className="checklist-title">
        <summary>
          {t('caseFiles.settings.checklist.name')} <strong>{watch(`title.${locale}`)}</strong>
        </summary>
        <div className="checklist-texts">
          {LOCALES.map((l) => (
            <div className="field" key={l}>
              <label htmlFor={`checklist-title-${l}`}>{LOCALE_NAMES[l]}</label>
              <input id={`checklist-title-${l}`} type="text" lang={l} {...register(`title.${l}`, { onChange: props.onChange })} />
              <FieldMessage id={`checklist-title-${l}-error`} error={errors.title?.[l]} field="title" />
            </div>
          ))}
        </div>
      </details>

      <p className="form-section-title">{t('caseFiles.settings.checklist.questions')}</p>
      <p className="field-help">{t('caseFiles.settings.checklist.questionsHelp')}</p>
      <ol className="checklist-questions">
        {checklist.questions.map((q, i) => {
          const qErrors = errors.questions?.[i];
          const textInvalid = LOCALES.some((l) => qErrors?.text?.[l]);
          return (
            <li key={q.id} className="checklist-question" data-testid={`checklist-q-${q.id}`}>
              <div className="checklist-question-head">
                <span className="checklist-question-text">{questions?.[i]?.text?.[locale] || q.text[locale]}</span>
                <label className="checklist-weight">
                  <span>{t('caseFiles.settings.checklist.weight')}</span>
                  <input
                    className="input-short"
                    type="number"
                    min={1}
                    max={20}
                    step={1}
                    {...register(`questions.${i}.weight`, num)}
                    aria-invalid={qErrors?.weight ? true : undefined}
                    data-testid={`checklist-weight-${q.id}`}
                  />
                </label>
              </div>
              {qErrors?.weight && <p className="field-error">{t('caseFiles.settings.checklist.weightInvalid')}</p>}
              <details open={textInvalid || undefined}>
                <summary>{t('caseFiles.settings.checklist.editTexts')}</summary>
                <div className="checklist-texts">
                  {LOCALES.map((l) => (
                    <div className="field" key={l}>
                      <label htmlFor={`checklist-${q.id}-${l}`}>{LOCALE_NAMES[l]}</label>
                      <textarea
                        id={`checklist-${q.id}-${l}`}
                        rows={2}
                        lang={l}
                        {...register(`questions.${i}.text.${l}`, { onChange: props.onChange })}
                        aria-invalid={qErrors?.text?.[l] ? true : undefined}
                        data-testid={`checklist-text-${q.id}-${l}`}
                      />
                      <FieldMessage id={`checklist-${q.id}-${l}-error`} error={qErrors?.text?.[l]} field="text" />
                    </div>
                  ))}
                </div>
              </details>
            </li>
          );
        })}
      </ol>
      {formState.submitCount > 0 && !formState.isValid && (
        <p className="field-error" role="alert">
          {t('caseFiles.settings.checklist.fixErrors')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={formState.isSubmitting} data-testid="checklist-save">
          {t('caseFiles.settings.checklist.save')}
        </button>
        <button type="button" className="button-secondary" disabled={!formState.isDirty} onClick={() => reset(checklist)}>
          {t('caseFiles.settings.checklist.undo')}
        </button>
      </div>
    </form>
  );
}
