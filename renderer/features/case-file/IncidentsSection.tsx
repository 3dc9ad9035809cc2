import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { YES_NO_UNKNOWN } from '../../../shared/domain/case';
import {
  DATE_PRECISIONS,
  IncidentFields,
  PERPETRATOR_RELATIONS,
  POLICE_REPORT,
  VIOLENCE_FORMS,
  type ApproxDate,
  type Incident,
  type IncidentFieldsInput
} from '../../../shared/domain/case-file';
import type { AppErrorInfo } from '../../../shared/result';
import { useI18n, useT } from '../../app/i18n-store';
import { DeleteRecord, FieldMessage, Section, todayIso, useReportDirty, FormActions, CodeSelect } from './form-bits';
import { useCaseFile } from './store';

/** An approximate date in the UI's language: "14 Mar 2025", "March 2025", "2025". */
export function formatApproxDate(locale: string, date: ApproxDate, unknownText: string): string {
  if (date.precision === 'unknown') return unknownText;
  if (date.precision === 'year') return date.value;
  if (date.precision === 'month') {
    const [y, m] = date.value.split('-').map(Number) as [number, number];
    return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
  }
  const [y, m, d] = date.value.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, d));
}

export function IncidentsSection() {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const incidents = useCaseFile((s) => s.incidents);
  const [editing, setEditing] = useState<Incident | 'new' | null>(null);
  const sorted = [...incidents].sort((a, b) => b.date.value.localeCompare(a.date.value));

  return (
    <Section
      id="cf-incidents"
      title={t('caseFiles.incident.section')}
      actions={
        editing === null && (
          <button type="button" className="button-secondary" onClick={() => setEditing('new')} data-testid="incident-add">
            {t('caseFiles.incident.add')}
          </button>
        )
      }
    >
      {editing !== null && <IncidentForm incident={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      {sorted.length === 0 && editing === null && <p className="muted">{t('caseFiles.incident.none')}</p>}
      <ul className="cf-cards">
        {sorted.map((incident) => (
          <li key={incident.id} className="cf-card" data-testid="incident">
            <div className="cf-card-head">
              <strong>{formatApproxDate(locale, incident.date, t('caseFiles.incident.unknownDate'))}</strong>
              {incident.place && <span className="muted"> · {incident.place}</span>}
              <button type="button" className="button-link" onClick={() => setEditing(incident)} data-testid="incident-edit">
                {t('caseFiles.incident.edit')}
              </button>
            </div>
            {incident.forms.length > 0 && (
              <p className="tags">
                {incident.forms.map((f) => (
                  <span key={f} className="tag">
                    {t(`caseFiles.violence.${f}`)}
                  </span>
                ))}
              </p>
            )}
            <p className="muted small">
              {t('caseFiles.incident.perpetrator')}: {t(`caseFiles.relation.${incident.perpetratorRelation}`)} · {t('caseFiles.incident.police')}:{' '}
              {t(`caseFiles.police.${incident.reportedToPolice}`)} · {t('caseFiles.incident.injuries')}: {t(`caseFiles.yesNo.${incident.injuries}`)} ·{' '}
              {t('caseFiles.incident.medical')}: {t(`caseFiles.yesNo.${incident.medicalCare}`)}
            </p>
            {incident.description && <p className="pre">{incident.description}</p>}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function IncidentForm({ incident, onDone }: { incident: Incident | null; onDone: () => void }) {
  const t = useT();
  const save = useCaseFile((s) => s.saveIncident);
  const remove = useCaseFile((s) => s.deleteIncident);
  const locale = useI18n((s) => s.locale);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const defaults: IncidentFieldsInput = incident
    ? IncidentFields.parse({
        date: incident.date,
        place: incident.place,
        forms: incident.forms,
        perpetratorRelation: incident.perpetratorRelation,
        reportedToPolice: incident.reportedToPolice,
        injuries: incident.injuries,
        medicalCare: incident.medicalCare,
        description: incident.description
      })
    : IncidentFields.parse({ date: { precision: 'day', value: todayIso() } });
  const { register, handleSubmit, formState, watch, setValue } = useForm({ resolver: zodResolver(IncidentFields), defaultValues: defaults });
  useReportDirty('incident', formState.isDirty);
  const errors = formState.errors;
  const precision = watch('date.precision');

  return (
    <form
      className="cf-form"
      noValidate
      onSubmit={handleSubmit(async (values) => {
        const result = await save(incident?.id, incident?.revision ?? 0, values);
        if (!result.ok) setError(result.error);
        else onDone();
      })}
      data-testid="incident-form"
    >
      <fieldset className="field">
        <legend>{t('caseFiles.incident.date')}</legend>
        <div className="field-row">
          <div className="field">
            <label htmlFor="incident-precision">{t('caseFiles.incident.precision')}</label>
            <select
              id="incident-precision"
              {...register('date.precision', {
                onChange: (e: { target: { value: string } }) => {
                  if (e.target.value === 'unknown') setValue('date.value', '');
                  if (e.target.value === 'day') setValue('date.value', todayIso());
                }
              })}
              data-testid="incident-precision"
            >
              {DATE_PRECISIONS.map((p) => (
                <option key={p} value={p}>
                  {t(`caseFiles.incident.precision.${p}`)}
                </option>
              ))}
            </select>
          </div>
          {precision !== 'unknown' && (
            <div className="field">
              <label htmlFor="incident-date">{t('caseFiles.incident.dateValue')}</label>
              <input
                id="incident-date"
                type={precision === 'day' ? 'date' : 'text'}
                inputMode="numeric"
                aria-invalid={errors.date ? true : undefined}
                {...register('date.value')}
                data-testid="incident-date"
              />
              <FieldMessage id="incident-date-error" error={errors.date as never} field="date" />
            </div>
          )}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="incident-place">{t('caseFiles.incident.place')}</label>
        <input id="incident-place" type="text" autoComplete="off" {...register('place')} data-testid="incident-place" />
        <FieldMessage id="incident-place-error" error={errors.place} field="place" />
      </div>
      <fieldset className="field">
        <legend>{t('caseFiles.incident.forms')}</legend>
        <div className="checkbox-grid">
          {VIOLENCE_FORMS.map((f) => (
            <label key={f} className="checkbox">
              <input type="checkbox" value={f} {...register('forms')} data-testid={`incident-form-${f}`} />
              {t(`caseFiles.violence.${f}`)}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="form-grid">
        <CodeSelect id="incident-relation" label={t('caseFiles.incident.perpetrator')} codes={PERPETRATOR_RELATIONS} labelOf={(r) => t(`caseFiles.relation.${r}`)} registration={register('perpetratorRelation')} testId="incident-relation" />
        <CodeSelect id="incident-police" label={t('caseFiles.incident.police')} codes={POLICE_REPORT} labelOf={(r) => t(`caseFiles.police.${r}`)} registration={register('reportedToPolice')} testId="incident-police" />
        <CodeSelect id="incident-injuries" label={t('caseFiles.incident.injuries')} codes={YES_NO_UNKNOWN} labelOf={(v) => t(`caseFiles.yesNo.${v}`)} registration={register('injuries')} testId="incident-injuries" />
        <CodeSelect id="incident-medical" label={t('caseFiles.incident.medical')} codes={YES_NO_UNKNOWN} labelOf={(v) => t(`caseFiles.yesNo.${v}`)} registration={register('medicalCare')} />
      </div>
      <div className="field">
        <label htmlFor="incident-description">{t('caseFiles.incident.description')}</label>
        <textarea id="incident-description" rows={6} {...register('description')} data-testid="incident-description" />
        <FieldMessage id="incident-description-error" error={errors.description} field="description" />
      </div>
      <FormActions error={error} submitting={formState.isSubmitting} saveLabel={t('caseFiles.incident.save')} saveTestId="incident-save" onCancel={onDone} />
      {incident && (
        <DeleteRecord
          question={t('caseFiles.incident.deleteQuestion', { date: formatApproxDate(locale, incident.date, t('caseFiles.incident.unknownDate')) })}
          onDelete={() => remove(incident.id, incident.revision)}
          onDeleted={onDone}
          testId="incident-delete"
        />
      )}
    </form>
  );
}
