import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import {
  CONSENT_METHODS,
  CONSENT_SCOPES,
  CasePlanFields,
  ConsentInput,
  GOAL_STATUSES,
  NEED_DOMAINS,
  NEED_LEVELS,
  SafetyPlanFields,
  type CasePlan,
  type Consent,
  type SafetyPlan
} from '../../../shared/domain/case-file';
import type { AppErrorInfo } from '../../../shared/result';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useT } from '../../app/i18n-store';
import { useAutosave, type AutosaveState } from './autosave';
import { FieldMessage, Section, todayIso, useReportDirty, useFormatDay, FormActions, CodeSelect } from './form-bits';
import { useCaseFile } from './store';

export function AgreementsSection() {
  const t = useT();
  const plans = useCaseFile((s) => s.plans);
  const risk = useCaseFile((s) => s.risk);
  const caseId = useCaseFile((s) => s.caseId);
  return (
    <Section id="cf-agreed" title={t('caseFiles.consent.section')}>
      <Consents />
      {plans && (
        <>
          <details
            id="cf-safety-plan"
            className="cf-details"
            open={risk?.safetyPlanNeeded || plans.safetyPlan.revision > 0 ? true : undefined}
            data-testid="safety-plan"
          >
            <summary>{t('caseFiles.safety.title')}</summary>
            {plans.safetyPlan.revision === 0 && <p className="muted">{t('caseFiles.safety.never')}</p>}
            <SafetyPlanForm key={`${caseId}-sp`} plan={plans.safetyPlan} />
          </details>
          <details id="cf-case-plan" className="cf-details" open={plans.casePlan.revision > 0 ? true : undefined} data-testid="case-plan">
            <summary>{t('caseFiles.plan.title')}</summary>
            <CasePlanForm key={`${caseId}-cp`} plan={plans.casePlan} />
          </details>
        </>
      )}
    </Section>
  );
}

function AutosaveStatus({ state, error }: { state: AutosaveState; error: AppErrorInfo | null }) {
  const t = useT();
  const text =
    state === 'saving'
      ? t('caseFiles.autosave.saving')
      : state === 'pending'
        ? t('caseFiles.autosave.unsaved')
        : state === 'saved'
          ? t('caseFiles.autosave.saved')
          : state === 'invalid'
            ? t('caseFiles.autosave.invalid')
            : t('caseFiles.autosave.help');
  return (
    <>
      <p className={`save-state autosave-${state}`} role="status" data-testid="autosave-state" data-state={state}>
        {text}
      </p>
      {error && <ErrorMessage error={error} />}
    </>
  );
}

const SAFETY_FIELDS = ['warningSigns', 'safePlaces', 'trustedPeople', 'emergencyContacts', 'goBag', 'childrenPlan', 'digitalSafety', 'afterLeaving'] as const;

function SafetyPlanForm({ plan }: { plan: SafetyPlan }) {
  const t = useT();
  const save = useCaseFile((s) => s.saveSafetyPlan);
  const form = useForm({ resolver: zodResolver(SafetyPlanFields), defaultValues: SafetyPlanFields.parse(pick(plan, [...SAFETY_FIELDS, 'reviewOn'])) });
  const autosave = useAutosave(form, save);
  useReportDirty('safety-plan', form.formState.isDirty);
  const errors = form.formState.errors;
  return (
    <form className="cf-form" noValidate onSubmit={(e) => e.preventDefault()} data-testid="safety-plan-form">
      <AutosaveStatus {...autosave} />
      <div className="form-grid">
        {SAFETY_FIELDS.map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`sp-${name}`}>{t(`caseFiles.safety.${name}`)}</label>
            <textarea id={`sp-${name}`} rows={3} {...form.register(name)} aria-invalid={errors[name] ? true : undefined} data-testid={`sp-${name}`} />
            <FieldMessage id={`sp-${name}-error`} error={errors[name]} field={name} />
          </div>
        ))}
      </div>
      <div className="field">
        <label htmlFor="sp-review">{t('caseFiles.safety.reviewOn')}</label>
        <input id="sp-review" type="date" {...form.register('reviewOn')} />
      </div>
    </form>
  );
}

function CasePlanForm({ plan }: { plan: CasePlan }) {
  const t = useT();
  const save = useCaseFile((s) => s.saveCasePlan);
  const form = useForm({ resolver: zodResolver(CasePlanFields), defaultValues: CasePlanFields.parse(pick(plan, ['needs', 'goals', 'note'])) });
  const needs = useFieldArray({ control: form.control, name: 'needs' });
  const goals = useFieldArray({ control: form.control, name: 'goals' });
  const autosave = useAutosave(form, save);
  useReportDirty('case-plan', form.formState.isDirty);
  const [goalText, setGoalText] = useState('');
  const needIndex = (domain: string) => needs.fields.findIndex((n) => n.domain === domain);

  return (
    <form className="cf-form" noValidate onSubmit={(e) => e.preventDefault()} data-testid="case-plan-form">
      <AutosaveStatus {...autosave} />
      <fieldset className="field">
        <legend>{t('caseFiles.plan.needs')}</legend>
        <div className="needs-grid">
          {NEED_DOMAINS.map((domain) => {
            const i = needIndex(domain);
            return (
              <label key={domain} className="need-row">
                <span>{t(`caseFiles.need.${domain}`)}</span>
                <select
                  value={i >= 0 ? form.watch(`needs.${i}.level`) : 'none'}
                  onChange={(e) => {
                    const level = e.target.value as (typeof NEED_LEVELS)[number];
                    if (i < 0 && level !== 'none') needs.append({ domain, level, note: '' });
                    else if (i >= 0 && level === 'none') needs.remove(i);
                    else if (i >= 0) form.setValue(`needs.${i}.level`, level, { shouldDirty: true });
                  }}
                  data-testid={`need-${domain}`}
                >
                  {NEED_LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {t(`caseFiles.needLevel.${l}`)}
                    </option>
                  ))}
                </select>
              </label>
            );
          })}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>{t('caseFiles.plan.goals')}</legend>
        <ul className="goal-list">
          {goals.fields.map((goal, i) => (
            <li key={goal.id}>
              <input type="text" {...form.register(`goals.${i}.text`)} aria-label={t('caseFiles.plan.goals')} />
              <select {...form.register(`goals.${i}.status`)} aria-label={t('caseFiles.task.status')}>
                {GOAL_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`caseFiles.plan.goalStatus.${s}`)}
                  </option>
                ))}
              </select>
              <button type="button" className="button-quiet" onClick={() => goals.remove(i)}>
                {t('caseFiles.plan.removeGoal')}
              </button>
            </li>
          ))}
        </ul>
        <div className="inline-row">
          <input
            type="text"
            value={goalText}
            maxLength={1000}
            onChange={(e) => setGoalText(e.target.value)}
            placeholder={t('caseFiles.plan.newGoal')}
            aria-label={t('caseFiles.plan.newGoal')}
            data-testid="goal-text"
          />
          <button
            type="button"
            className="button-secondary"
            disabled={!goalText.trim()}
            onClick={() => {
              goals.append({ id: randomId(), domain: null, text: goalText.trim(), status: 'open' });
              setGoalText('');
            }}
            data-testid="goal-add"
          >
            {t('caseFiles.plan.addGoal')}
          </button>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="cp-note">{t('caseFiles.plan.note')}</label>
        <textarea id="cp-note" rows={3} {...form.register('note')} />
        <FieldMessage id="cp-note-error" error={form.formState.errors.note} field="note" />
      </div>
    </form>
  );
}

function Consents() {
  const t = useT();
  const formatDay = useFormatDay();
  const consents = useCaseFile((s) => s.consents);
  const [adding, setAdding] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  return (
    <div className="consents" data-testid="consents">
      <div className="cf-subhead">
        <h4>{t('caseFiles.consent.title')}</h4>
        {!adding && (
          <button type="button" className="button-secondary" onClick={() => setAdding(true)} data-testid="consent-add">
            {t('caseFiles.consent.add')}
          </button>
        )}
      </div>
      {adding && <ConsentForm onDone={() => setAdding(false)} />}
      {consents.length === 0 && !adding && <p className="muted">{t('caseFiles.consent.none')}</p>}
      <ul className="cf-cards">
        {consents.map((c) => (
          <li key={c.id} className={`cf-card${c.withdrawnOn ? ' is-withdrawn' : ''}`} data-testid="consent">
            <div className="cf-card-head">
              <strong>
                {t(`caseFiles.consent.scope.${c.scope}`)}
                {c.organisationName && ` — ${c.organisationName}`}
              </strong>
              <span className={`consent-state ${c.withdrawnOn ? 'withdrawn' : 'active'}`}>
                {c.withdrawnOn ? t('caseFiles.consent.withdrawn', { date: formatDay(c.withdrawnOn) }) : t('caseFiles.consent.active')}
              </span>
            </div>
            <p className="muted small">
              {t('caseFiles.consent.given', {
                date: formatDay(c.givenOn),
                method: t(`caseFiles.consent.method.${c.method}`),
                name: c.recordedBy
              })}
            </p>
            {c.note && <p className="pre">{c.note}</p>}
            {!c.withdrawnOn && withdrawing?.id !== c.id && (
              <button type="button" className="button-link" onClick={() => setWithdrawing(c)} data-testid="consent-withdraw">
                {t('caseFiles.consent.withdraw')}
              </button>
            )}
            {withdrawing?.id === c.id && <WithdrawForm consent={c} onDone={() => setWithdrawing(null)} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

function ConsentForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const record = useCaseFile((s) => s.recordConsent);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const { register, handleSubmit, formState, watch } = useForm({
    resolver: zodResolver(ConsentInput),
    defaultValues: { scope: 'services', organisationId: null, organisationName: '', givenOn: todayIso(), method: 'written', note: '' } as const
  });
  useReportDirty('consent', formState.isDirty);
  const scope = watch('scope');
  const errors = formState.errors;
  return (
    <form
      className="cf-form"
      noValidate
      onSubmit={handleSubmit(async (values) => {
        // The organisation's name stands for its id until the directory (referrals issue) exists.
        const consent = values.scope === 'share-with-organisation' ? { ...values, organisationId: values.organisationName.trim() || null } : { ...values, organisationId: null, organisationName: '' };
        const result = await record(consent);
        if (!result.ok) setError(result.error);
        else onDone();
      })}
      data-testid="consent-form"
    >
      <div className="form-grid">
        <CodeSelect id="consent-scope" label={t('caseFiles.consent.scope')} codes={CONSENT_SCOPES} labelOf={(s) => t(`caseFiles.consent.scope.${s}`)} registration={register('scope')} testId="consent-scope" />
        {scope === 'share-with-organisation' && (
          <div className="field">
            <label htmlFor="consent-org">{t('caseFiles.consent.organisation')}</label>
            <input id="consent-org" type="text" {...register('organisationName')} data-testid="consent-organisation" />
            <FieldMessage id="consent-org-error" error={errors.organisationId ?? errors.organisationName} field="organisationId" />
          </div>
        )}
        <div className="field">
          <label htmlFor="consent-given">{t('caseFiles.consent.givenOn')}</label>
          <input id="consent-given" type="date" {...register('givenOn')} aria-invalid={errors.givenOn ? true : undefined} data-testid="consent-given" />
          <FieldMessage id="consent-given-error" error={errors.givenOn} field="givenOn" />
        </div>
        <CodeSelect id="consent-method" label={t('caseFiles.consent.method')} codes={CONSENT_METHODS} labelOf={(m) => t(`caseFiles.consent.method.${m}`)} registration={register('method')} testId="consent-method" />
      </div>
      <div className="field">
        <label htmlFor="consent-note">{t('caseFiles.consent.note')}</label>
        <textarea id="consent-note" rows={2} {...register('note')} />
        <FieldMessage id="consent-note-error" error={errors.note} field="note" />
      </div>
      <FormActions error={error} submitting={formState.isSubmitting} saveLabel={t('caseFiles.consent.save')} saveTestId="consent-save" onCancel={onDone} />
    </form>
  );
}

function WithdrawForm({ consent, onDone }: { consent: Consent; onDone: () => void }) {
  const t = useT();
  const withdraw = useCaseFile((s) => s.withdrawConsent);
  const [date, setDate] = useState(todayIso());
  const [error, setError] = useState<AppErrorInfo | null>(null);
  return (
    <form
      className="inline-row withdraw-form"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const result = await withdraw(consent.id, { date });
        if (!result.ok) setError(result.error);
        else onDone();
      }}
    >
      <label htmlFor={`withdraw-${consent.id}`}>{t('caseFiles.consent.withdrawOn')}</label>
      <input id={`withdraw-${consent.id}`} type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
      <button type="submit" className="button-danger" data-testid="consent-withdraw-confirm">
        {t('caseFiles.consent.confirmWithdraw')}
      </button>
      <button type="button" className="button-secondary" onClick={onDone}>
        {t('caseFiles.form.cancel')}
      </button>
      {error && <ErrorMessage error={error} />}
    </form>
  );
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, source[k]])) as Pick<T, K>;
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
