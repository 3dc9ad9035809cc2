import { useEffect, useState, type FormEvent } from 'react';
import type { InterviewMeta, InterviewLanguage } from '../../../shared/domain/notes/schemas';
import { LOCALE_NAMES } from '../../../shared/i18n';
import { useI18n, useT } from '../../app/i18n-store';
import { useVault } from '../vault/store';
import { MetaFields, metaValid } from './MetaFields';
import { useNotes } from './store';

const today = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};
const LANG_OF_LOCALE: Record<string, InterviewLanguage> = { 'zh-CN': 'zh', en: 'en', fr: 'fr', nl: 'nl' };

export function NewInterview() {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const templates = useNotes((s) => s.templates);
  const cases = useNotes((s) => s.cases);
  const busy = useNotes((s) => s.busy);
  const create = useNotes((s) => s.create);
  const displayName = useVault((s) => s.status?.displayName ?? '');
  const [templateId, setTemplateId] = useState(`builtin:first-contact:${locale}`);
  const [caseId, setCaseId] = useState('');
  const [showInvalid, setShowInvalid] = useState(false);
  const [meta, setMeta] = useState<InterviewMeta>({
    interviewer: displayName,
    date: today(),
    placeType: 'cafe',
    languages: [LANG_OF_LOCALE[locale] ?? 'zh'],
    interpreter: null,
    othersPresent: ''
  });
  useEffect(() => {
    void useNotes.getState().loadTemplates();
    void useNotes.getState().loadCases();
  }, []);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!metaValid(meta)) {
      setShowInvalid(true);
      return;
    }
    const clean = { ...meta, interviewer: meta.interviewer.trim(), interpreter: meta.interpreter === null ? null : meta.interpreter.trim() };
    await create(templateId, clean, caseId || null);
  }

  const builtin = templates.filter((x) => x.builtin);
  const own = templates.filter((x) => !x.builtin);
  return (
    <form className="notes-pane notes-new" onSubmit={(e) => void onSubmit(e)} data-testid="notes-new-form">
      <h2>{t('notes.form.heading')}</h2>
      <div className="field">
        <label htmlFor="notes-template">{t('notes.form.template')}</label>
        <select id="notes-template" value={templateId} onChange={(e) => setTemplateId(e.target.value)} data-testid="notes-template">
          <optgroup label={t('notes.form.templateBuiltin')}>
            {builtin.map((x) => (
              <option key={x.id} value={x.id} lang={x.locale}>
                {x.title} · {LOCALE_NAMES[x.locale]}
              </option>
            ))}
          </optgroup>
          {own.length > 0 && (
            <optgroup label={t('notes.form.templateOwn')}>
              {own.map((x) => (
                <option key={x.id} value={x.id} lang={x.locale}>
                  {x.title} · {LOCALE_NAMES[x.locale]}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <MetaFields meta={meta} onChange={setMeta} />
      <div className="field">
        <label htmlFor="notes-case">{t('notes.form.case')}</label>
        <select id="notes-case" value={caseId} onChange={(e) => setCaseId(e.target.value)} data-testid="notes-case">
          <option value="">{t('notes.form.caseNone')}</option>
          {cases.map((c) => (
            <option key={c.id} value={c.id}>
              {c.pseudonym}
            </option>
          ))}
        </select>
      </div>
      {showInvalid && !metaValid(meta) && (
        <p className="field-error" role="alert">
          {t('notes.form.invalid')}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy} data-testid="notes-start">
          {t('notes.form.start')}
        </button>
      </div>
    </form>
  );
}
