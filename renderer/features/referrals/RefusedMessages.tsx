/**
 * Under the status board: messages that arrived in the organisation's referrals mailbox and were
 * refused, belonging to no referral held here — a forged referral, one sealed to another
 * organisation, an unreadable part (`referrals:refused`). They have no detail view, and most are
 * refused by a background run nobody watches, so they are listed here; nothing from them was
 * opened or applied. Refusals of a held referral's steps are in that referral's audit log.
 */
import { useErrorText, useFormatDate, useT } from '../../app/i18n-store';
import { AuditDetail, DeviceCell } from './AuditLog';
import { useReferrals } from './store';

export function RefusedMessages() {
  const t = useT();
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const refused = useReferrals((s) => s.refused);
  if (refused.length === 0) return null;
  return (
    <details className="rf-refused-messages" data-testid="referrals-refused">
      <summary>{t('referrals.refused.title', { count: refused.length })}</summary>
      <p className="field-help">{t('referrals.refused.help')}</p>
      <div className="rf-audit-scroll">
        <table className="data-table rf-audit-table">
          <thead>
            <tr>
              <th scope="col">{t('referrals.audit.when')}</th>
              <th scope="col">{t('referrals.audit.device')}</th>
              <th scope="col">{t('referrals.refused.why')}</th>
            </tr>
          </thead>
          <tbody>
            {refused.map((e, i) => (
              <tr key={`${e.at}-${i}`} data-testid="referrals-refused-row" data-code={e.detail}>
                <td className="rf-audit-when">
                  <time dateTime={e.at}>{formatDate(e.at)}</time>
                </td>
                <DeviceCell entry={e} />
                <td className="rf-audit-detail">{e.detail === '' ? t('referrals.refused.unknown') : <AuditDetail entry={e} t={t} errorText={errorText} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
