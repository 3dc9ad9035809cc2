import { useFormatDate, useT } from '../../app/i18n-store';
import { StageBadge } from './InterviewEditor';
import { useNotes } from './store';

export function NotesList() {
  const t = useT();
  const formatDate = useFormatDate();
  const summaries = useNotes((s) => s.summaries);
  const hits = useNotes((s) => s.hits);
  const query = useNotes((s) => s.query);
  const search = useNotes((s) => s.search);
  const open = useNotes((s) => s.open);
  const startNew = useNotes((s) => s.startNew);
  const showTemplates = useNotes((s) => s.showTemplates);
  const current = useNotes((s) => s.interview?.id);
  const screen = useNotes((s) => s.screen);
  const shown = hits ? summaries.filter((s) => hits.has(s.id)) : summaries;
  return (
    <section className="case-list-pane" aria-labelledby="notes-list-h">
      <div className="pane-head">
        <h1 id="notes-list-h">{t('notes.heading')}</h1>
        <button type="button" className="button-primary" onClick={startNew} data-testid="notes-new">
          {t('notes.new')}
        </button>
      </div>
      <input
        type="search"
        className="search-field"
        aria-label={t('notes.search')}
        placeholder={t('notes.search')}
        value={query}
        onChange={(e) => void search(e.target.value)}
        data-testid="notes-search"
      />
      <div className="case-list" data-testid="notes-list">
        {shown.length === 0 ? (
          <p className="muted">{hits ? t('notes.search.none') : t('notes.list.empty')}</p>
        ) : (
          <ul>
            {shown.map((s) => (
              <li key={s.id}>
                <button
                  type="button"
                  className={`case-row${screen === 'edit' && current === s.id ? ' is-selected' : ''}`}
                  onClick={() => void open(s.id)}
                  data-testid="notes-row"
                >
                  <span className="case-row-top">
                    <span className="case-pseudonym">{s.title}</span>
                    <StageBadge stage={s.stage} />
                  </span>
                  <span className="case-updated">
                    {formatDate(s.date, false)} · {s.interviewer}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="button-link notes-templates-link" onClick={showTemplates} data-testid="notes-templates">
        {t('notes.templates.open')}
      </button>
    </section>
  );
}
