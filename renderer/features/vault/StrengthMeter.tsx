import { assessPassphrase, type PassphraseAssessment } from '../../../shared/passphrase-strength';
import { useT } from '../../app/i18n-store';

type Props = { id: string; assessment: PassphraseAssessment; empty: boolean };

const LEVEL_KEYS = ['strength.level.0', 'strength.level.1', 'strength.level.2', 'strength.level.3', 'strength.level.4'] as const;

/** Hook-free helper so forms compute the assessment once and use it for the submit rule too. */
export const assess = (passphrase: string, userInputs: string[] = []): PassphraseAssessment =>
  assessPassphrase(passphrase, userInputs.filter((s) => s.trim() !== ''));

/** The live meter under a new passphrase: four bars, a level, and translated hints. */
export function StrengthMeter({ id, assessment, empty }: Props) {
  const t = useT();
  const { score, acceptable, hints } = assessment;
  const level = empty ? 0 : score;
  return (
    <div
      id={id}
      className={`strength strength-${empty ? 'empty' : level} ${acceptable ? 'is-acceptable' : 'is-weak'}`}
      data-testid="passphrase-strength"
      data-score={empty ? '' : String(score)}
      data-acceptable={String(acceptable)}
    >
      <div className="strength-bar" aria-hidden="true">
        {[1, 2, 3, 4].map((n) => (
          <span key={n} className={!empty && level >= n ? 'on' : ''} />
        ))}
      </div>
      {!empty && (
        <>
          <p className="strength-label" aria-live="polite">
            {t('strength.label', { level: t(LEVEL_KEYS[score] ?? 'strength.level.0') })}
            {' · '}
            {acceptable ? t('strength.acceptable') : t('strength.notAcceptable')}
          </p>
          {hints.length > 0 && (
            <ul className="strength-hints">
              {hints.map((hint) => (
                <li key={hint}>{t(`passphrase.hint.${hint}`)}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
