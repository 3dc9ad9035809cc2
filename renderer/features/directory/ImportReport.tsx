/** The import report: counts, the duplicates skipped and every refused field with its row — nothing silent. */
import type { MessageKey } from '../../../shared/i18n';
import { useT } from '../../app/i18n-store';
import { useDirectory } from './store';

export function ImportReportPanel() {
  const t = useT();
  const report = useDirectory((s) => s.report);
  const close = useDirectory((s) => s.closeReport);
  if (!report) return null;
  const refusedRows = new Set(report.rejected.map((r) => r.row)).size;
  return (
    <section className="card directory-report" aria-labelledby="directory-report-h" data-testid="directory-report" role="status">
      <div className="pane-head">
        <h2 id="directory-report-h">{t('directory.report.title')}</h2>
        <button type="button" className="button-quiet" onClick={close} data-testid="directory-report-close">
          {t('directory.report.close')}
        </button>
      </div>
      <p data-testid="directory-report-summary">
        {t('directory.report.summary', { rows: report.rows, added: report.added, duplicates: report.duplicates.length, rejected: refusedRows })}
      </p>
      {report.rejected.length > 0 && (
        <>
          <h3>{t('directory.report.rejected')}</h3>
          <table className="directory-table">
            <thead>
              <tr>
                <th scope="col">{t('directory.report.row')}</th>
                <th scope="col">{t('directory.report.field')}</th>
                <th scope="col">{t('directory.report.reason')}</th>
                <th scope="col">{t('directory.report.value')}</th>
              </tr>
            </thead>
            <tbody>
              {report.rejected.map((r, i) => (
                <tr key={`${r.row}-${r.field}-${i}`} data-testid="directory-report-rejected" data-row={r.row} data-field={r.field} data-reason={r.reason}>
                  <td>{r.row}</td>
                  <td>{fieldLabel(t, r.field)}</td>
                  <td>{t(`directory.reason.${r.reason}`)}</td>
                  <td className="mono">{r.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {report.duplicates.length > 0 && (
        <>
          <h3>{t('directory.report.duplicates')}</h3>
          <ul>
            {report.duplicates.map((d) => (
              <li key={d.row} data-testid="directory-report-duplicate" data-row={d.row}>
                {t('directory.report.row')} {d.row}: {d.name} · {d.city} · {t(`directory.type.${d.type}`)} —{' '}
                {d.of === 'existing' ? t('directory.report.ofExisting') : t('directory.report.ofFile')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

const KNOWN = new Set(['name', 'type', 'country', 'city', 'languages', 'hours', 'phone', 'email', 'address', 'website', 'acceptsReferrals', 'notes', 'demo']);

/** A known column in the UI language (with its file name), an unknown one as it was written. */
function fieldLabel(t: (k: MessageKey) => string, field: string): string {
  if (field === '') return '—';
  return KNOWN.has(field) ? `${t(`directory.field.${field}` as MessageKey)} (${field})` : field;
}
