import { useDeferredValue, useId, useMemo } from 'react';
import { PassphraseField } from '../../app/PassphraseField';
import { useT } from '../../app/i18n-store';
import type { MessageKey } from '../../../shared/i18n';
import { StrengthMeter, assess } from './StrengthMeter';

type Props = {
  passphrase: string;
  confirm: string;
  onPassphrase: (value: string) => void;
  onConfirm: (value: string) => void;
  labelKey: MessageKey;
  confirmLabelKey: MessageKey;
  /** Words easy to guess for this person (her display name). */
  userInputs?: string[];
  testIds?: { passphrase?: string; confirm?: string };
  disabled?: boolean;
};

/** A new passphrase, its confirmation, and the strength meter; shared by create, recover, change. */
export function NewPassphraseFields(props: Props) {
  const t = useT();
  const meterId = useId();
  const mismatchId = useId();
  const { passphrase, confirm } = props;
  // Say "do not match" once she has typed enough to know, not at the first character.
  const showMismatch =
    confirm !== '' && confirm !== passphrase && (confirm.length >= passphrase.length || !passphrase.startsWith(confirm));
  return (
    <>
      <PassphraseField
        label={t(props.labelKey)}
        help={t('create.passphraseHelp')}
        value={passphrase}
        onChange={props.onPassphrase}
        testId={props.testIds?.passphrase}
        describedBy={meterId}
        disabled={props.disabled}
      />
      <LiveStrength id={meterId} passphrase={passphrase} userInputs={props.userInputs} />
      <PassphraseField
        label={t(props.confirmLabelKey)}
        value={confirm}
        onChange={props.onConfirm}
        testId={props.testIds?.confirm}
        describedBy={showMismatch ? mismatchId : undefined}
        invalid={showMismatch}
        disabled={props.disabled}
      />
      {showMismatch && (
        <p className="field-error" id={mismatchId}>
          {t('create.mismatch')}
        </p>
      )}
    </>
  );
}

function LiveStrength({ id, passphrase, userInputs }: { id: string; passphrase: string; userInputs?: string[] }) {
  // zxcvbn is quick, but deferring keeps typing smooth on slow office machines.
  const deferred = useDeferredValue(passphrase);
  const key = (userInputs ?? []).join('\u0000');
  const assessment = useMemo(() => assess(deferred, key ? key.split('\u0000') : []), [deferred, key]);
  return <StrengthMeter id={id} assessment={assessment} empty={deferred === ''} />;
}

/** The submit rule the forms share: acceptable (same rule as main) and typed twice alike. */
export function newPassphraseReady(passphrase: string, confirm: string, userInputs: string[] = []): boolean {
  return passphrase === confirm && assess(passphrase, userInputs).acceptable;
}
