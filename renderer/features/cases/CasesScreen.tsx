import { useEffect } from 'react';
import { CaseFilePage } from '../case-file/CaseFilePage';
import { CaseloadBoard } from '../caseload/Board';
import { DueView } from '../caseload/DueView';
import { CaseloadFilters, ViewSwitch } from '../caseload/Filters';
import { useCaseload } from '../caseload/store';
import { CaseForm } from './CaseForm';
import { CaseList, CaseSearch } from './CaseList';
import { useCases } from './store';
import { useT } from '../../app/i18n-store';

/**
 * The caseload and the open case. List view: the virtual list beside the case file (or the
 * profile form). Board and due views take the whole width; opening a case returns to the list.
 */
export function CasesScreen() {
  const t = useT();
  const loaded = useCaseload((s) => s.loaded);
  const loading = useCaseload((s) => s.loading);
  const load = useCaseload((s) => s.load);
  const view = useCaseload((s) => s.view);
  const mode = useCases((s) => s.mode);
  const editingProfile = useCases((s) => s.editingProfile);
  const requestNew = useCases((s) => s.requestNew);
  const setView = useCaseload((s) => s.setView);
  useEffect(() => {
    if (!loaded && !loading) void load();
  }, [loaded, loading, load]);

  if (view !== 'list') {
    return (
      <div className="caseload-wide">
        <div className="pane-head">
          <h1 id="cases-title">{t('cases.title')}</h1>
          <button
            type="button"
            className="button-primary"
            onClick={() => {
              setView('list');
              requestNew();
            }}
            data-testid="case-new"
          >
            {t('cases.new')}
          </button>
        </div>
        <div className="caseload-toolbar">
          <ViewSwitch />
          <CaseSearch />
        </div>
        {view === 'board' && <CaseloadFilters />}
        {view === 'board' ? <CaseloadBoard /> : <DueView />}
      </div>
    );
  }
  return (
    <div className="cases-layout">
      <CaseList />
      {mode === 'edit' && !editingProfile ? <CaseFilePage /> : <CaseForm />}
    </div>
  );
}
