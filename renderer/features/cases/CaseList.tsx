import { useEffect, useState } from 'react';
import { useFormatDate, useT } from '../../app/i18n-store';
import { StatusBadge } from './StatusBadge';
import { useCases } from './store';

const SEARCH_DEBOUNCE_MS = 200;

export function CaseList() {
  const t = useT();
  const formatDate = useFormatDate();
  const summaries = useCases((s) => s.summaries);
  const loaded = useCases((s) => s.loaded);
  const hits = useCases((s) => s.hits);
  const query = useCases((s) => s.query);
  const search = useCases((s) => s.search);
  const selectedId = useCases((s) => (s.mode === 'edit' ? (s.record?.id ?? null) : null));
  const requestOpen = useCases((s) => s.requestOpen);
  const requestNew = useCases((s) => s.requestNew);
  const [text, setText] = useState(query);

  useEffect(() => {
    if (text === query) return;
    const timer = setTimeout(() => void search(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query, search]);

  const rows = hits ? summaries.filter((c) => hits.has(c.id)) : summaries;

  return (
    <section className="case-list-pane" aria-labelledby="cases-title">
      <div className="pane-head">
        <h1 id="cases-title">{t('cases.title')}</h1>
        <button type="button" className="button-primary" onClick={requestNew} data-testid="case-new">
          {t('cases.new')}
        </button>
      </div>
      <div className="field search-field">
        <label htmlFor="case-search" className="sr-only">
          {t('cases.search')}
        </label>
        <input
          id="case-search"
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('cases.searchPlaceholder')}
          maxLength={200}
          autoComplete="off"
          spellCheck={false}
          data-testid="case-search"
        />
      </div>
      <div className="case-list" data-testid="case-list" aria-busy={!loaded}>
        {!loaded ? (
          <p className="muted">{t('cases.loading')}</p>
        ) : rows.length === 0 ? (
          <p className="muted" role="status">
            {hits ? t('cases.noMatches', { query: query.trim() }) : t('cases.empty')}
          </p>
        ) : (
          <ul>
            {rows.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className={`case-row${c.id === selectedId ? ' is-selected' : ''}`}
                  aria-current={c.id === selectedId ? 'true' : undefined}
                  onClick={() => requestOpen(c.id)}
                  data-testid="case-row"
                  data-case-id={c.id}
                >
                  <span className="case-row-top">
                    <span className="case-pseudonym">{c.pseudonym}</span>
                    <StatusBadge status={c.status} />
                  </span>
                  <span className="case-updated">{t('cases.updated', { date: formatDate(c.updatedAt) })}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
