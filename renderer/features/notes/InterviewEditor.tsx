import { useState } from 'react';
import { useFormatDate, useT } from '../../app/i18n-store';
import { MetaFields } from './MetaFields';
import { HistoryPanel } from './HistoryPanel';
import { StoryPanel } from './StoryPanel';
import { useNotes } from './store';

function SaveIndicator() {
  const t = useT();
  const formatDate = useFormatDate();
  const saveState = useNotes((s) => s.saveState);
  const savedAt = useNotes((s) => s.savedAt);
  const text =
    saveState === 'saving'
      ? t('notes.save.saving')
      : saveState === 'pending'
        ? t('notes.save.pending')
        : saveState === 'failed'
          ? t('notes.save.failed')
          : saveState === 'conflict'
            ? t('notes.save.conflict')
            : savedAt
              ? t('notes.save.saved', { time: formatDate(savedAt) })
              : '';
  return (
    <p className={`notes-save notes-save-${saveState}`} role="status" aria-live="polite" data-testid="notes-save-state" data-state={saveState}>
      {text}
    </p>
  );
}

export function StageBadge({ stage }: { stage: 'draft' | 'finalised' | 'linked' }) {
  const t = useT();
  return (
    <span className={`status-badge notes-stage-${stage}`} data-testid="notes-stage" data-stage={stage}>
      {t(`notes.stage.${stage}`)}
    </span>
  );
}

function SignOff() {
  const t = useT();
  const formatDate = useFormatDate();
  const interview = useNotes((s) => s.interview)!;
  const finalise = useNotes((s) => s.finalise);
  const [by, setBy] = useState(interview.content.meta.interviewer);
  const signOff = interview.signOff;
  return (
    <section className="notes-box" aria-labelledby="notes-signoff-h">
      <h3 id="notes-signoff-h">{t('notes.finalise.heading')}</h3>
      {signOff ? (
        <p data-testid="notes-signoff">{t('notes.finalise.done', { name: signOff.by, date: formatDate(signOff.at), revision: signOff.revision })}</p>
      ) : (
        <p className="field-help">{t('notes.finalise.help')}</p>
      )}
      {interview.editedSinceSignOff && <p className="field-warning">{t('notes.finalise.edited')}</p>}
      {(!signOff || interview.editedSinceSignOff) && (
        <div className="inline-row">
          <input type="text" className="input-medium" aria-label={t('notes.finalise.by')} placeholder={t('notes.finalise.by')} value={by} maxLength={120} onChange={(e) => setBy(e.target.value)} data-testid="notes-signoff-by" />
          <button type="button" className="button-primary" disabled={!by.trim()} onClick={() => void finalise(by.trim())} data-testid="notes-finalise">
            {signOff ? t('notes.finalise.again') : t('notes.finalise.button')}
          </button>
        </div>
      )}
    </section>
  );
}

function CaseLink() {
  const t = useT();
  const interview = useNotes((s) => s.interview)!;
  const cases = useNotes((s) => s.cases);
  const link = useNotes((s) => s.link);
  const createCase = useNotes((s) => s.createCase);
  const [caseId, setCaseId] = useState('');
  const [pseudonym, setPseudonym] = useState('');
  const linked = cases.find((c) => c.id === interview.caseId);
  return (
    <section className="notes-box" aria-labelledby="notes-case-h">
      <h3 id="notes-case-h">{t('notes.link.heading')}</h3>
      <p data-testid="notes-linked-case">{interview.caseId ? t('notes.linkedTo', { name: linked?.pseudonym ?? interview.caseId.slice(0, 8) }) : t('notes.standalone')}</p>
      <div className="inline-row">
        <select aria-label={t('notes.link.choose')} value={caseId} onChange={(e) => setCaseId(e.target.value)} data-testid="notes-link-select">
          <option value="">{t('notes.link.choose')}</option>
          {cases
            .filter((c) => c.id !== interview.caseId)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.pseudonym}
              </option>
            ))}
        </select>
        <button type="button" className="button-secondary" disabled={!caseId} onClick={() => void link(caseId).then((ok) => ok && setCaseId(''))} data-testid="notes-link">
          {t('notes.link.button')}
        </button>
      </div>
      {!interview.caseId && (
        <div className="inline-row">
          <input type="text" className="input-medium" aria-label={t('notes.createCase.pseudonym')} placeholder={t('notes.createCase.pseudonym')} maxLength={80} value={pseudonym} onChange={(e) => setPseudonym(e.target.value)} data-testid="notes-new-case-pseudonym" />
          <button
            type="button"
            className="button-secondary"
            disabled={!pseudonym.trim()}
            onClick={() => void createCase(pseudonym.trim(), t('notes.createCase.summary', { date: interview.content.meta.date }))}
            data-testid="notes-create-case"
          >
            {t('notes.createCase.button')}
          </button>
        </div>
      )}
    </section>
  );
}

export function InterviewEditor() {
  const t = useT();
  const interview = useNotes((s) => s.interview);
  const content = useNotes((s) => s.content);
  const history = useNotes((s) => s.history);
  const story = useNotes((s) => s.story);
  const editAnswer = useNotes((s) => s.editAnswer);
  const editNotes = useNotes((s) => s.editNotes);
  const editMeta = useNotes((s) => s.editMeta);
  const flush = useNotes((s) => s.flush);
  const open = useNotes((s) => s.open);
  const toggleHistory = useNotes((s) => s.toggleHistory);
  const prepareStory = useNotes((s) => s.prepareStory);
  const saveState = useNotes((s) => s.saveState);
  const [showMeta, setShowMeta] = useState(false);
  if (!interview || !content) return null;
  const onBlur = () => void flush();
  const tpl = interview.template;

  return (
    <article className="notes-pane notes-editor" data-testid="notes-editor">
      <div className="pane-head">
        <h2 lang={tpl.locale} data-testid="notes-editor-title">
          {tpl.title} · {content.meta.date}
        </h2>
        <StageBadge stage={interview.stage} />
      </div>
      <SaveIndicator />
      {saveState === 'conflict' && (
        <button type="button" className="button-secondary" onClick={() => void open(interview.id)}>
          {t('notes.save.reload')}
        </button>
      )}

      <details className="notes-details" open={showMeta} onToggle={(e) => setShowMeta((e.target as HTMLDetailsElement).open)}>
        <summary>{t('notes.form.details')}</summary>
        <MetaFields meta={content.meta} onChange={editMeta} onBlur={onBlur} />
      </details>

      {tpl.guidance && (
        <aside lang={tpl.locale} className="notes-guidance" aria-label={t('notes.editor.guidance')}>
          <p>{tpl.guidance}</p>
        </aside>
      )}

      <ol lang={tpl.locale} className="notes-questions">
        {tpl.questions.map((q) => (
          <li key={q.id} className="notes-question">
            <label htmlFor={`notes-q-${q.id}`} className="notes-prompt">
              {q.prompt}
            </label>
            {q.guidance && <p className="field-help notes-q-guidance">{q.guidance}</p>}
            <textarea
              id={`notes-q-${q.id}`}
              rows={4}
              value={content.answers[q.id] ?? ''}
              onChange={(e) => editAnswer(q.id, e.target.value)}
              onBlur={onBlur}
              data-testid={`notes-answer-${q.id}`}
            />
          </li>
        ))}
      </ol>

      <div className="field">
        <label htmlFor="notes-free">{t('notes.editor.freeNotes')}</label>
        <p className="field-help">{t('notes.editor.freeNotesHint')}</p>
        <textarea id="notes-free" rows={8} value={content.notes} onChange={(e) => editNotes(e.target.value)} onBlur={onBlur} data-testid="notes-free" />
      </div>

      <div>
        <SignOff key={`${interview.id}-${interview.signOff?.revision ?? 0}`} />
        <CaseLink key={`${interview.id}-case`} />

        <div className="actions">
          <button type="button" className="button-secondary" onClick={() => void toggleHistory()} aria-expanded={history !== null} data-testid="notes-history-toggle">
            {history ? t('notes.history.hide') : t('notes.history.show')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => void prepareStory(t('notes.story.notesHeading'), t('notes.story.defaultTitle'))}
            data-testid="notes-story-open"
          >
            {t('notes.story.open')}
          </button>
        </div>
        {history && <HistoryPanel />}
        {story && <StoryPanel />}
      </div>
    </article>
  );
}
