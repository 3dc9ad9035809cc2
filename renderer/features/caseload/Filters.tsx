import { CASE_STATUSES, KNOWN_LANGUAGES } from '../../../shared/domain/case';
import { RISK_LEVELS } from '../../../shared/domain/case-file';
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../app/i18n-store';
import { activeFilterCount } from './filter';
import { useCaseload, type CaseloadView } from './store';

const VIEWS: readonly CaseloadView[] = ['list', 'board', 'due'];

export function ViewSwitch() {
  const t = useT();
  const view = useCaseload((s) => s.view);
  const setView = useCaseload((s) => s.setView);
  return (
    <div className="segmented" role="group" aria-label={t('caseFiles.caseload.view')}>
      {VIEWS.map((v) => (
        <button
          key={v}
          type="button"
          aria-pressed={view === v}
          onClick={() => setView(v)}
          data-testid={`caseload-view-${v}`}
        >
          {t(`caseFiles.caseload.view.${v}` as MessageKey)}
        </button>
      ))}
    </div>
  );
}

export function CaseloadFilters() {
  const t = useT();
  const filters = useCaseload((s) => s.filters);
  const setFilters = useCaseload((s) => s.setFilters);
  const clearFilters = useCaseload((s) => s.clearFilters);
  const active = activeFilterCount(filters);
  return (
    <details className="caseload-filters" open={active > 0 ? true : undefined}>
      <summary data-testid="caseload-filters">
        {t('caseFiles.caseload.filters')}
        {active > 0 && <span className="count-pill">{active}</span>}
      </summary>
      <div className="filter-grid">
        <label>
          <span>{t('caseFiles.caseload.status')}</span>
          <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value as typeof filters.status })} data-testid="filter-status">
            <option value="">{t('caseFiles.caseload.all')}</option>
            {CASE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`cases.status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('caseFiles.caseload.risk')}</span>
          <select value={filters.risk} onChange={(e) => setFilters({ risk: e.target.value as typeof filters.risk })} data-testid="filter-risk">
            <option value="">{t('caseFiles.caseload.all')}</option>
            {RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {t(`caseFiles.risk.level.${r}`)}
              </option>
            ))}
            <option value="none">{t('caseFiles.risk.notAssessed')}</option>
          </select>
        </label>
        <label>
          <span>{t('caseFiles.caseload.place')}</span>
          <input type="text" value={filters.place} onChange={(e) => setFilters({ place: e.target.value })} maxLength={100} data-testid="filter-place" />
        </label>
        <label>
          <span>{t('caseFiles.caseload.language')}</span>
          <select value={filters.language} onChange={(e) => setFilters({ language: e.target.value })} data-testid="filter-language">
            <option value="">{t('caseFiles.caseload.all')}</option>
            {KNOWN_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`caseFiles.lang.${l}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('caseFiles.caseload.worker')}</span>
          <input type="text" value={filters.worker} onChange={(e) => setFilters({ worker: e.target.value })} maxLength={80} data-testid="filter-worker" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={filters.overdueOnly} onChange={(e) => setFilters({ overdueOnly: e.target.checked })} data-testid="filter-overdue" />
          {t('caseFiles.caseload.overdueOnly')}
        </label>
      </div>
      {active > 0 && (
        <button type="button" className="button-link" onClick={clearFilters} data-testid="filter-clear">
          {t('caseFiles.caseload.clearFilters')}
        </button>
      )}
    </details>
  );
}
