import { useT } from '../../app/i18n-store';
import { useCases } from '../cases/store';
import { useFormatDay } from '../case-file/form-bits';
import { useCaseload } from './store';

/** Open tasks across the caseload that are overdue or due within a week (tasks:due). */
export function DueView() {
  const t = useT();
  const formatDay = useFormatDay();
  const due = useCaseload((s) => s.due);
  const setView = useCaseload((s) => s.setView);
  const requestOpen = useCases((s) => s.requestOpen);
  return (
    <section className="due-view" aria-labelledby="due-title" data-testid="due-view">
      <h2 id="due-title">{t('caseFiles.due.title')}</h2>
      <p className="muted">{t('caseFiles.due.help')}</p>
      {due === null ? (
        <p className="muted">{t('cases.loading')}</p>
      ) : due.length === 0 ? (
        <p className="muted" role="status">
          {t('caseFiles.due.none')}
        </p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('caseFiles.task.dueOn')}</th>
              <th scope="col">{t('caseFiles.task.title')}</th>
              <th scope="col">{t('caseFiles.due.case')}</th>
              <th scope="col">{t('caseFiles.task.owner')}</th>
              <th scope="col">{t('caseFiles.task.status')}</th>
            </tr>
          </thead>
          <tbody>
            {due.map((task) => (
              <tr key={task.id} className={task.overdue ? 'is-overdue' : undefined} data-testid="due-row">
                <td>
                  {task.dueOn ? formatDay(task.dueOn) : '—'}
                  {task.overdue && <span className="overdue-note"> {t('caseFiles.task.overdue')}</span>}
                </td>
                <td>{task.title}</td>
                <td>
                  <button
                    type="button"
                    className="button-link"
                    onClick={() => {
                      setView('list');
                      requestOpen(task.caseId);
                    }}
                  >
                    {task.pseudonym} · {task.caseCode}
                  </button>
                </td>
                <td>{task.owner || t('caseFiles.page.unassigned')}</td>
                <td>{t(`caseFiles.task.status.${task.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
