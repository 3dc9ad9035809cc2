import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CaseloadRow } from '../../../shared/domain/case-file';
import { useT } from '../../app/i18n-store';
import { filterCaseload } from '../caseload/filter';
import { CaseloadFilters, ViewSwitch } from '../caseload/Filters';
import { RiskBadge } from '../caseload/RiskBadge';
import { useCaseload } from '../caseload/store';
import { StatusBadge } from './StatusBadge';
import { useCases } from './store';
import './cases.css';

const SEARCH_DEBOUNCE_MS = 200;
/** Every row has the same height (CSS .case-list li), so 10 000 rows cost what 20 do. */
export const CASE_ROW_HEIGHT = 72;

/** The search box shared by the list, the board and the due view. */
export function CaseSearch() {
  const t = useT();
  const query = useCaseload((s) => s.query);
  const search = useCaseload((s) => s.search);
  const [text, setText] = useState(query);
  useEffect(() => {
    if (text === query) return;
    const timer = setTimeout(() => void search(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, query, search]);
  return (
    <div className="field search-field">
      <label htmlFor="case-search" className="sr-only">
        {t('cases.search')}
      </label>
      <input
        id="case-search"
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={t('caseFiles.caseload.searchPlaceholder')}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        data-testid="case-search"
      />
    </div>
  );
}

export function useVisibleRows(): CaseloadRow[] {
  const rows = useCaseload((s) => s.rows);
  const hits = useCaseload((s) => s.hits);
  const filters = useCaseload((s) => s.filters);
  return useMemo(() => filterCaseload(rows, filters, hits), [rows, filters, hits]);
}

export function CaseRowContent({ c }: { c: CaseloadRow }) {
  const t = useT();
  const place = [c.city, c.country].filter(Boolean).join(', ');
  return (
    <>
      <span className="case-row-top">
        <span className="case-pseudonym">{c.pseudonym}</span>
        <span className="badges">
          <RiskBadge level={c.riskLevel} />
          <StatusBadge status={c.status} />
        </span>
      </span>
      <span className="case-row-meta">
        <span className="case-code">{c.caseCode}</span>
        {c.retentionExpired && (
          <span className="retention-note" data-testid="case-row-retention">
            {t('caseFiles.caseload.retentionFlag')}
          </span>
        )}
        {place && <span>{place}</span>}
        {c.overdueTaskCount > 0 && (
          <span className="overdue-note">{t('caseFiles.caseload.overdueCount', { count: c.overdueTaskCount })}</span>
        )}
      </span>
    </>
  );
}

export function CaseList() {
  const t = useT();
  const loaded = useCaseload((s) => s.loaded);
  const query = useCaseload((s) => s.query);
  const hits = useCaseload((s) => s.hits);
  const total = useCaseload((s) => s.rows.length);
  const selectedId = useCases((s) => (s.mode === 'edit' ? (s.record?.id ?? null) : null));
  const requestOpen = useCases((s) => s.requestOpen);
  const requestNew = useCases((s) => s.requestNew);
  const rows = useVisibleRows();

  const scrollRef = useRef<HTMLDivElement>(null);
  // Positions and the total height are written by the virtualizer through the CSSOM
  // (directDomUpdates), never as style attributes: the CSP allows no inline styles.
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CASE_ROW_HEIGHT,
    overscan: 8,
    directDomUpdates: true,
    getItemKey: (index) => rows[index]!.id
  });

  return (
    <section className="case-list-pane" aria-labelledby="cases-title">
      <div className="pane-head">
        <h1 id="cases-title">{t('cases.title')}</h1>
        <button type="button" className="button-primary" onClick={requestNew} data-testid="case-new">
          {t('cases.new')}
        </button>
      </div>
      <ViewSwitch />
      <CaseSearch />
      <CaseloadFilters />
      {loaded && (
        <p className="muted list-count" data-testid="caseload-count">
          {rows.length === total ? t('caseFiles.caseload.count', { count: total }) : t('caseFiles.caseload.countOf', { count: rows.length, total })}
        </p>
      )}
      <div className="case-list" ref={scrollRef} data-testid="case-list" aria-busy={!loaded} data-count={rows.length}>
        {!loaded ? (
          <p className="muted">{t('cases.loading')}</p>
        ) : rows.length === 0 ? (
          <p className="muted" role="status">
            {hits ? t('cases.noMatches', { query: query.trim() }) : total === 0 ? t('cases.empty') : t('caseFiles.caseload.noneMatch')}
          </p>
        ) : (
          <ul ref={virtualizer.containerRef} className="virtual-list">
            {virtualizer.getVirtualItems().map((item) => {
              const c = rows[item.index]!;
              return (
                <li key={item.key} ref={virtualizer.measureElement} data-index={item.index} aria-posinset={item.index + 1} aria-setsize={rows.length}>
                  <button
                    type="button"
                    className={`case-row${c.id === selectedId ? ' is-selected' : ''}${c.riskLevel === 'high' ? ' is-high-risk' : ''}`}
                    aria-current={c.id === selectedId ? 'true' : undefined}
                    onClick={() => requestOpen(c.id)}
                    data-testid="case-row"
                    data-case-id={c.id}
                  >
                    <CaseRowContent c={c} />
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </section>
  );
}
