import { Fragment, useRef, useState, type FormEvent } from 'react';
import type { AppErrorInfo } from '../../../shared/result';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFocusOnMount } from '../../app/focus';
import { useT } from '../../app/i18n-store';
import { useNotices } from '../../app/notices';
import { recoveryKeyGroups } from './recovery-key-text';
import { useVault } from './store';

/**
 * Shows the recovery key once (after create or rotate), then asks for it to be typed back
 * from the paper. The key leaves the store as soon as it is confirmed or skipped.
 */
export function RecoveryKey() {
  const recoveryKey = useVault((s) => s.recoveryKey);
  const [step, setStep] = useState<'show' | 'confirm'>('show');
  if (!recoveryKey) return null;
  return step === 'show' ? (
    <ShowKey recoveryKey={recoveryKey} onWritten={() => setStep('confirm')} />
  ) : (
    <ConfirmKey onShowAgain={() => setStep('show')} />
  );
}

function ShowKey({ recoveryKey, onWritten }: { recoveryKey: string; onWritten: () => void }) {
  const t = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);
  const groups = recoveryKeyGroups(recoveryKey);
  return (
    <section className="card" aria-labelledby="recovery-title">
      <h1 id="recovery-title" ref={headingRef} tabIndex={-1}>
        {t('recovery.title')}
      </h1>
      <p className="lead">{t('recovery.intro')}</p>
      <p className="recovery-key" data-testid="recovery-key" translate="no">
        {/* Whitespace between groups keeps textContent readable; the grid ignores it. */}
        {groups.map((group, i) => (
          <Fragment key={i}>
            {i > 0 && ' '}
            <span className="recovery-group">{group}</span>
          </Fragment>
        ))}
      </p>
      <ol className="steps">
        <li>{t('recovery.step.paper')}</li>
        <li>{t('recovery.step.away')}</li>
        <li>{t('recovery.step.noCopies')}</li>
      </ol>
      <div className="actions">
        <button type="button" className="button-primary" onClick={onWritten} data-testid="recovery-written">
          {t('recovery.written')}
        </button>
      </div>
    </section>
  );
}

function ConfirmKey({ onShowAgain }: { onShowAgain: () => void }) {
  const t = useT();
  const confirmRecoveryKey = useVault((s) => s.confirmRecoveryKey);
  const skipRecoveryKey = useVault((s) => s.skipRecoveryKey);
  const showInfo = useNotices((s) => s.showInfo);
  const [typed, setTyped] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useFocusOnMount(inputRef);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (busy || typed.trim() === '') return;
    setError(null);
    setBusy(true);
    const result = await confirmRecoveryKey(typed);
    setBusy(false);
    if (result === false) {
      setMismatch(true);
      inputRef.current?.focus();
    } else if (!result.ok) {
      setError(result.error);
    } else {
      showInfo('recovery.confirmed');
    }
  }

  return (
    <section className="card" aria-labelledby="recovery-confirm-title">
      <h1 id="recovery-confirm-title">{t('recovery.confirmTitle')}</h1>
      <p className="lead">{t('recovery.confirmIntro')}</p>
      <form onSubmit={onSubmit} noValidate aria-busy={busy}>
        <div className="field">
          <label htmlFor="recovery-confirm">{t('recovery.confirmLabel')}</label>
          <input
            id="recovery-confirm"
            ref={inputRef}
            className="mono"
            type="text"
            value={typed}
            onChange={(e) => {
              setTyped(e.target.value);
              setMismatch(false);
            }}
            maxLength={200}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            aria-invalid={mismatch || undefined}
            aria-describedby={mismatch ? 'recovery-mismatch' : undefined}
            data-testid="recovery-confirm-input"
          />
          {mismatch && (
            <p className="field-error" id="recovery-mismatch" role="alert" data-testid="recovery-mismatch">
              {t('recovery.mismatch')}
            </p>
          )}
        </div>
        {error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
        <div className="actions">
          <button type="submit" className="button-primary" disabled={busy || typed.trim() === ''} data-testid="recovery-confirm-submit">
            {busy ? t('recovery.confirming') : t('recovery.confirmSubmit')}
          </button>
          <button type="button" className="button-secondary" onClick={onShowAgain} disabled={busy}>
            {t('recovery.showAgain')}
          </button>
        </div>
        <div className="skip">
          <button type="button" className="button-link" onClick={skipRecoveryKey} disabled={busy} aria-describedby="recovery-later-warning">
            {t('recovery.later')}
          </button>
          <p className="field-help" id="recovery-later-warning">
            {t('recovery.laterWarning')}
          </p>
        </div>
      </form>
    </section>
  );
}

/** Unlocked, recovery key never confirmed, and the key is no longer in memory: offer a new one. */
export function RecoveryPrompt() {
  const t = useT();
  const rotateRecoveryKey = useVault((s) => s.rotateRecoveryKey);
  const deferRecoveryPrompt = useVault((s) => s.deferRecoveryPrompt);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);

  async function generate() {
    setBusy(true);
    setError(null);
    const result = await rotateRecoveryKey();
    setBusy(false);
    if (!result.ok) setError(result.error);
  }

  return (
    <section className="card" aria-labelledby="recovery-prompt-title">
      <h1 id="recovery-prompt-title" ref={headingRef} tabIndex={-1}>
        {t('recovery.promptTitle')}
      </h1>
      <p className="lead">{t('recovery.promptBody')}</p>
      {error && <ErrorMessage error={error} onDismiss={() => setError(null)} />}
      <div className="actions">
        <button type="button" className="button-primary" onClick={generate} disabled={busy}>
          {t('recovery.promptGenerate')}
        </button>
        <button type="button" className="button-secondary" onClick={deferRecoveryPrompt} disabled={busy}>
          {t('recovery.promptLater')}
        </button>
      </div>
    </section>
  );
}
