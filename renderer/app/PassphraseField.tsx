import { useId, useState, type KeyboardEvent, type Ref } from 'react';
import { useT } from './i18n-store';

type Props = {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  help?: string;
  /** Ids of other elements describing this field (strength meter, mismatch message). */
  describedBy?: string;
  inputRef?: Ref<HTMLInputElement>;
  invalid?: boolean;
  disabled?: boolean;
};

/**
 * A passphrase input with a "show" toggle and a Caps Lock warning. Browsers are asked not to
 * remember it: on a shared office computer a saved passphrase would defeat the vault.
 */
export function PassphraseField({ label, value, onChange, testId, help, describedBy, inputRef, invalid, disabled }: Props) {
  const t = useT();
  const id = useId();
  const [visible, setVisible] = useState(false);
  const [capsLock, setCapsLock] = useState(false);
  const helpId = `${id}-help`;
  const capsId = `${id}-caps`;
  const described = [help ? helpId : '', capsLock ? capsId : '', describedBy ?? ''].filter(Boolean).join(' ') || undefined;

  const checkCaps = (e: KeyboardEvent<HTMLInputElement>) => {
    if (typeof e.getModifierState === 'function') setCapsLock(e.getModifierState('CapsLock'));
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="field-help" id={helpId}>
          {help}
        </p>
      )}
      <div className="passphrase-input">
        <input
          id={id}
          ref={inputRef}
          type={visible ? 'text' : 'password'}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={checkCaps}
          onKeyUp={checkCaps}
          onBlur={() => setCapsLock(false)}
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          maxLength={1024}
          aria-invalid={invalid || undefined}
          aria-describedby={described}
          data-testid={testId}
          disabled={disabled}
        />
        <button
          type="button"
          className="button-quiet toggle-visibility"
          aria-pressed={visible}
          aria-label={t('common.showPassphrase')}
          title={t('common.showPassphrase')}
          onClick={() => setVisible((v) => !v)}
        >
          <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" className="icon">
            {visible ? (
              <path d="M3 3l18 18M10.6 10.6a2 2 0 0 0 2.8 2.8M9.9 5.1A9.8 9.8 0 0 1 12 5c5 0 9 4.5 10 7-.4 1-1.3 2.4-2.6 3.7M6.1 6.1C4 7.5 2.6 9.6 2 12c1 2.5 5 7 10 7 1.7 0 3.3-.5 4.6-1.2" />
            ) : (
              <>
                <path d="M2 12c1-2.5 5-7 10-7s9 4.5 10 7c-1 2.5-5 7-10 7S3 14.5 2 12z" />
                <circle cx="12" cy="12" r="3" />
              </>
            )}
          </svg>
        </button>
      </div>
      {capsLock && (
        <p className="field-warning" id={capsId}>
          {t('common.capsLock')}
        </p>
      )}
    </div>
  );
}
