import { useState } from 'react';
import type { Template, TemplateFields } from '../../../shared/domain/notes/schemas';
import { LOCALE_NAMES } from '../../../shared/i18n';
import { useT } from '../../app/i18n-store';
import { useNotes } from './store';

function TemplateEditor({ template, onDone }: { template: Template; onDone: () => void }) {
  const t = useT();
  const saveTemplate = useNotes((s) => s.saveTemplate);
  const deleteTemplate = useNotes((s) => s.deleteTemplate);
  const [fields, setFields] = useState<TemplateFields>({
    title: template.title,
    purpose: template.purpose,
    locale: template.locale,
    guidance: template.guidance,
    questions: template.questions
  });
  const [revision, setRevision] = useState(template.revision);
  const setQuestion = (i: number, patch: Partial<TemplateFields['questions'][number]>) =>
    setFields({ ...fields, questions: fields.questions.map((q, j) => (j === i ? { ...q, ...patch } : q)) });
  const addQuestion = () => {
    const used = new Set(fields.questions.map((q) => q.id));
    let n = fields.questions.length + 1;
    while (used.has(`q${n}`)) n++;
    setFields({ ...fields, questions: [...fields.questions, { id: `q${n}`, prompt: '', guidance: '' }] });
  };
  const valid = fields.title.trim() && fields.questions.length > 0 && fields.questions.every((q) => q.prompt.trim());
  return (
    <form
      className="notes-template-editor"
      lang={fields.locale}
      onSubmit={(e) => {
        e.preventDefault();
        void saveTemplate(template.id, revision, fields).then((saved) => saved && setRevision(saved.revision));
      }}
      data-testid="notes-template-editor"
    >
      <div className="field">
        <label htmlFor="tpl-title">{t('notes.templates.fieldTitle')}</label>
        <input id="tpl-title" type="text" maxLength={120} value={fields.title} onChange={(e) => setFields({ ...fields, title: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor="tpl-guidance">{t('notes.templates.fieldGuidance')}</label>
        <textarea id="tpl-guidance" rows={3} maxLength={4000} value={fields.guidance} onChange={(e) => setFields({ ...fields, guidance: e.target.value })} />
      </div>
      <ol className="notes-questions">
        {fields.questions.map((q, i) => (
          <li key={q.id} className="notes-question">
            <label htmlFor={`tpl-q-${q.id}`} className="notes-prompt">
              {t('notes.templates.question', { number: i + 1 })}
            </label>
            <input id={`tpl-q-${q.id}`} type="text" maxLength={500} value={q.prompt} onChange={(e) => setQuestion(i, { prompt: e.target.value })} data-testid="tpl-question" />
            <textarea rows={2} aria-label={t('notes.templates.questionGuidance')} placeholder={t('notes.templates.questionGuidance')} maxLength={2000} value={q.guidance} onChange={(e) => setQuestion(i, { guidance: e.target.value })} />
            <button type="button" className="button-quiet" disabled={fields.questions.length <= 1} onClick={() => setFields({ ...fields, questions: fields.questions.filter((_, j) => j !== i) })}>
              {t('notes.templates.removeQuestion')}
            </button>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={addQuestion} disabled={fields.questions.length >= 40}>
          {t('notes.templates.addQuestion')}
        </button>
        <button type="submit" className="button-primary" disabled={!valid} data-testid="tpl-save">
          {t('notes.templates.save')}
        </button>
        <button type="button" className="button-danger" onClick={() => void deleteTemplate(template.id, revision).then((ok) => ok && onDone())}>
          {t('notes.templates.delete')}
        </button>
      </div>
    </form>
  );
}

/** Built-in templates (read-only, can be copied) and the organisation's own (editable). */
export function TemplatesScreen() {
  const t = useT();
  const templates = useNotes((s) => s.templates);
  const copyTemplate = useNotes((s) => s.copyTemplate);
  const [selected, setSelected] = useState<string | null>(null);
  const template = templates.find((x) => x.id === selected) ?? null;
  return (
    <section className="notes-pane notes-templates" aria-labelledby="notes-templates-h" data-testid="notes-templates-screen">
      <h2 id="notes-templates-h">{t('notes.templates.heading')}</h2>
      <div className="inline-row">
        <select aria-label={t('notes.form.template')} value={selected ?? ''} onChange={(e) => setSelected(e.target.value || null)} data-testid="tpl-select">
          <option value="">{t('notes.templates.select')}</option>
          {templates.map((x) => (
            <option key={x.id} value={x.id} lang={x.locale}>
              {x.title} · {LOCALE_NAMES[x.locale]}{x.builtin ? ` — ${t('notes.templates.builtin')}` : ''}
            </option>
          ))}
        </select>
        {template && (
          <button
            type="button"
            className="button-secondary"
            onClick={() => void copyTemplate(template.id, t('notes.templates.copyTitle', { title: template.title }).slice(0, 120)).then((c) => c && setSelected(c.id))}
            data-testid="tpl-copy"
          >
            {t('notes.templates.copy')}
          </button>
        )}
      </div>
      {template &&
        (template.builtin ? (
          <div lang={template.locale} className="notes-template-view">
            <p className="notes-guidance">{template.guidance}</p>
            <ol className="notes-questions">
              {template.questions.map((q) => (
                <li key={q.id} className="notes-question">
                  <p className="notes-prompt">{q.prompt}</p>
                  <p className="field-help">{q.guidance}</p>
                </li>
              ))}
            </ol>
          </div>
        ) : (
          <TemplateEditor key={template.id} template={template} onDone={() => setSelected(null)} />
        ))}
    </section>
  );
}
