import { useEffect, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { CASE_STATUSES, DEPENDANT_RELATIONS, KNOWN_LANGUAGES, YES_NO_UNKNOWN, type ContactSafety, type Dependant, type YesNoUnknown } from '../../../shared/domain/case';
import type { CaseFieldErrors } from './validation';
import type { MessageKey } from '../../../shared/i18n';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFormatDate, useT } from '../../app/i18n-store';
import { useCases } from './store';
import { validateCase } from './validation';
import { DiscardPrompt } from './DiscardPrompt';

export function CaseForm() {
  const t = useT();
  const formatDate = useFormatDate();
  const mode = useCases((s) => s.mode);
  const record = useCases((s) => s.record);
  const draft = useCases((s) => s.draft);
  const dirty = useCases((s) => s.dirty);
  const showValidation = useCases((s) => s.showValidation);
  const opening = useCases((s) => s.opening);
  const saving = useCases((s) => s.saving);
  const justSaved = useCases((s) => s.justSaved);
  const conflict = useCases((s) => s.conflict);
  const edit = useCases((s) => s.edit);
  const save = useCases((s) => s.save);
  const reloadCurrent = useCases((s) => s.reloadCurrent);
  const stopEditing = useCases((s) => s.stopEditing);

  const pseudonymRef = useRef<HTMLInputElement>(null);

  // A new case starts in the pseudonym field; an opened case leaves focus in the list, so
  // keyboard users can keep browsing.
  useEffect(() => {
    if (mode === 'new') pseudonymRef.current?.focus();
  }, [mode]);

  // Closing the tab with unsaved changes asks first. Browser host only: in Electron a
  // beforeunload veto would silently block quitting (and the lock that comes with it).
  useEffect(() => {
    if (!dirty || 'anxin' in window) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  if (mode === 'none') {
    return (
      <section className="case-form-pane empty-pane" aria-live="polite">
        <p className="muted">{opening ? t('caseForm.loading') : t('caseForm.noSelection')}</p>
      </section>
    );
  }

  const errors = showValidation ? validateCase(draft) : {};
  const editContact = (patch: Partial<ContactSafety>) => edit({ contactSafety: { ...draft.contactSafety, ...patch } });
  const title = mode === 'new' ? t('caseForm.newTitle') : t('caseForm.editTitle', { name: record?.pseudonym ?? '' });

  async function onSubmit(event: Pick<FormEvent, 'preventDefault'>) {
    event.preventDefault();
    const ok = await save();
    if (!ok && useCases.getState().showValidation) {
      const invalid = validateCase(useCases.getState().draft);
      if (invalid.pseudonym) pseudonymRef.current?.focus();
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void onSubmit(event);
    }
  }

  return (
    <section className="case-form-pane" aria-labelledby="case-form-title" aria-busy={opening || saving}>
      <DiscardPrompt />

      <div className="pane-head">
        <h2 id="case-form-title">
          {title}
        </h2>
        <span className="save-state" role="status">
          {saving ? t('caseForm.saving') : dirty ? t('caseForm.unsaved') : justSaved ? t('caseForm.saved') : ''}
        </span>
      </div>
      {record && (
        <p className="muted meta">{t('caseForm.revision', { revision: record.revision, date: formatDate(record.updatedAt) })}</p>
      )}

      {conflict && (
        <ErrorMessage error={conflict}>
          <button type="button" className="button-secondary" onClick={() => void reloadCurrent()} data-testid="case-reload">
            {t('caseForm.reload')}
          </button>
        </ErrorMessage>
      )}

      <form onSubmit={onSubmit} onKeyDown={onKeyDown} noValidate className="case-form">
        <div className="field">
          <label htmlFor="case-pseudonym">{t('caseForm.pseudonym')}</label>
          <p className="field-help" id="case-pseudonym-help">
            {t('caseForm.pseudonymHelp')}
          </p>
          <input
            id="case-pseudonym"
            ref={pseudonymRef}
            type="text"
            value={draft.pseudonym}
            onChange={(e) => edit({ pseudonym: e.target.value })}
            autoComplete="off"
            aria-invalid={errors.pseudonym ? true : undefined}
            aria-describedby={errors.pseudonym ? 'case-pseudonym-help case-pseudonym-error' : 'case-pseudonym-help'}
            data-testid="case-pseudonym"
          />
          {errors.pseudonym && (
            <p className="field-error" id="case-pseudonym-error">
              {t(errors.pseudonym.key, errors.pseudonym.params)}
            </p>
          )}
        </div>

        <div className="field">
          <label htmlFor="case-status">{t('caseForm.status')}</label>
          <select
            id="case-status"
            className="input-medium"
            value={draft.status}
            onChange={(e) => edit({ status: e.target.value as (typeof CASE_STATUSES)[number] })}
            aria-invalid={errors.status ? true : undefined}
            data-testid="case-status"
          >
            {CASE_STATUSES.map((status) => (
              // Closing needs a reason: it goes through "Close case…" on the case file page.
              <option key={status} value={status} disabled={status === 'closed' && record?.status !== 'closed'}>
                {t(`cases.status.${status}`)}
              </option>
            ))}
          </select>
          {errors.status && <p className="field-error">{t(errors.status.key)}</p>}
        </div>

        <div className="field">
          <label htmlFor="case-summary">{t('caseForm.summary')}</label>
          <textarea
            id="case-summary"
            rows={12}
            value={draft.summary}
            onChange={(e) => edit({ summary: e.target.value })}
            aria-invalid={errors.summary ? true : undefined}
            aria-describedby={errors.summary ? 'case-summary-error' : undefined}
            data-testid="case-summary"
          />
          {errors.summary && (
            <p className="field-error" id="case-summary-error">
              {t(errors.summary.key, errors.summary.params)}
            </p>
          )}
        </div>

        <h3 className="form-section-title">{t('caseFiles.form.profileSection')}</h3>
        <fieldset className="field">
          <legend>{t('caseFiles.form.languages')}</legend>
          <div className="checkbox-grid" data-testid="case-languages">
            {KNOWN_LANGUAGES.map((code) => (
              <label key={code} className="checkbox">
                <input
                  type="checkbox"
                  checked={draft.languages.includes(code)}
                  onChange={(e) =>
                    edit({
                      languages: e.target.checked ? [...draft.languages, code] : draft.languages.filter((l) => l !== code)
                    })
                  }
                  data-testid={`case-language-${code}`}
                />
                {t(`caseFiles.lang.${code}` as MessageKey)}
              </label>
            ))}
          </div>
        </fieldset>
        <TextField
          id="case-other-languages"
          label={t('caseFiles.form.otherLanguages')}
          value={draft.languages.filter((l) => !isKnownLanguage(l)).join(', ')}
          onChange={(value) =>
            edit({
              languages: [
                ...draft.languages.filter(isKnownLanguage),
                ...value.split(/[,，、]/).map((l) => l.trim()).filter(Boolean)
              ]
            })
          }
          error={errors['languages']}
        />
        <YesNoField
          id="case-interpreter"
          label={t('caseFiles.form.interpreterNeeded')}
          value={draft.interpreterNeeded}
          onChange={(interpreterNeeded) => edit({ interpreterNeeded })}
        />
        <div className="field-row">
          <TextField
            id="case-country"
            label={t('caseFiles.form.country')}
            help={t('caseFiles.form.countryHelp')}
            value={draft.country}
            onChange={(value) => edit({ country: value.toUpperCase().slice(0, 2) })}
            error={errors['country']}
            short
          />
          <TextField id="case-city" label={t('caseFiles.form.city')} value={draft.city} onChange={(city) => edit({ city })} error={errors['city']} />
        </div>
        <TextField
          id="case-worker"
          label={t('caseFiles.form.assignedWorker')}
          value={draft.assignedWorker}
          onChange={(assignedWorker) => edit({ assignedWorker })}
          error={errors['assignedWorker']}
        />

        <DependantsEditor dependants={draft.dependants} onChange={(dependants) => edit({ dependants })} errors={errors} />

        <h3 className="form-section-title">{t('caseFiles.form.contactSection')}</h3>
        <div className="field-row">
          <YesNoField
            id="case-safe-call"
            label={t('caseFiles.contact.safeToCall')}
            value={draft.contactSafety.safeToCall}
            onChange={(safeToCall) => editContact({ safeToCall })}
          />
          <YesNoField
            id="case-safe-text"
            label={t('caseFiles.contact.safeToText')}
            value={draft.contactSafety.safeToText}
            onChange={(safeToText) => editContact({ safeToText })}
          />
        </div>
        <TextField
          id="case-safe-times"
          label={t('caseFiles.contact.safeTimes')}
          value={draft.contactSafety.safeTimes}
          onChange={(safeTimes) => editContact({ safeTimes })}
          error={errors['contactSafety.safeTimes']}
        />
        <TextField
          id="case-code-word"
          label={t('caseFiles.contact.codeWord')}
          value={draft.contactSafety.codeWord}
          onChange={(codeWord) => editContact({ codeWord })}
          error={errors['contactSafety.codeWord']}
        />
        <TextField
          id="case-must-not-know"
          label={t('caseFiles.contact.mustNotKnow')}
          value={draft.contactSafety.mustNotKnow}
          onChange={(mustNotKnow) => editContact({ mustNotKnow })}
          error={errors['contactSafety.mustNotKnow']}
        />
        <TextField
          id="case-contact-notes"
          label={t('caseFiles.contact.notes')}
          value={draft.contactSafety.notes}
          onChange={(notes) => editContact({ notes })}
          error={errors['contactSafety.notes']}
        />

        <div className="actions">
          <button
            type="submit"
            className="button-primary"
            disabled={saving || (mode === 'edit' && !dirty)}
            data-testid="case-save"
          >
            {saving ? t('caseForm.saving') : t('caseForm.save')}
          </button>
          {mode === 'edit' && (
            <button type="button" className="button-secondary" onClick={stopEditing} data-testid="case-cancel-edit">
              {t('caseFiles.form.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

const isKnownLanguage = (code: string) => (KNOWN_LANGUAGES as readonly string[]).includes(code);

function TextField(props: {
  id: string;
  label: string;
  help?: string;
  value: string;
  onChange: (value: string) => void;
  error?: { key: MessageKey; params?: Record<string, string | number> } | undefined;
  short?: boolean;
}) {
  const t = useT();
  const described = [props.help ? `${props.id}-help` : '', props.error ? `${props.id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className={`field${props.short ? ' field-short' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.help && (
        <p className="field-help" id={`${props.id}-help`}>
          {props.help}
        </p>
      )}
      <input
        id={props.id}
        type="text"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described || undefined}
        data-testid={props.id}
      />
      {props.error && (
        <p className="field-error" id={`${props.id}-error`}>
          {t(props.error.key, props.error.params)}
        </p>
      )}
    </div>
  );
}

function YesNoField(props: { id: string; label: string; value: YesNoUnknown; onChange: (value: YesNoUnknown) => void }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        className="input-medium"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as YesNoUnknown)}
        data-testid={props.id}
      >
        {YES_NO_UNKNOWN.map((v) => (
          <option key={v} value={v}>
            {t(`caseFiles.yesNo.${v}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

function DependantsEditor(props: { dependants: Dependant[]; onChange: (next: Dependant[]) => void; errors: CaseFieldErrors }) {
  const t = useT();
  const { dependants, onChange } = props;
  const set = (i: number, patch: Partial<Dependant>) => onChange(dependants.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  return (
    <fieldset className="field dependants" data-testid="case-dependants">
      <legend>{t('caseFiles.dependants.title')}</legend>
      {dependants.length === 0 && <p className="muted">{t('caseFiles.dependants.none')}</p>}
      {dependants.map((d, i) => {
        const labelError = props.errors[`dependants.${i}.label`];
        return (
          <div className="dependant-row" key={i} data-testid="case-dependant">
            <label>
              <span>{t('caseFiles.dependants.relation')}</span>
              <select value={d.relation} onChange={(e) => set(i, { relation: e.target.value as Dependant['relation'] })}>
                {DEPENDANT_RELATIONS.map((r) => (
                  <option key={r} value={r}>
                    {t(`caseFiles.dependants.relation.${r}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('caseFiles.dependants.label')}</span>
              <input type="text" value={d.label} maxLength={80} onChange={(e) => set(i, { label: e.target.value })} aria-invalid={labelError ? true : undefined} data-testid="case-dependant-label" />
            </label>
            <label>
              <span>{t('caseFiles.dependants.birthYear')}</span>
              <input
                type="number"
                min={1900}
                max={2100}
                value={d.birthYear ?? ''}
                onChange={(e) => set(i, { birthYear: e.target.value === '' ? null : Math.trunc(Number(e.target.value)) })}
                aria-invalid={props.errors[`dependants.${i}.birthYear`] ? true : undefined}
              />
            </label>
            <label>
              <span>{t('caseFiles.dependants.livesWithHer')}</span>
              <select value={d.livesWithHer} onChange={(e) => set(i, { livesWithHer: e.target.value as YesNoUnknown })}>
                {YES_NO_UNKNOWN.map((v) => (
                  <option key={v} value={v}>
                    {t(`caseFiles.yesNo.${v}`)}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button-quiet" onClick={() => onChange(dependants.filter((_, j) => j !== i))}>
              {t('caseFiles.dependants.remove')}
            </button>
            {(labelError || props.errors[`dependants.${i}.birthYear`]) && (
              <p className="field-error">{t((labelError ?? props.errors[`dependants.${i}.birthYear`])!.key, (labelError ?? props.errors[`dependants.${i}.birthYear`])!.params)}</p>
            )}
          </div>
        );
      })}
      {dependants.length < 30 && (
        <button
          type="button"
          className="button-secondary"
          onClick={() => onChange([...dependants, { relation: 'child', label: '', birthYear: null, livesWithHer: 'unknown', notes: '' }])}
          data-testid="case-dependant-add"
        >
          {t('caseFiles.dependants.add')}
        </button>
      )}
    </fieldset>
  );
}
