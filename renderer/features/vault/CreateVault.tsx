import { useRef, useState, type FormEvent } from 'react';
import type { AppErrorInfo } from '../../../shared/result';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFocusOnMount } from '../../app/focus';
import { useT } from '../../app/i18n-store';
import { NewPassphraseFields, newPassphraseReady } from './NewPassphraseFields';
import { useVault } from './store';

/** First run, or "new profile for another person" from the unlock screen. */
export function CreateVault() {
  const t = useT();
  const hasProfiles = useVault((s) => s.profiles.length > 0);
  const create = useVault((s) => s.create);
  const showCreateProfile = useVault((s) => s.showCreateProfile);

  const [name, setName] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  useFocusOnMount(nameRef);

  const trimmedName = name.trim();
  const ready = trimmedName !== '' && newPassphraseReady(passphrase, confirm, [trimmedName]) && !busy;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!ready) return;
    setBusy(true);
    setError(null);
    const result = await create(trimmedName, passphrase);
    // On success this screen unmounts (the recovery key is shown next).
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
    }
  }

  return (
    <section className="card" aria-labelledby="create-title">
      <h1 id="create-title">{hasProfiles ? t('create.titleAnother') : t('create.title')}</h1>
      <p className="lead">{t('create.intro')}</p>
      <form onSubmit={onSubmit} noValidate aria-busy={busy}>
        <div className="field">
          <label htmlFor="create-name">{t('create.name')}</label>
          <p className="field-help" id="create-name-help">
            {t('create.nameHelp')}
          </p>
          <input
            id="create-name"
            ref={nameRef}
            type="text"
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={60}
            autoComplete="off"
            spellCheck={false}
            aria-describedby="create-name-help"
            data-testid="create-profile-name"
            disabled={busy}
          />
        </div>
        <NewPassphraseFields
          passphrase={passphrase}
          confirm={confirm}
          onPassphrase={setPassphrase}
          onConfirm={setConfirm}
          labelKey="create.passphrase"
          confirmLabelKey="create.confirm"
          userInputs={[trimmedName]}
          testIds={{ passphrase: 'create-passphrase', confirm: 'create-passphrase-confirm' }}
          disabled={busy}
        />
        {error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={!ready} data-testid="create-submit">
            {t('create.submit')}
          </button>
          {hasProfiles && (
            <button type="button" className="button-link" onClick={() => showCreateProfile(false)} disabled={busy}>
              {t('create.backToUnlock')}
            </button>
          )}
        </div>
        {busy && (
          <p className="progress" role="status">
            {t('create.submitting')}
          </p>
        )}
      </form>
    </section>
  );
}
