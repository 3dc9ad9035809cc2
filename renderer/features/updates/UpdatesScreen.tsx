/**
 * Settings → Updates: what version runs, the update state (checking, downloading with
 * progress, ready to install on quit, or why the last check failed), and the device-wide
 * settings: feed address, channel, check interval.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  MAX_CHECK_INTERVAL_HOURS,
  MIN_CHECK_INTERVAL_HOURS,
  type UpdateChannel,
  type UpdateStatus
} from '../../../shared/ipc/features/desktop.contract';
import type { AppErrorInfo } from '../../../shared/result';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFocusOnMount } from '../../app/focus';
import { useFormatDate, useT } from '../../app/i18n-store';
import { useNav } from '../../app/nav';
import { useUpdates } from './store';
import './updates.css';

export function UpdatesScreen() {
  const t = useT();
  const go = useNav((s) => s.go);
  const load = useUpdates((s) => s.load);
  const status = useUpdates((s) => s.status);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="settings updates" data-testid="updates-screen">
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('desktop.updates.title')}
        </h1>
        <button type="button" className="button-secondary" onClick={() => go('cases')}>
          {t('desktop.updates.back')}
        </button>
      </div>
      {status && <UpdateStatusCard status={status} />}
      {status?.enabled && <UpdateSettingsForm />}
    </div>
  );
}

function UpdateStatusCard({ status }: { status: UpdateStatus }) {
  const t = useT();
  const formatDate = useFormatDate();
  const checkNow = useUpdates((s) => s.checkNow);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);

  async function onCheck() {
    setBusy(true);
    setError(null);
    const result = await checkNow();
    setBusy(false);
    if (!result.ok) setError(result.error);
  }

  const stateText = t(`desktop.updates.state.${status.state}`, { version: status.version ?? '' });
  const shownError = error ?? (status.state === 'error' && status.error ? { code: status.error.code, message: status.error.message } : null);

  return (
    <section className="card" aria-labelledby="updates-status">
      <h2 id="updates-status">{t('desktop.updates.current', { version: status.currentVersion })}</h2>
      {!status.enabled ? (
        <p data-testid="updates-disabled">
          {t(status.disabledReason === 'browser' ? 'desktop.updates.disabled.browser' : 'desktop.updates.disabled.development')}
        </p>
      ) : (
        <>
          <div role="status" aria-live="polite" data-testid="updates-state" data-state={status.state}>
            <p>{stateText}</p>
            {status.state === 'downloading' && <DownloadProgress value={status.progress ?? 0} />}
          </div>
          {shownError && <ErrorMessage error={shownError} onDismiss={error ? () => setError(null) : undefined} testId="updates-error" />}
          <dl className="updates-times">
            {status.lastCheckedAt && (
              <div>
                <dt className="sr-only">{t('desktop.updates.lastChecked', { when: '' })}</dt>
                <dd>{t('desktop.updates.lastChecked', { when: formatDate(status.lastCheckedAt) })}</dd>
              </div>
            )}
            {status.nextCheckAt && (
              <div>
                <dt className="sr-only">{t('desktop.updates.nextCheck', { when: '' })}</dt>
                <dd>{t('desktop.updates.nextCheck', { when: formatDate(status.nextCheckAt) })}</dd>
              </div>
            )}
          </dl>
          <div className="actions">
            <button
              type="button"
              className="button-secondary"
              onClick={() => void onCheck()}
              disabled={busy || status.state === 'checking' || status.state === 'downloading'}
              data-testid="updates-check"
            >
              {t('desktop.updates.checkNow')}
            </button>
            {status.state === 'downloaded' && <RestartButton />}
          </div>
        </>
      )}
    </section>
  );
}

export function DownloadProgress({ value }: { value: number }) {
  const t = useT();
  return (
    <progress className="update-progress" max={100} value={value} aria-label={t('desktop.updates.progress')} data-testid="updates-progress">
      {value}%
    </progress>
  );
}

export function RestartButton() {
  const t = useT();
  const restartAndInstall = useUpdates((s) => s.restartAndInstall);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  async function onRestart() {
    setBusy(true);
    setError(null);
    const result = await restartAndInstall();
    setBusy(false);
    if (!result.ok) setError(result.error);
  }
  return (
    <div className="update-restart">
      <button type="button" className="button-primary" onClick={() => void onRestart()} disabled={busy} data-testid="updates-restart">
        {t('desktop.updates.restart')}
      </button>
      <p className="field-help">{t('desktop.updates.restartHelp')}</p>
      {error && <ErrorMessage error={error} onDismiss={() => setError(null)} testId="updates-restart-error" />}
    </div>
  );
}

function UpdateSettingsForm() {
  const t = useT();
  const settings = useUpdates((s) => s.settings);
  const saveSettings = useUpdates((s) => s.saveSettings);
  const [feedUrl, setFeedUrl] = useState(settings?.feedUrl ?? '');
  const [channel, setChannel] = useState<UpdateChannel>(settings?.channel ?? 'stable');
  const [interval, setIntervalText] = useState(String(settings?.intervalHours ?? 6));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const hours = Number(interval.trim());
  const intervalValid = /^\d+$/.test(interval.trim()) && hours >= MIN_CHECK_INTERVAL_HOURS && hours <= MAX_CHECK_INTERVAL_HOURS;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!intervalValid || busy) return;
    setBusy(true);
    setError(null);
    setSaved(false);
    const trimmed = feedUrl.trim();
    const result = await saveSettings({ feedUrl: trimmed === '' ? null : trimmed, channel, intervalHours: hours });
    setBusy(false);
    if (!result.ok) setError(result.error);
    else {
      setFeedUrl(result.value.feedUrl ?? '');
      setSaved(true);
    }
  }

  return (
    <section className="card" aria-labelledby="updates-settings">
      <h2 id="updates-settings">{t('desktop.updates.settings.title')}</h2>
      <p className="field-help">{t('desktop.updates.settings.help')}</p>
      <form onSubmit={onSubmit} noValidate aria-busy={busy}>
        <div className="field">
          <label htmlFor="update-feed">{t('desktop.updates.settings.feed')}</label>
          <p className="field-help" id="update-feed-help">
            {t('desktop.updates.settings.feedHelp')}
          </p>
          <input
            id="update-feed"
            type="url"
            inputMode="url"
            spellCheck={false}
            autoComplete="off"
            placeholder="https://"
            value={feedUrl}
            onChange={(e) => {
              setFeedUrl(e.target.value);
              setSaved(false);
            }}
            aria-describedby="update-feed-help"
            data-testid="updates-feed-url"
          />
        </div>
        <fieldset className="field">
          <legend>{t('desktop.updates.settings.channel')}</legend>
          {(['stable', 'beta'] as const).map((c) => (
            <label key={c} className="radio-row">
              <input
                type="radio"
                name="update-channel"
                value={c}
                checked={channel === c}
                onChange={() => {
                  setChannel(c);
                  setSaved(false);
                }}
                data-testid={`updates-channel-${c}`}
              />
              {t(c === 'stable' ? 'desktop.updates.settings.stable' : 'desktop.updates.settings.beta')}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor="update-interval">{t('desktop.updates.settings.interval')}</label>
          <input
            id="update-interval"
            className="input-short"
            type="number"
            inputMode="numeric"
            min={MIN_CHECK_INTERVAL_HOURS}
            max={MAX_CHECK_INTERVAL_HOURS}
            step={1}
            value={interval}
            onChange={(e) => {
              setIntervalText(e.target.value);
              setSaved(false);
            }}
            aria-invalid={!intervalValid || undefined}
            aria-describedby={intervalValid ? undefined : 'update-interval-invalid'}
            data-testid="updates-interval"
          />
          {!intervalValid && (
            <p className="field-error" id="update-interval-invalid">
              {t('desktop.updates.settings.intervalInvalid')}
            </p>
          )}
        </div>
        {error && <ErrorMessage error={error} onDismiss={() => setError(null)} testId="updates-settings-error" />}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={!intervalValid || busy} data-testid="updates-save">
            {t('desktop.updates.settings.save')}
          </button>
        </div>
        <div role="status">{saved && <p className="success">{t('desktop.updates.settings.saved')}</p>}</div>
      </form>
    </section>
  );
}
