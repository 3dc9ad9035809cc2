import { useEffect, useRef } from 'react';
import { useT } from '../../app/i18n-store';
import { useCases } from './store';

/** "Discard changes?" when switching case (or starting a new one) with unsaved changes. */
export function DiscardPrompt() {
  const t = useT();
  const pending = useCases((s) => s.pending);
  const confirmDiscard = useCases((s) => s.confirmDiscard);
  const cancelDiscard = useCases((s) => s.cancelDiscard);
  const discardRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) discardRef.current?.focus();
  }, [pending]);
  if (!pending) return null;
  return (
    <div className="confirm-box" role="alertdialog" aria-labelledby="discard-title" aria-describedby="discard-body">
      <p id="discard-title" className="confirm-title">
        {t('caseForm.discardTitle')}
      </p>
      <p id="discard-body">{t('caseForm.discardBody')}</p>
      <div className="actions">
        <button type="button" ref={discardRef} className="button-danger" onClick={confirmDiscard} data-testid="case-discard">
          {t('caseForm.discard')}
        </button>
        <button type="button" className="button-secondary" onClick={cancelDiscard} data-testid="case-keep-editing">
          {t('caseForm.keepEditing')}
        </button>
      </div>
    </div>
  );
}
