/**
 * A referral's audit trail on this side (`referrals:audit`, docs/referrals.md "What is audited"):
 * collapsed by default like the case file's audit log, read only when opened (and again while
 * open whenever the referral changes), newest first. It outlives a deleted copy, so it is shown
 * for withdrawn and expired referrals too. Nothing in it is case data.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ReferralAuditEntry } from '../../../shared/domain/referrals/schemas';
import { ERROR_CODES, type ErrorCode } from '../../../shared/errors';
import type { AppErrorInfo } from '../../../shared/result';
import { getApi } from '../../bridge';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useErrorText, useI18n, useT, type TranslateFn } from '../../app/i18n-store';
import { handleLockedError, settle } from '../../app/notices';

/** A device without a label (no longer in the device list): the first 8 of its 16 hex characters tell it apart (the whole id is in the tooltip). */
const shortDevice = (id: string) => (id.length > 8 ? `${id.slice(0, 8)}…` : id);
const isErrorCode = (code: string): code is ErrorCode => (ERROR_CODES as readonly string[]).includes(code);

/** The device as the organisation's device list names it; one no longer in it by its short id. */
export function DeviceCell({ entry }: { entry: ReferralAuditEntry }) {
  return entry.deviceLabel !== '' ? (
    <td title={entry.device} data-testid="referral-audit-device">
      {entry.deviceLabel}
    </td>
  ) : (
    <td className="mono small" title={entry.device} data-testid="referral-audit-device">
      {shortDevice(entry.device)}
    </td>
  );
}

export function AuditDetail({ entry, t, errorText }: { entry: ReferralAuditEntry; t: TranslateFn; errorText: ReturnType<typeof useErrorText> }) {
  if (entry.detail === '') return null;
  switch (entry.action) {
    case 'sent':
      return <>{t('referrals.audit.detail.to', { org: entry.detail })}</>;
    case 'received':
      return <>{t('referrals.audit.detail.from', { org: entry.detail })}</>;
    case 'refused':
      // The error's translated text (a code this version does not know: the code alone).
      return isErrorCode(entry.detail) ? (
        <>
          {errorText({ code: entry.detail })} <span className="mono small muted">{entry.detail}</span>
        </>
      ) : (
        <span className="mono small">{entry.detail}</span>
      );
    default:
      return <>{entry.detail}</>;
  }
}

/** `version` changes whenever the referral was reloaded (a step arrived or was taken): the open log reloads too. */
export function AuditLog({ id, version }: { id: string; version: unknown }) {
  const t = useT();
  const errorText = useErrorText();
  const locale = useI18n((s) => s.locale);
  // With seconds: several entries often fall within one minute (one step is audited on both sides and per device).
  const time = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }), [locale]);
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<ReferralAuditEntry[] | null>(null);
  const [error, setError] = useState<AppErrorInfo | null>(null);

  useEffect(() => {
    if (!open) return;
    let current = true;
    void settle(() => getApi().referrals.audit({ id })).then((r) => {
      if (!current) return;
      if (r.ok) {
        setEntries([...r.value].reverse());
        setError(null);
      } else if (!handleLockedError(r.error)) setError(r.error);
    });
    return () => {
      current = false;
    };
  }, [open, id, version]);

  return (
    <section className="rf-block rf-audit-block" aria-labelledby="rf-audit-h">
      <details className="rf-audit" onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="referral-audit">
        <summary data-testid="referral-audit-toggle">
          <h2 id="rf-audit-h" className="rf-audit-title">
            {t('referrals.audit.section')}
          </h2>
          {entries && <span className="muted"> ({entries.length})</span>}
        </summary>
        <p className="field-help">{t('referrals.audit.help')}</p>
        {error && <ErrorMessage error={error} onDismiss={() => setError(null)} testId="referral-audit-error" />}
        {entries === null ? (
          !error && <p className="muted">{t('referrals.audit.loading')}</p>
        ) : entries.length === 0 ? (
          <p className="muted">{t('referrals.audit.none')}</p>
        ) : (
          <div className="rf-audit-scroll">
            <table className="data-table rf-audit-table" data-testid="referral-audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('referrals.audit.when')}</th>
                  <th scope="col">{t('referrals.audit.who')}</th>
                  <th scope="col">{t('referrals.audit.device')}</th>
                  <th scope="col">{t('referrals.audit.what')}</th>
                  <th scope="col">{t('referrals.audit.detail')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e, i) => (
                  <tr key={`${e.at}-${i}`} className={e.action === 'refused' ? 'rf-audit-refused' : undefined} data-testid="referral-audit-row" data-action={e.action}>
                    <td className="rf-audit-when">
                      <time dateTime={e.at}>{time.format(new Date(e.at))}</time>
                    </td>
                    <td>{e.actor}</td>
                    <DeviceCell entry={e} />
                    <td data-testid="referral-audit-action">{t(`referrals.audit.action.${e.action}`)}</td>
                    <td className="rf-audit-detail">
                      <AuditDetail entry={e} t={t} errorText={errorText} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </details>
    </section>
  );
}
