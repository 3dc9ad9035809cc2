/** Small shared bits of the referral views: the status badge, dates, the sub-navigation. */
import type { ReferralStatus, ReferralSummary } from '../../../shared/domain/referrals/schemas';
import { useT } from '../../app/i18n-store';
import { useNav, type View } from '../../app/nav';
import { useReferrals } from './store';

/** Status in words (never colour alone); overdue and queued are said too. */
export function StatusBadge({ summary }: { summary: Pick<ReferralSummary, 'status' | 'overdue' | 'queuedSteps'> }) {
  const t = useT();
  return (
    <span className="rf-badges">
      <span className={`rf-status rf-status-${summary.status}`} data-testid="referral-status" data-status={summary.status}>
        {t(`referrals.status.${summary.status}`)}
      </span>
      {summary.overdue && (
        <span className="rf-status rf-overdue" data-testid="referral-overdue">
          <svg aria-hidden="true" viewBox="0 0 24 24" width="14" height="14" className="icon">
            <circle cx="12" cy="12" r="9" />
            <path d="M12 7v5l3 2" />
          </svg>
          {t('referrals.overdue')}
        </span>
      )}
      {summary.queuedSteps > 0 && summary.status !== 'queued' && (
        <span className="rf-status rf-status-queued" data-testid="referral-queued">
          {t('referrals.queuedSteps', { count: summary.queuedSteps })}
        </span>
      )}
    </span>
  );
}

export const statusKey = (s: ReferralStatus) => `referrals.status.${s}` as const;

const TABS: ReadonlyArray<[View, 'referrals.nav.board' | 'referrals.nav.network' | 'referrals.nav.templates']> = [
  ['referrals', 'referrals.nav.board'],
  ['network', 'referrals.nav.network'],
  ['referral-templates', 'referrals.nav.templates']
];

/** Referrals, the network and the letter templates share one header link; this switches between them. */
export function ReferralsSubNav() {
  const t = useT();
  const view = useNav((s) => s.view);
  const go = useNav((s) => s.go);
  return (
    <nav className="rf-subnav" aria-label={t('referrals.nav.label')}>
      {TABS.map(([v, key]) => (
        <button
          key={v}
          type="button"
          className="rf-subnav-link"
          aria-current={view === v ? 'page' : undefined}
          onClick={() => {
            // "Status board" from a referral's detail goes back to the board itself.
            if (v === 'referrals') useReferrals.getState().closeDetail();
            go(v);
          }}
          data-testid={`subnav-${v}`}
        >
          {t(key)}
        </button>
      ))}
    </nav>
  );
}
