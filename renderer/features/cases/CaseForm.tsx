import { useEffect, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { CASE_STATUSES } from '../../../shared/domain/case';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFormatDate, useT } from '../../app/i18n-store';
import { useCases } from './store';
import { validateCase } from './validation';

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
  const pending = useCases((s) => s.pending);
  const edit = useCases((s) => s.edit);
  const save = useCases((s) => s.save);
  const reloadCurrent = useCases((s) => s.reloadCurrent);
  const confirmDiscard = useCases((s) => s.confirmDiscard);
  const cancelDiscard = useCases((s) => s.cancelDiscard);

  const pseudonymRef = useRef<HTMLInputElement>(null);
  const discardRef = useRef<HTMLButtonElement>(null);

  // A new case starts in the pseudonym field; an opened case leaves focus in the list, so
  // keyboard users can keep browsing.
  useEffect(() => {
    if (mode === 'new') pseudonymRef.current?.focus();
  }, [mode]);
  useEffect(() => {
    if (pending) discardRef.current?.focus();
  }, [pending]);

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
      {pending && (
        <div className="confirm-box" role="alertdialog" aria-labelledby="discard-title" aria-describedby="discard-body">
          <p id="discard-title" className="confirm-title">
            {t('caseForm.discardTitle')}
          </p>
          <p id="discard-body">{t('caseForm.discardBody')}</p>
          <div className="actions">
            <button type="button" ref={discardRef} className="button-danger" onClick={confirmDiscard} data-testid="case-discard">
              {t('caseForm.discard')}
            </button>
            <button type="button" className="button-secondary" onClick={cancelDiscard} data-testid="case-keep-editing">
              {t('caseForm.keepEditing')}
            </button>
          </div>
        </div>
      )}

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
              <option key={status} value={status}>
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

        <div className="actions">
          <button
            type="submit"
            className="button-primary"
            disabled={saving || (mode === 'edit' && !dirty)}
            data-testid="case-save"
          >
            {saving ? t('caseForm.saving') : t('caseForm.save')}
          </button>
        </div>
      </form>
    </section>
  );
}
