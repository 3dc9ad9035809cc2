import { useRef, useState, type FormEvent } from 'react';
import type { AppErrorInfo } from '../../../shared/result';
import { ErrorMessage } from '../../app/ErrorBanner';
import { PassphraseField } from '../../app/PassphraseField';
import { useFocusOnMount } from '../../app/focus';
import { useT } from '../../app/i18n-store';
import { useNav } from '../../app/nav';
import { NewPassphraseFields, newPassphraseReady } from './NewPassphraseFields';
import { useVault } from './store';
import { OrganisationSettings } from '../case-file/OrganisationSettings';

export function Settings() {
  const t = useT();
  const go = useNav((s) => s.go);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);
  return (
    <div className="settings">
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('settings.title')}
        </h1>
        <button type="button" className="button-secondary" onClick={() => go('cases')}>
          {t('settings.back')}
        </button>
      </div>
      <ChangePassphrase />
      <IdleTimeout />
      <NewRecoveryKey />
      <OrganisationSettings />
    </div>
  );
}

function ChangePassphrase() {
  const t = useT();
  const displayName = useVault((s) => s.status?.displayName ?? '');
  const changePassphrase = useVault((s) => s.changePassphrase);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const ready = current !== '' && newPassphraseReady(next, confirm, [displayName]) && !busy;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    setDone(false);
    const result = await changePassphrase(current, next);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setCurrent('');
    setNext('');
    setConfirm('');
    setDone(true);
  }

  return (
    <section className="card" aria-labelledby="settings-passphrase">
      <h2 id="settings-passphrase">{t('settings.passphrase.title')}</h2>
      <form onSubmit={onSubmit} noValidate aria-busy={busy}>
        <PassphraseField
          label={t('settings.passphrase.current')}
          value={current}
          onChange={(v) => {
            setCurrent(v);
            setDone(false);
          }}
          testId="settings-current-passphrase"
          disabled={busy}
        />
        <NewPassphraseFields
          passphrase={next}
          confirm={confirm}
          onPassphrase={setNext}
          onConfirm={setConfirm}
          labelKey="settings.passphrase.new"
          confirmLabelKey="settings.passphrase.confirm"
          userInputs={[displayName]}
          testIds={{ passphrase: 'settings-new-passphrase', confirm: 'settings-new-passphrase-confirm' }}
          disabled={busy}
        />
        {error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={!ready} data-testid="settings-passphrase-submit">
            {busy ? t('settings.passphrase.submitting') : t('settings.passphrase.submit')}
          </button>
        </div>
        <div role="status">{done && <p className="success">{t('settings.passphrase.done')}</p>}</div>
      </form>
    </section>
  );
}

function IdleTimeout() {
  const t = useT();
  const minutesNow = useVault((s) => s.status?.idleTimeoutMinutes ?? 10);
  const setIdleTimeout = useVault((s) => s.setIdleTimeout);
  const [value, setValue] = useState(String(minutesNow));
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const minutes = Number(value.trim());
  const valid = /^\d+$/.test(value.trim()) && minutes >= 1 && minutes <= 240;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    const result = await setIdleTimeout(minutes);
    setBusy(false);
    if (!result.ok) setError(result.error);
    else setSaved(result.value.idleTimeoutMinutes);
  }

  return (
    <section className="card" aria-labelledby="settings-idle">
      <h2 id="settings-idle">{t('settings.idle.title')}</h2>
      <form onSubmit={onSubmit} noValidate aria-busy={busy}>
        <div className="field">
          <label htmlFor="idle-minutes">{t('settings.idle.label')}</label>
          <p className="field-help" id="idle-help">
            {t('settings.idle.help')}
          </p>
          <div className="inline-row">
            <input
              id="idle-minutes"
              className="input-short"
              type="number"
              inputMode="numeric"
              min={1}
              max={240}
              step={1}
              value={value}
              onChange={(e) => {
                setValue(e.target.value);
                setSaved(null);
              }}
              aria-invalid={!valid || undefined}
              aria-describedby={valid ? 'idle-help' : 'idle-help idle-invalid'}
              data-testid="settings-idle-minutes"
            />
            <button type="submit" className="button-primary" disabled={!valid || busy} data-testid="settings-idle-submit">
              {t('settings.idle.submit')}
            </button>
          </div>
          {!valid && (
            <p className="field-error" id="idle-invalid">
              {t('settings.idle.invalid')}
            </p>
          )}
        </div>
        {error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
        <div role="status">{saved !== null && <p className="success">{t('settings.idle.done', { minutes: saved })}</p>}</div>
      </form>
    </section>
  );
}

function NewRecoveryKey() {
  const t = useT();
  const rotateRecoveryKey = useVault((s) => s.rotateRecoveryKey);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);

  async function rotate() {
    setBusy(true);
    setError(null);
    // On success the app shows the new key (RecoveryKey) in place of this screen.
    const result = await rotateRecoveryKey();
    setBusy(false);
    setAsking(false);
    if (!result.ok) setError(result.error);
  }

  return (
    <section className="card" aria-labelledby="settings-recovery">
      <h2 id="settings-recovery">{t('settings.recovery.title')}</h2>
      <p>{t('settings.recovery.body')}</p>
      {error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
      {asking ? (
        <div className="confirm-box" role="alertdialog" aria-labelledby="rotate-question">
          <p id="rotate-question">{t('settings.recovery.areYouSure')}</p>
          <div className="actions">
            <button type="button" className="button-danger" onClick={rotate} disabled={busy} data-testid="settings-rotate-confirm">
              {t('settings.recovery.yes')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setAsking(false)} disabled={busy}>
              {t('common.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="actions">
          <button type="button" className="button-secondary" onClick={() => setAsking(true)} data-testid="settings-rotate">
            {t('settings.recovery.submit')}
          </button>
        </div>
      )}
    </section>
  );
}
