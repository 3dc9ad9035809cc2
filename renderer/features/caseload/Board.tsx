import { CASE_STATUSES } from '../../../shared/domain/case';
import { useT } from '../../app/i18n-store';
import { CaseRowContent, useVisibleRows } from '../cases/CaseList';
import { useCases } from '../cases/store';
import { useCaseload } from './store';

/** Cards per column: a board of thousands helps nobody; search and filters narrow it. */
const COLUMN_LIMIT = 100;

export function CaseloadBoard() {
  const t = useT();
  const rows = useVisibleRows();
  const requestOpen = useCases((s) => s.requestOpen);
  const setView = useCaseload((s) => s.setView);
  return (
    <div className="board" data-testid="caseload-board">
      {CASE_STATUSES.map((status) => {
        const column = rows.filter((r) => r.status === status);
        return (
          <section key={status} className={`board-column column-${status}`} aria-labelledby={`board-${status}`}>
            <h2 id={`board-${status}`}>
              {t(`cases.status.${status}`)} <span className="count-pill">{column.length}</span>
            </h2>
            {column.length === 0 && <p className="muted">{t('caseFiles.caseload.boardEmpty')}</p>}
            <ul>
              {column.slice(0, COLUMN_LIMIT).map((c) => (
                <li key={c.id}>
                  <button
                    type="button"
                    className={`case-row board-card${c.riskLevel === 'high' ? ' is-high-risk' : ''}`}
                    onClick={() => {
                      setView('list');
                      requestOpen(c.id);
                    }}
                    data-testid="board-card"
                  >
                    <CaseRowContent c={c} />
                  </button>
                </li>
              ))}
            </ul>
            {column.length > COLUMN_LIMIT && (
              <p className="muted">{t('caseFiles.caseload.moreInColumn', { count: column.length - COLUMN_LIMIT })}</p>
            )}
          </section>
        );
      })}
    </div>
  );
}
