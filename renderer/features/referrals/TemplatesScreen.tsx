/**
 * The organisation's letter templates: the built-in ones (read-only; copy one to change it)
 * and the organisation's own, edited in Chinese, English, French and Dutch.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { LETTER_PLACEHOLDERS } from '../../../shared/domain/referrals/letter';
import type { LetterTemplate, LetterTemplateFields } from '../../../shared/domain/referrals/schemas';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFocusOnMount } from '../../app/focus';
import { useI18n, useT } from '../../app/i18n-store';
import { ReferralsSubNav } from './labels';
import { subscribeReferrals, useReferrals } from './store';
import './referrals.css';

const TEXTS = [
  ['zh', 'referrals.lang.zh', 'zh-CN'],
  ['en', 'referrals.lang.en', 'en'],
  ['fr', 'referrals.lang.fr', 'fr'],
  ['nl', 'referrals.lang.nl', 'nl']
] as const;

type Editing = { id: string | null; baseRevision: number | null; fields: LetterTemplateFields };

export function TemplatesScreen() {
  const t = useT();
  const templates = useReferrals((s) => s.templates);
  const loaded = useReferrals((s) => s.templatesLoaded);
  const error = useReferrals((s) => s.templateError);
  const [editing, setEditing] = useState<Editing | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);
  const locale = useI18n((s) => s.locale);
  const shared = useMemo(() => paragraphCounts(templates, locale === 'zh-CN' ? 'zh' : locale), [templates, locale]);

  useEffect(() => {
    const off = subscribeReferrals();
    void useReferrals.getState().loadTemplates();
    return () => {
      off();
      useReferrals.getState().reset();
    };
  }, []);

  const copy = (tpl: LetterTemplate) =>
    setEditing({ id: null, baseRevision: null, fields: { name: t('referrals.templates.copyName', { name: tpl.name }).slice(0, 120), zh: tpl.zh, en: tpl.en, fr: tpl.fr, nl: tpl.nl } });
  const edit = (tpl: LetterTemplate) => setEditing({ id: tpl.id, baseRevision: tpl.revision, fields: { name: tpl.name, zh: tpl.zh, en: tpl.en, fr: tpl.fr, nl: tpl.nl } });

  return (
    <div className="rf-screen" data-testid="templates-screen">
      <ReferralsSubNav />
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('referrals.templates.title')}
        </h1>
        <button type="button" className="button-primary" onClick={() => setEditing({ id: null, baseRevision: null, fields: { name: '', zh: '', en: '', fr: '', nl: '' } })} data-testid="template-new">
          {t('referrals.templates.new')}
        </button>
      </div>
      <p className="lead">{t('referrals.templates.intro')}</p>
      {error && <ErrorMessage error={error} testId="template-error" />}
      {editing && <TemplateEditor key={editing.id ?? 'new'} editing={editing} onDone={() => setEditing(null)} />}
      {loaded && templates.length === 0 && <p className="empty-pane">{t('referrals.templates.empty')}</p>}
      <ul className="rf-template-list" data-testid="template-list">
        {templates.map((tpl) => (
          <TemplateRow key={tpl.id} tpl={tpl} shared={shared} onCopy={() => copy(tpl)} onEdit={() => edit(tpl)} />
        ))}
      </ul>
    </div>
  );
}

type TextKey = 'zh' | 'en' | 'fr' | 'nl';
const paragraphsOf = (text: string) => text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);

/** In how many templates each paragraph appears (salutations and the common introduction: in all). */
function paragraphCounts(templates: LetterTemplate[], key: TextKey): Map<string, number> {
  const seen = new Map<string, number>();
  for (const tpl of templates) for (const p of new Set(paragraphsOf(tpl[key]))) seen.set(p, (seen.get(p) ?? 0) + 1);
  return seen;
}

/** What makes this template different, in the UI's language: its first paragraph found in the fewest templates. */
function distinctExcerpt(tpl: LetterTemplate, counts: Map<string, number>, key: TextKey): string {
  let best = '';
  let bestCount = Infinity;
  for (const p of paragraphsOf(tpl[key])) {
    const n = counts.get(p) ?? 0;
    if (n < bestCount) {
      best = p;
      bestCount = n;
    }
  }
  return best;
}

function TemplateRow({ tpl, shared, onCopy, onEdit }: { tpl: LetterTemplate; shared: Map<string, number>; onCopy: () => void; onEdit: () => void }) {
  const t = useT();
  const remove = useReferrals((s) => s.deleteTemplate);
  const [confirming, setConfirming] = useState(false);
  const locale = useI18n((s) => s.locale);
  const excerpt = distinctExcerpt(tpl, shared, locale === 'zh-CN' ? 'zh' : locale);
  return (
    <li className="card rf-template" data-testid="template-row" data-name={tpl.name}>
      <div className="rf-template-head">
        <h2>{tpl.name}</h2>
        <span className="nw-badge">{tpl.builtIn ? t('referrals.templates.builtIn') : t('referrals.templates.own')}</span>
      </div>
      <p className="rf-template-excerpt muted" lang={locale}>
        {excerpt.slice(0, 200)}
        {excerpt.length > 200 ? '…' : ''}
      </p>
      <div className="actions">
        <button type="button" className="button-secondary" onClick={onCopy} data-testid="template-copy">
          {t('referrals.templates.copy')}
        </button>
        {!tpl.builtIn && (
          <>
            <button type="button" className="button-secondary" onClick={onEdit} data-testid="template-edit">
              {t('referrals.templates.edit')}
            </button>
            {confirming ? (
              <>
                <span>{t('referrals.templates.deleteConfirm', { name: tpl.name })}</span>
                <button type="button" className="button-danger" onClick={() => void remove(tpl)} data-testid="template-delete-confirm">
                  {t('referrals.templates.delete')}
                </button>
                <button type="button" className="button-secondary" onClick={() => setConfirming(false)}>
                  {t('common.cancel')}
                </button>
              </>
            ) : (
              <button type="button" className="button-quiet" onClick={() => setConfirming(true)} data-testid="template-delete">
                {t('referrals.templates.delete')}
              </button>
            )}
          </>
        )}
      </div>
    </li>
  );
}

function TemplateEditor({ editing, onDone }: { editing: Editing; onDone: () => void }) {
  const t = useT();
  const save = useReferrals((s) => s.saveTemplate);
  const [fields, setFields] = useState<LetterTemplateFields>(editing.fields);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof LetterTemplateFields, v: string) => setFields((f) => ({ ...f, [k]: v }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (fields.name.trim() === '') return;
    setBusy(true);
    const saved = await save(editing.id, editing.baseRevision, { ...fields, name: fields.name.trim() });
    setBusy(false);
    if (saved) onDone();
  }

  return (
    <form className="card rf-template-form" onSubmit={(e) => void submit(e)} data-testid="template-form">
      <h2>{editing.id ? t('referrals.templates.editTitle') : t('referrals.templates.newTitle')}</h2>
      <div className="field">
        <label htmlFor="tpl-name">{t('referrals.templates.name')}</label>
        <input id="tpl-name" type="text" required maxLength={120} value={fields.name} onChange={(e) => set('name', e.target.value)} data-testid="template-name" />
      </div>
      <p className="field-help">
        {t('referrals.templates.placeholders')}{' '}
        {LETTER_PLACEHOLDERS.map((p) => (
          <code key={p} className="rf-placeholder">{`{{${p}}}`}</code>
        ))}
      </p>
      <div className="rf-template-texts">
        {TEXTS.map(([k, label, lang]) => (
          <div className="field" key={k}>
            <label htmlFor={`tpl-${k}`}>{t(label)}</label>
            <textarea id={`tpl-${k}`} lang={lang} rows={10} maxLength={20000} value={fields[k]} onChange={(e) => set(k, e.target.value)} data-testid={`template-${k}`} />
          </div>
        ))}
      </div>
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || fields.name.trim() === ''} data-testid="template-save">
          {t('referrals.templates.save')}
        </button>
        <button type="button" className="button-secondary" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
