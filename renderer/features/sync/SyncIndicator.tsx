/** The sync line in the header: last sync, changes waiting, errors in words, conflicts to review. */
import { useEffect } from 'react';
import { useErrorText, useFormatDate, useI18n, useT } from '../../app/i18n-store';
import { useNav } from '../../app/nav';
import { subscribeSync, useSync } from './store';
import './sync.css';

/** Today: the time only (the header has little room); another day: the date. */
function shortTime(iso: string, locale: string, formatDate: (v: string, withTime?: boolean) => string): string {
  const d = new Date(iso);
  if (d.toDateString() !== new Date().toDateString()) return formatDate(iso, false);
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(d);
}

export function SyncIndicator() {
  const t = useT();
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const locale = useI18n((s) => s.locale);
  const status = useSync((s) => s.status);
  const go = useNav((s) => s.go);
  useEffect(() => subscribeSync(), []);
  if (!status) return null;

  let text: string;
  let tone: 'ok' | 'busy' | 'warn' | 'bad' | 'off' = 'ok';
  switch (status.state) {
    case 'off':
      text = t('sync.status.off');
      tone = 'off';
      break;
    case 'linking':
      text = t('sync.status.linking');
      tone = 'busy';
      break;
    case 'syncing':
      text = t('sync.status.syncing');
      tone = 'busy';
      break;
    case 'offline':
      text = status.pending > 0 ? `${t('sync.status.offline')} · ${t('sync.status.pending', { count: status.pending })}` : t('sync.status.offline');
      tone = 'warn';
      break;
    case 'removed':
      text = t('sync.status.removed');
      tone = 'bad';
      break;
    case 'error':
      text = status.errorCode ? errorText({ code: status.errorCode }) : t('sync.status.offline');
      tone = 'bad';
      break;
    default:
      text = status.lastSyncAt ? t('sync.status.idle', { time: shortTime(status.lastSyncAt, locale, formatDate) }) : t('sync.status.never');
      if (status.pending > 0) text += ` · ${t('sync.status.pending', { count: status.pending })}`;
  }

  return (
    <button
      type="button"
      className={`sync-indicator sync-${tone}`}
      onClick={() => go('sync')}
      title={t('sync.status.title')}
      data-testid="sync-indicator"
      data-state={status.state}
    >
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text" role="status">
        {text}
      </span>
      {status.conflicts > 0 && <span className="sync-badge">{t('sync.status.conflicts', { count: status.conflicts })}</span>}
    </button>
  );
}
