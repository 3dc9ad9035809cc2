import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { RESIDENCE_STATUSES, SensitiveIdentity, type SensitiveIdentityInput } from '../../../shared/domain/case-file';
import type { AppErrorInfo } from '../../../shared/result';
import { useT } from '../../app/i18n-store';
import { FieldMessage, useReportDirty, useFormatDay, FormActions, CodeSelect } from './form-bits';
import { useCaseFile } from './store';

const TEXT_FIELDS = ['legalName', 'nativeName', 'nationality', 'phone'] as const;

/** The sensitive identity: hidden by default; "Reveal" calls cases:reveal, which is audited. */
export function IdentitySection() {
  const t = useT();
  const formatDay = useFormatDay();
  const identity = useCaseFile((s) => s.identity);
  const reveal = useCaseFile((s) => s.reveal);
  const hide = useCaseFile((s) => s.hideIdentity);
  const [editing, setEditing] = useState(false);

  return (
    <section className="cf-identity" aria-labelledby="identity-title" data-testid="identity">
      <div className="cf-section-head">
        <h3 id="identity-title">{t('caseFiles.identity.title')}</h3>
        {identity ? (
          <div className="actions">
            {!editing && (
              <button type="button" className="button-secondary" onClick={() => setEditing(true)} data-testid="identity-edit">
                {t('caseFiles.identity.edit')}
              </button>
            )}
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setEditing(false);
                hide();
              }}
              data-testid="identity-hide"
            >
              {t('caseFiles.identity.hide')}
            </button>
          </div>
        ) : (
          <button type="button" className="button-secondary reveal-button" onClick={() => void reveal()} data-testid="identity-reveal">
            <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className="icon">
              <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12z" />
              <circle cx="12" cy="12" r="3" />
            </svg>
            {t('caseFiles.identity.reveal')}
          </button>
        )}
      </div>
      {!identity && <p className="muted">{t('caseFiles.identity.hiddenHelp')}</p>}
      {identity && editing && <IdentityForm initial={identity.identity} onDone={() => setEditing(false)} />}
      {identity && !editing && (
        <dl className="identity-grid" data-testid="identity-values">
          {identity.revision === 0 && <p className="muted">{t('caseFiles.identity.empty')}</p>}
          <div>
            <dt>{t('caseFiles.identity.legalName')}</dt>
            <dd>{identity.identity.legalName || '—'}</dd>
          </div>
          <div>
            <dt>{t('caseFiles.identity.nativeName')}</dt>
            <dd lang="zh-CN">{identity.identity.nativeName || '—'}</dd>
          </div>
          <div>
            <dt>{t('caseFiles.identity.dateOfBirth')}</dt>
            <dd>{identity.identity.dateOfBirth ? formatDay(identity.identity.dateOfBirth) : '—'}</dd>
          </div>
          <div>
            <dt>{t('caseFiles.identity.nationality')}</dt>
            <dd>{identity.identity.nationality || '—'}</dd>
          </div>
          <div>
            <dt>{t('caseFiles.identity.residenceStatus')}</dt>
            <dd>
              {t(`caseFiles.residence.${identity.identity.residenceStatus}`)}
              {identity.identity.residenceNote && ` — ${identity.identity.residenceNote}`}
            </dd>
          </div>
          <div>
            <dt>{t('caseFiles.identity.phone')}</dt>
            <dd>{identity.identity.phone || '—'}</dd>
          </div>
          <div className="wide">
            <dt>{t('caseFiles.identity.address')}</dt>
            <dd className="pre">{identity.identity.address || '—'}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}

function IdentityForm({ initial, onDone }: { initial: SensitiveIdentityInput; onDone: () => void }) {
  const t = useT();
  const save = useCaseFile((s) => s.saveIdentity);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const form = useForm({ resolver: zodResolver(SensitiveIdentity), defaultValues: SensitiveIdentity.parse(initial) });
  const { register, handleSubmit, formState } = form;
  useReportDirty('identity', formState.isDirty);
  const errors = formState.errors;

  return (
    <form
      className="cf-form"
      noValidate
      onSubmit={handleSubmit(async (values) => {
        const result = await save(values);
        if (!result.ok) setError(result.error);
        else onDone();
      })}
      data-testid="identity-form"
    >
      <div className="form-grid">
        {TEXT_FIELDS.map((name) => (
          <div className="field" key={name}>
            <label htmlFor={`identity-${name}`}>{t(`caseFiles.identity.${name}`)}</label>
            <input id={`identity-${name}`} type="text" autoComplete="off" spellCheck={false} aria-invalid={errors[name] ? true : undefined} {...register(name)} data-testid={`identity-${name}`} />
            <FieldMessage id={`identity-${name}-error`} error={errors[name]} field={name} />
          </div>
        ))}
        <div className="field">
          <label htmlFor="identity-dob">{t('caseFiles.identity.dateOfBirth')}</label>
          <input id="identity-dob" type="date" aria-invalid={errors.dateOfBirth ? true : undefined} {...register('dateOfBirth')} data-testid="identity-dateOfBirth" />
          <FieldMessage id="identity-dob-error" error={errors.dateOfBirth} field="dateOfBirth" />
        </div>
        <CodeSelect id="identity-residence" label={t('caseFiles.identity.residenceStatus')} codes={RESIDENCE_STATUSES} labelOf={(r) => t(`caseFiles.residence.${r}`)} registration={register('residenceStatus')} />
      </div>
      <div className="field">
        <label htmlFor="identity-residence-note">{t('caseFiles.identity.residenceNote')}</label>
        <textarea id="identity-residence-note" rows={2} {...register('residenceNote')} />
        <FieldMessage id="identity-residence-note-error" error={errors.residenceNote} field="residenceNote" />
      </div>
      <div className="field">
        <label htmlFor="identity-address">{t('caseFiles.identity.address')}</label>
        <textarea id="identity-address" rows={2} {...register('address')} data-testid="identity-address" />
        <FieldMessage id="identity-address-error" error={errors.address} field="address" />
      </div>
      <FormActions error={error} submitting={formState.isSubmitting} saveLabel={t('caseFiles.identity.save')} saveTestId="identity-save" onCancel={onDone} />
    </form>
  );
}
