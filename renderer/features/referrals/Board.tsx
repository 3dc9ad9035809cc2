/** The status board: sent and received referrals, overdue answers first and said in words. */
import { useState } from 'react';
import { useI18n, useFormatDate, useT, type TranslateFn } from '../../app/i18n-store';
import type { ReferralHandover, ReferralInbox, ReferralSummary } from '../../../shared/domain/referrals/schemas';
import { useFormatDay } from '../case-file/form-bits';
import { countryName } from '../../app/country-name';
import { StatusBadge } from './labels';
import { RefusedMessages } from './RefusedMessages';
import { useReferrals, type BoardTab } from './store';

export function Board() {
  const t = useT();
  const formatDate = useFormatDate();
  const s = useReferrals();
  const list = s.tab === 'sent' ? s.sent : s.received;
  const tabs: BoardTab[] = ['sent', 'received'];

  return (
    <section className="rf-board" data-testid="referrals-board">
      <div className="rf-toolbar">
        <div className="rf-tabs" role="tablist" aria-label={t('referrals.board.title')}>
          {tabs.map((tab) => {
            const items = tab === 'sent' ? s.sent : s.received;
            const overdue = items.filter((r) => r.overdue).length;
            return (
              <button
                key={tab}
                type="button"
                role="tab"
                id={`rf-tab-${tab}`}
                aria-selected={s.tab === tab}
                aria-controls="rf-board-panel"
                className="rf-tab"
                onClick={() => s.setTab(tab)}
                data-testid={`referrals-tab-${tab}`}
              >
                {t(`referrals.board.${tab}`)} <span className="rf-count">{items.length}</span>
                {overdue > 0 && <span className="rf-tab-overdue">{t('referrals.board.overdueCount', { count: overdue })}</span>}
              </button>
            );
          })}
        </div>
        <span className="rf-toolbar-gap" />
        <button type="button" className="button-secondary" disabled={s.busy} onClick={() => void s.syncNow()} data-testid="referrals-sync">
          {s.busy ? t('referrals.board.syncing') : t('referrals.board.sync')}
        </button>
      </div>
      {s.inbox && <InboxNote inbox={s.inbox} />}
      {s.lastSync && (
        <p className="muted small" role="status" data-testid="referrals-sync-result">
          {s.lastSync.sent === 0 && s.lastSync.received === 0
            ? t('referrals.board.syncNothing')
            : t('referrals.board.syncResult', { sent: s.lastSync.sent, received: s.lastSync.received })}
          {s.lastSync.refused > 0 && <strong className="rf-refused"> {t('referrals.board.syncRefused', { count: s.lastSync.refused })}</strong>}
        </p>
      )}
      <div id="rf-board-panel" role="tabpanel" aria-labelledby={`rf-tab-${s.tab}`}>
        {s.loaded && list.length === 0 && <p className="empty-pane">{t(s.tab === 'sent' ? 'referrals.board.emptySent' : 'referrals.board.emptyReceived')}</p>}
        {list.length > 0 && (
          <div className="rf-table-wrap">
            <table className="rf-table" data-testid={`referrals-list-${s.tab}`}>
              <thead>
                <tr>
                  <th scope="col">{t('referrals.col.reference')}</th>
                  <th scope="col">{t(s.tab === 'sent' ? 'referrals.col.to' : 'referrals.col.from')}</th>
                  <th scope="col">{t('referrals.col.service')}</th>
                  <th scope="col">{t('referrals.col.pseudonym')}</th>
                  <th scope="col">{t('referrals.col.status')}</th>
                  <th scope="col">{t('referrals.col.answerBy')}</th>
                  <th scope="col">{t('referrals.col.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {list.map((r) => (
                  <Row key={r.id} r={r} updated={formatDate(r.updatedAt)} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <RefusedMessages />
    </section>
  );
}

/**
 * Which device of the organisation receives referrals and when it last fetched (docs/referrals.md
 * "Several devices of one organisation"); amber, with a takeover button behind a confirmation,
 * once it has not fetched for `staleAfterHours`.
 */
function InboxNote({ inbox }: { inbox: ReferralInbox }) {
  const t = useT();
  const formatDate = useFormatDate();
  const busy = useReferrals((s) => s.busy);
  const receiveHere = useReferrals((s) => s.receiveHere);
  const [confirming, setConfirming] = useState(false);
  const h = inbox.handler;
  // No device has read the mailbox yet (or this device is in no network): nothing to say.
  if (!h) return null;
  const device = deviceName(t, h);
  const time = inbox.lastFetchedAt ? formatDate(inbox.lastFetchedAt) : null;
  const line = h.removed
    ? t('referrals.inbox.removed', { device })
    : h.thisDevice
      ? time
        ? t('referrals.inbox.here', { time })
        : t('referrals.inbox.hereNever')
      : time
        ? t('referrals.inbox.other', { device, time })
        : t('referrals.inbox.otherNever', { device });
  const hours = inbox.staleAfterHours;
  const canTake = inbox.stale && !h.thisDevice;
  return (
    <div className={`rf-inbox${inbox.stale ? ' is-stale' : ' muted small'}`} data-testid="referrals-inbox" data-state={inbox.stale ? 'stale' : h.thisDevice ? 'here' : 'other'}>
      <p>
        {line}
        {inbox.stale && !h.removed && <> {t('referrals.inbox.stale', { hours })}</>}
      </p>
      {canTake && !confirming && (
        <button type="button" className="button-secondary" disabled={busy} onClick={() => setConfirming(true)} data-testid="referrals-receive-here">
          {t('referrals.inbox.take')}
        </button>
      )}
      {canTake && confirming && (
        <div className="rf-inbox-confirm" role="group" aria-label={t('referrals.inbox.take')}>
          <p>{t('referrals.inbox.confirm', { device, hours })}</p>
          <button
            type="button"
            className="button-primary"
            disabled={busy}
            onClick={() => void receiveHere().then(() => setConfirming(false))}
            data-testid="referrals-receive-here-confirm"
          >
            {t('referrals.inbox.confirmYes')}
          </button>{' '}
          <button type="button" className="button-secondary" disabled={busy} onClick={() => setConfirming(false)}>
            {t('referrals.inbox.cancel')}
          </button>
        </div>
      )}
      <HandoverHistory handovers={inbox.handovers} />
    </div>
  );
}

const deviceName = (t: TranslateFn, d: { deviceId: string; label: string }) => (d.label !== '' ? d.label : t('referrals.inbox.unnamed', { id: d.deviceId.slice(0, 8) }));

/** Who moved the receiving of referrals to which device, when and why (kept in the organisation's records). */
function HandoverHistory({ handovers }: { handovers: ReferralHandover[] }) {
  const t = useT();
  const formatDate = useFormatDate();
  if (handovers.length === 0) return null;
  return (
    <details className="rf-handovers small" data-testid="referrals-handovers">
      <summary>{t('referrals.inbox.history', { count: handovers.length })}</summary>
      <ul>
        {handovers.map((h) => {
          const vars = { time: formatDate(h.at), by: h.by, device: deviceName(t, h.device), from: h.from ? deviceName(t, h.from) : '', since: h.fromLastFetchedAt ? formatDate(h.fromLastFetchedAt) : '' };
          const key = h.reason === 'relay' ? 'relay' : h.from === null || h.reason === 'first' ? 'first' : h.reason === 'removed' ? 'removed' : h.fromLastFetchedAt ? 'silent' : 'silentNever';
          return (
            <li key={h.at + h.device} data-testid="referrals-handover" data-reason={h.reason}>
              {t(`referrals.inbox.handover.${key}`, vars)}
            </li>
          );
        })}
      </ul>
    </details>
  );
}

function Row({ r, updated }: { r: ReferralSummary; updated: string }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const formatDay = useFormatDay();
  const select = useReferrals((s) => s.select);
  const other = r.direction === 'sent' ? r.to : r.from;
  return (
    <tr className={`rf-row${r.overdue ? ' is-overdue' : ''}`} data-testid="referral-row" data-id={r.id} data-reference={r.reference} data-status={r.status}>
      <td>
        <button type="button" className="button-link mono" onClick={() => void select(r.id)} data-testid="referral-open">
          {r.reference}
        </button>
      </td>
      <td>
        <span className="rf-org">{other.name}</span>
        <span className="muted small"> · {countryName(locale, other.country)}</span>
      </td>
      <td>
        {r.serviceName}
        <span className="muted small"> · {t(`directory.type.${r.serviceType}`)}</span>
      </td>
      <td>{r.pseudonym}</td>
      <td>
        <StatusBadge summary={r} />
      </td>
      <td className={r.overdue ? 'rf-answer-overdue' : undefined}>{formatDay(r.answerBy)}</td>
      <td className="muted small">{updated}</td>
    </tr>
  );
}
