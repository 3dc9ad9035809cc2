import { useState } from 'react';
import { applyReplacements } from '../../../shared/domain/notes/anonymiser';
import { downloadBase64 } from '../../app/download';
import { useT } from '../../app/i18n-store';
import { useNotes, type StoryState } from './store';

function preview(story: StoryState): Array<{ heading: string; text: string }> {
  return story.sections.map((s, i) => ({
    heading: s.heading,
    text: applyReplacements(
      s.text,
      story.findings
        .filter((f) => f.section === i && !story.choices[f.id]?.keep)
        .map((f) => ({ start: f.start, end: f.end, replacement: story.choices[f.id]?.replacement.trim() || f.suggestion }))
    )
  }));
}

/** The anonymisation assistant: each finding replaced (default) or kept, a live preview, and the two exports. */
export function StoryPanel() {
  const t = useT();
  const story = useNotes((s) => s.story)!;
  const interview = useNotes((s) => s.interview)!;
  const choose = useNotes((s) => s.chooseFinding);
  const setTitle = useNotes((s) => s.setStoryTitle);
  const close = useNotes((s) => s.closeStory);
  const exportStory = useNotes((s) => s.exportStory);
  const [exported, setExported] = useState<string | null>(null);

  async function doExport(format: 'markdown' | 'pdf') {
    const file = await exportStory(format, t('notes.story.notesHeading'), t('notes.story.subtitle'));
    if (file) {
      downloadBase64(file);
      setExported(file.filename);
    }
  }

  return (
    <section className="notes-box notes-story" aria-labelledby="notes-story-h" data-testid="notes-story">
      <div className="pane-head">
        <h3 id="notes-story-h">{t('notes.story.heading')}</h3>
        <button type="button" className="button-quiet" onClick={close}>
          {t('notes.story.close')}
        </button>
      </div>
      {!interview.caseId && <p className="field-warning">{t('notes.story.needsCase')}</p>}
      <p data-testid="notes-findings-count">{story.findings.length ? t('notes.story.findings', { count: story.findings.length }) : t('notes.story.none')}</p>
      <ul className="notes-findings">
        {story.findings.map((f) => {
          const c = story.choices[f.id] ?? { keep: false, replacement: '' };
          return (
            <li key={f.id} className={`notes-finding${c.keep ? ' is-kept' : ''}`} data-testid="notes-finding" data-type={f.type}>
              <span className="notes-finding-type">{t(`notes.story.type.${f.type}`)}</span>
              <mark className="notes-finding-text">{f.text}</mark>
              <label className="notes-check">
                <input type="checkbox" checked={c.keep} onChange={(e) => choose(f.id, { ...c, keep: e.target.checked })} data-testid="notes-finding-keep" />
                {t('notes.story.keep')}
              </label>
              {!c.keep && (
                <input
                  type="text"
                  className="input-short"
                  aria-label={t('notes.story.replacement')}
                  placeholder={f.suggestion}
                  maxLength={80}
                  value={c.replacement}
                  onChange={(e) => choose(f.id, { ...c, replacement: e.target.value })}
                />
              )}
            </li>
          );
        })}
      </ul>
      <div className="field">
        <label htmlFor="notes-story-title">{t('notes.story.docTitle')}</label>
        <input id="notes-story-title" type="text" maxLength={200} value={story.title} onChange={(e) => setTitle(e.target.value)} data-testid="notes-story-title" />
      </div>
      <h4>{t('notes.story.preview')}</h4>
      <div className="notes-preview" data-testid="notes-story-preview">
        {preview(story).map((s, i) => (
          <div key={i}>
            <p className="notes-diff-label">{s.heading}</p>
            <p className="notes-diff-text">{s.text}</p>
          </div>
        ))}
      </div>
      <p className="field-warning">{t('notes.story.warning')}</p>
      <div className="actions">
        <button type="button" className="button-secondary" disabled={!interview.caseId} onClick={() => void doExport('markdown')} data-testid="notes-export-md">
          {t('notes.story.exportMd')}
        </button>
        <button type="button" className="button-primary" disabled={!interview.caseId} onClick={() => void doExport('pdf')} data-testid="notes-export-pdf">
          {t('notes.story.exportPdf')}
        </button>
      </div>
      {exported && (
        <p className="success" role="status" data-testid="notes-exported">
          {t('notes.story.exported', { filename: exported })}
        </p>
      )}
    </section>
  );
}
