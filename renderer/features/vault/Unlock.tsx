import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AppErrorInfo } from '../../../shared/result';
import { PassphraseField } from '../../app/PassphraseField';
import { useFocusOnMount } from '../../app/focus';
import { useErrorText, useT } from '../../app/i18n-store';
import { NewPassphraseFields, newPassphraseReady } from './NewPassphraseFields';
import { useVault, type Profile } from './store';

/** Waits imposed by main after wrong attempts, counted down on screen. */
function useRetryCountdown() {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null) return;
    const timer = setInterval(() => {
      const t = Date.now();
      setNow(t);
      if (t >= until) setUntil(null);
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  const remainingMs = until === null ? 0 : Math.max(0, until - now);
  return {
    remainingMs,
    waiting: remainingMs > 0,
    start(error: AppErrorInfo) {
      const ms = error.details?.['retryAfterMs'];
      if (typeof ms === 'number' && ms > 0) {
        setNow(Date.now());
        setUntil(Date.now() + ms);
      }
    },
    clear: () => setUntil(null)
  };
}

const initialSeconds = (error: AppErrorInfo): number => {
  const ms = error.details?.['retryAfterMs'];
  return typeof ms === 'number' ? Math.max(1, Math.ceil(ms / 1000)) : 1;
};

function profileLabel(profile: Profile, all: Profile[]): string {
  // Two people may pick the same name: tell them apart by creation date.
  const twins = all.filter((p) => p.displayName === profile.displayName).length > 1;
  return twins ? `${profile.displayName} (${profile.createdAt.slice(0, 10)})` : profile.displayName;
}

export function Unlock() {
  const t = useT();
  const errorText = useErrorText();
  const profiles = useVault((s) => s.profiles);
  const lastProfileId = useVault((s) => s.status?.profileId ?? null);
  const lockReason = useVault((s) => s.lockReason);
  const unlock = useVault((s) => s.unlock);
  const recover = useVault((s) => s.recover);
  const showCreateProfile = useVault((s) => s.showCreateProfile);

  const [chosenId, setChosenId] = useState<string | null>(lastProfileId);
  const profileId = profiles.some((p) => p.id === chosenId) ? chosenId! : (profiles[0]?.id ?? '');
  const [mode, setMode] = useState<'unlock' | 'recover'>('unlock');
  const [passphrase, setPassphrase] = useState('');
  const [recoveryKey, setRecoveryKey] = useState('');
  const [newPassphrase, setNewPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const countdown = useRetryCountdown();
  const passphraseRef = useRef<HTMLInputElement>(null);
  const recoverHeadingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(passphraseRef, mode === 'unlock');
  useFocusOnMount(recoverHeadingRef, mode === 'recover');

  // Once the wait is over, "too many attempts" no longer applies.
  const showError = error && !(error.code === 'vault/too-many-attempts' && !countdown.waiting) ? error : null;
  const seconds = Math.max(1, Math.ceil(countdown.remainingMs / 1000));
  let errorMessage = '';
  if (showError) {
    if (showError.code === 'vault/too-many-attempts') {
      errorMessage = errorText({ code: showError.code, details: { retryAfterMs: countdown.remainingMs } });
    } else if (showError.code === 'vault/wrong-recovery-key' && showError.details?.['malformed'] === true) {
      errorMessage = t('recover.malformed');
    } else {
      errorMessage = errorText(showError);
    }
  }

  function switchMode(next: 'unlock' | 'recover') {
    setMode(next);
    setError(null);
    setPassphrase('');
    setRecoveryKey('');
    setNewPassphrase('');
    setConfirm('');
  }

  function chooseProfile(id: string) {
    setChosenId(id);
    setError(null);
    countdown.clear();
  }

  function failed(result: AppErrorInfo) {
    setError(result);
    countdown.start(result);
  }

  async function onUnlock(event: FormEvent) {
    event.preventDefault();
    if (busy || countdown.waiting || !profileId || passphrase === '') return;
    setBusy(true);
    setError(null);
    const result = await unlock(profileId, passphrase);
    // On success this screen unmounts; on failure, clear the field for a fresh try.
    if (!result.ok) {
      setBusy(false);
      setPassphrase('');
      failed(result.error);
      passphraseRef.current?.focus();
    }
  }

  const selectedProfile = profiles.find((p) => p.id === profileId);
  const recoverReady =
    recoveryKey.trim() !== '' && newPassphraseReady(newPassphrase, confirm, selectedProfile ? [selectedProfile.displayName] : []);

  async function onRecover(event: FormEvent) {
    event.preventDefault();
    if (busy || countdown.waiting || !profileId || !recoverReady) return;
    setBusy(true);
    setError(null);
    const result = await recover(profileId, recoveryKey.trim(), newPassphrase);
    if (!result.ok) {
      setBusy(false);
      failed(result.error);
    }
  }

  // The visible countdown ticks every second; screen readers hear the first value only
  // (a live region that changes every second would talk over everything else).
  const errorBlock = showError && (
    <div className="error-banner" role="alert" data-testid="unlock-error" data-code={showError.code}>
      {showError.code === 'vault/too-many-attempts' ? (
        <>
          <p className="error-text" aria-hidden="true">
            {errorMessage}
          </p>
          <p className="sr-only">{errorText(showError)}</p>
        </>
      ) : (
        <p className="error-text">{errorMessage}</p>
      )}
      {countdown.waiting && showError.code !== 'vault/too-many-attempts' && (
        <>
          <p className="error-text" aria-hidden="true">
            {t('unlock.retryIn', { seconds })}
          </p>
          <p className="sr-only">{t('unlock.retryIn', { seconds: initialSeconds(showError) })}</p>
        </>
      )}
    </div>
  );

  const profilePicker = (
    <div className="field">
      <label htmlFor="unlock-profile">{t('unlock.profile')}</label>
      <select
        id="unlock-profile"
        value={profileId}
        onChange={(e) => chooseProfile(e.target.value)}
        data-testid="profile-select"
        disabled={busy}
      >
        {profiles.map((p) => (
          <option key={p.id} value={p.id}>
            {profileLabel(p, profiles)}
          </option>
        ))}
      </select>
    </div>
  );

  if (mode === 'recover') {
    return (
      <section className="card" aria-labelledby="recover-title">
        <h1 id="recover-title" ref={recoverHeadingRef} tabIndex={-1}>
          {t('recover.title')}
        </h1>
        <p className="lead">{t('recover.intro')}</p>
        <form onSubmit={onRecover} noValidate aria-busy={busy}>
          {profilePicker}
          <div className="field">
            <label htmlFor="recover-key">{t('recover.key')}</label>
            <input
              id="recover-key"
              className="mono"
              type="text"
              value={recoveryKey}
              onChange={(e) => setRecoveryKey(e.target.value)}
              maxLength={200}
              autoComplete="off"
              autoCapitalize="characters"
              autoCorrect="off"
              spellCheck={false}
              data-testid="recover-key"
              disabled={busy}
            />
          </div>
          <NewPassphraseFields
            passphrase={newPassphrase}
            confirm={confirm}
            onPassphrase={setNewPassphrase}
            onConfirm={setConfirm}
            labelKey="recover.newPassphrase"
            confirmLabelKey="recover.confirm"
            userInputs={selectedProfile ? [selectedProfile.displayName] : []}
            testIds={{ passphrase: 'recover-passphrase', confirm: 'recover-passphrase-confirm' }}
            disabled={busy}
          />
          {errorBlock}
          <div className="actions">
            <button
              type="submit"
              className="button-primary"
              disabled={!recoverReady || busy || countdown.waiting}
              data-testid="recover-submit"
            >
              {t('recover.submit')}
            </button>
            <button type="button" className="button-link" onClick={() => switchMode('unlock')} disabled={busy}>
              {t('recover.back')}
            </button>
          </div>
          {busy && (
            <p className="progress" role="status">
              {t('recover.submitting')}
            </p>
          )}
        </form>
      </section>
    );
  }

  return (
    <section className="card card-narrow" aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t('unlock.title')}</h1>
      <div role="status" className="lock-reason">
        {lockReason && <p>{t(`lock.reason.${lockReason}`)}</p>}
      </div>
      <form onSubmit={onUnlock} noValidate aria-busy={busy}>
        {profilePicker}
        <PassphraseField
          label={t('unlock.passphrase')}
          value={passphrase}
          onChange={setPassphrase}
          testId="unlock-passphrase"
          inputRef={passphraseRef}
          invalid={showError?.code === 'vault/wrong-passphrase'}
        />
        {errorBlock}
        <div className="actions">
          <button
            type="submit"
            className="button-primary button-wide"
            disabled={busy || countdown.waiting || passphrase === '' || !profileId}
            data-testid="unlock-submit"
          >
            {busy ? t('unlock.submitting') : t('unlock.submit')}
          </button>
        </div>
      </form>
      <div className="secondary-links">
        <button type="button" className="button-link" onClick={() => switchMode('recover')} data-testid="unlock-forgot">
          {t('unlock.forgot')}
        </button>
        <button type="button" className="button-link" onClick={() => showCreateProfile(true)} data-testid="unlock-new-profile">
          {t('unlock.newProfile')}
        </button>
      </div>
    </section>
  );
}
