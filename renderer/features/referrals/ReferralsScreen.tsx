/** The Referrals view: the status board, one referral's detail, or the composer (from a case's Refer button). */
import { useEffect, useRef } from 'react';
import { useFocusOnMount } from '../../app/focus';
import { useT } from '../../app/i18n-store';
import { ErrorMessage } from '../../app/ErrorBanner';
import { Board } from './Board';
import { Composer } from './Composer';
import { ReferralDetailView } from './Detail';
import { ReferralsSubNav } from './labels';
import { subscribeReferrals, useReferrals } from './store';
import './referrals.css';

export function ReferralsScreen() {
  const composing = useReferrals((s) => s.composing);
  const selectedId = useReferrals((s) => s.selectedId);

  useEffect(() => {
    const off = subscribeReferrals();
    void useReferrals.getState().load();
    return () => {
      off();
      useReferrals.getState().reset();
    };
  }, []);

  return (
    <div className="rf-screen" data-testid="referrals-view">
      <ReferralsSubNav />
      {composing ? <Composer target={composing} /> : selectedId ? <ReferralDetailView /> : <BoardPage />}
    </div>
  );
}

function BoardPage() {
  const t = useT();
  const error = useReferrals((s) => s.error);
  const dismissError = useReferrals((s) => s.dismissError);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);
  return (
    <>
      <div className="page-head">
        <h1 ref={headingRef} tabIndex={-1}>
          {t('referrals.board.title')}
        </h1>
      </div>
      <p className="lead">{t('referrals.board.intro')}</p>
      {error && <ErrorMessage error={error} onDismiss={dismissError} testId="referrals-error" />}
      <Board />
    </>
  );
}
