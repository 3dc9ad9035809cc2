/**
 * One referral: its chain of signed steps, what it shares, the letter in both languages, the
 * verification fingerprint, and the actions open to this side in this state.
 */
import { useRef, useState, type FormEvent, type RefObject } from 'react';
import type { ReferralDetail as Detail, StepKind } from '../../../shared/domain/referrals/schemas';
import type { MessageKey } from '../../../shared/i18n';
import { ErrorMessage } from '../../app/ErrorBanner';
import { useFocusOnMount } from '../../app/focus';
import { useFormatDate, useI18n, useT } from '../../app/i18n-store';
import { useNav } from '../../app/nav';
import { useCases } from '../cases/store';
import { formatBytes, useFormatDay } from '../case-file/form-bits';
import { FingerprintText } from '../network/Fingerprint';
import { downloadBase64 } from '../../app/download';
import { countryName } from '../../app/country-name';
import { StatusBadge } from './labels';
import { SharedDataView } from './SharedData';
import { useReferrals, type StepAction } from './store';
import { PrintableLetter, PrintButton } from './PrintLetter';
import { AuditLog } from './AuditLog';

export function ReferralDetailView() {
  const t = useT();
  const detail = useReferrals((s) => s.detail);
  const error = useReferrals((s) => s.error);
  const dismissError = useReferrals((s) => s.dismissError);
  const closeDetail = useReferrals((s) => s.closeDetail);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef, detail !== null);

  return (
    <article className="rf-detail" data-testid="referral-detail" data-status={detail?.summary.status}>
      <button type="button" className="button-link" onClick={closeDetail} data-testid="referral-back">
        ← {t('referrals.detail.back')}
      </button>
      {error && <ErrorMessage error={error} onDismiss={dismissError} testId="referral-error" />}
      {!detail ? (
        <p className="muted">{t('referrals.detail.loading')}</p>
      ) : (
        <DetailBody detail={detail} headingRef={headingRef} />
      )}
    </article>
  );
}

function DetailBody({ detail, headingRef }: { detail: Detail; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const formatDate = useFormatDate();
  const formatDay = useFormatDay();
  const s = detail.summary;
  const other = s.direction === 'sent' ? s.to : s.from;

  return (
    <>
      <header className="rf-detail-head">
        <div>
          <h1 ref={headingRef} tabIndex={-1} className="mono" data-testid="referral-reference">
            {s.reference}
          </h1>
          <p className="muted">
            {t(s.direction === 'sent' ? 'referrals.detail.sentTo' : 'referrals.detail.receivedFrom', {
              org: `${other.name} (${countryName(locale, other.country)})`
            })}{' '}
            · {s.serviceName} ({t(`directory.type.${s.serviceType}`)}) · {t('referrals.detail.pseudonym', { name: s.pseudonym })}
          </p>
        </div>
        <StatusBadge summary={s} />
      </header>

      <dl className="rf-facts">
        <div>
          <dt>{t('referrals.detail.created')}</dt>
          <dd>{formatDate(s.createdAt)}</dd>
        </div>
        <div className={s.overdue ? 'rf-answer-overdue' : undefined}>
          <dt>{t('referrals.col.answerBy')}</dt>
          <dd data-testid="referral-answer-by">
            {formatDay(s.answerBy)}
            {s.overdue && ` — ${t('referrals.overdue')}`}
          </dd>
        </div>
        <div>
          <dt>{t('referrals.detail.expires')}</dt>
          <dd>{formatDay(s.expiresAt)}</dd>
        </div>
      </dl>

      {s.status === 'withdrawn' && s.direction === 'sent' && (
        <p className={s.withdrawConfirmedAt ? 'success' : 'field-warning'} data-testid="referral-withdraw-state">
          {s.withdrawConfirmedAt ? t('referrals.detail.withdrawConfirmed', { time: formatDate(s.withdrawConfirmedAt) }) : t('referrals.detail.withdrawPending')}
        </p>
      )}
      {s.status === 'queued' && <p className="field-warning">{t('referrals.detail.queuedHelp')}</p>}

      <Actions detail={detail} />

      <section className="rf-block" aria-labelledby="rf-verify-h">
        <h2 id="rf-verify-h">{t('referrals.detail.verification')}</h2>
        <p className="field-help">{t('referrals.detail.verificationHelp')}</p>
        <FingerprintText value={detail.verification} testId="referral-verification" />
      </section>

      <section className="rf-block" aria-labelledby="rf-steps-h">
        <h2 id="rf-steps-h">{t('referrals.detail.steps')}</h2>
        <ol className="rf-steps" data-testid="referral-steps">
          {detail.steps.map((step) => (
            <li key={step.index} className={`rf-step rf-step-${step.kind}`} data-testid="referral-step" data-kind={step.kind}>
              <div className="rf-step-head">
                <strong>{t(`referrals.step.${step.kind}` as MessageKey)}</strong>
                <span className="muted">
                  {' '}
                  · {step.by.name} · {formatDate(step.at)}
                </span>
                {step.queued && <span className="rf-status rf-status-queued">{t('referrals.status.queued')}</span>}
              </div>
              {step.text && <p className="rf-pre rf-step-text">{step.text}</p>}
              <p className="rf-step-fp">
                <span className="muted small">{t('referrals.detail.stepFingerprint')} </span>
                <FingerprintText value={step.fingerprint} />
              </p>
            </li>
          ))}
        </ol>
      </section>

      <section className="rf-block" aria-labelledby="rf-shared-h">
        <h2 id="rf-shared-h">{t(s.direction === 'sent' ? 'referrals.detail.sharedSent' : 'referrals.detail.sharedReceived')}</h2>
        {detail.shared ? (
          <SharedDataView data={detail.shared} testId="referral-shared" />
        ) : (
          <p className="muted" data-testid="referral-shared-deleted">
            {t('referrals.detail.sharedDeleted')}
          </p>
        )}
        {detail.consent.overrideReason !== '' && (
          <p className="rf-override-note" data-testid="referral-override">
            <strong>{t('referrals.detail.overridden')}</strong> {detail.consent.overrideReason}
          </p>
        )}
        <h3>{t('referrals.detail.attachments')}</h3>
        {detail.attachments.length === 0 ? (
          <p className="muted">{t('referrals.detail.noAttachments')}</p>
        ) : (
          <ul className="rf-plain-list" data-testid="referral-attachments">
            {detail.attachments.map((a) => (
              <li key={a.index}>
                {a.name} <span className="muted small">· {formatBytes(locale, a.size)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      {detail.letter && (
        <section className="rf-block" aria-labelledby="rf-letter-h">
          <div className="pane-head">
            <h2 id="rf-letter-h">{t('referrals.detail.letter')}</h2>
            <div className="actions rf-letter-buttons">
              <PdfButton id={s.id} />
              <PrintButton />
            </div>
          </div>
          <p className="field-help" id="rf-print-help">
            {t('referrals.print.help')}
          </p>
          <div className="rf-letters">
            <div className="rf-letter" lang="zh-CN">
              <h3>{t('referrals.lang.zh')}</h3>
              <p className="rf-pre" data-testid="referral-letter-zh">
                {detail.letter.zh}
              </p>
            </div>
            <div className="rf-letter" lang={detail.letter.otherLanguage}>
              <h3>{t(`referrals.lang.${detail.letter.otherLanguage}`)}</h3>
              <p className="rf-pre" data-testid="referral-letter-other">
                {detail.letter.other}
              </p>
            </div>
          </div>
          <PrintableLetter
            input={{ reference: s.reference, date: s.createdAt, from: s.from, to: s.to, serviceName: s.serviceName, letter: detail.letter, verification: detail.verification }}
          />
        </section>
      )}

      <AuditLog key={s.id} id={s.id} version={detail} />
    </>
  );
}

function PdfButton({ id }: { id: string }) {
  const t = useT();
  const letterPdf = useReferrals((s) => s.letterPdf);
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button-secondary"
      disabled={busy}
      onClick={() => {
        setBusy(true);
        void letterPdf(id).then((file) => {
          setBusy(false);
          if (file) downloadBase64(file);
        });
      }}
      data-testid="referral-pdf"
    >
      {t('referrals.detail.pdf')}
    </button>
  );
}

type TextAction = Exclude<StepAction['kind'], 'accept'>;

/** Which verbs this side has in this state (main checks again: referral/invalid-state). */
function available(detail: Detail): TextAction[] {
  const { direction, status } = detail.summary;
  if (direction === 'received') {
    if (status === 'received') return ['decline', 'request-info'];
    if (status === 'accepted') return ['progress', 'close'];
    return [];
  }
  const out: TextAction[] = [];
  if (status === 'info-requested') out.push('provide-info');
  if (status === 'queued' || status === 'sent' || status === 'received' || status === 'info-requested') out.push('withdraw');
  return out;
}

const ACTION_LABEL: Record<TextAction, MessageKey> = {
  decline: 'referrals.action.decline',
  'request-info': 'referrals.action.requestInfo',
  'provide-info': 'referrals.action.provideInfo',
  progress: 'referrals.action.progress',
  close: 'referrals.action.close',
  withdraw: 'referrals.action.withdraw'
};
const ACTION_FIELD: Record<TextAction, MessageKey> = {
  decline: 'referrals.action.declineReason',
  'request-info': 'referrals.action.question',
  'provide-info': 'referrals.action.answer',
  progress: 'referrals.action.progressNote',
  close: 'referrals.action.closeNote',
  withdraw: 'referrals.action.withdrawReason'
};
const ACTION_HELP: Partial<Record<TextAction, MessageKey>> = {
  withdraw: 'referrals.action.withdrawHelp',
  decline: 'referrals.action.declineHelp',
  close: 'referrals.action.closeHelp'
};
const DANGER: ReadonlySet<StepKind> = new Set(['decline', 'withdraw']);

function Actions({ detail }: { detail: Detail }) {
  const t = useT();
  const act = useReferrals((s) => s.act);
  const busy = useReferrals((s) => s.busy);
  const acceptedCaseId = useReferrals((s) => s.acceptedCaseId);
  const [open, setOpen] = useState<TextAction | null>(null);
  const [text, setText] = useState('');
  const s = detail.summary;
  const verbs = available(detail);
  const canAccept = s.direction === 'received' && s.status === 'received';
  const linkedCase = s.direction === 'received' ? (acceptedCaseId ?? s.caseId) : null;

  function openCase(caseId: string) {
    useNav.getState().go('cases');
    useCases.getState().requestOpen(caseId);
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!open || text.trim() === '') return;
    if (await act(s.id, { kind: open, text: text.trim() })) {
      setOpen(null);
      setText('');
    }
  }

  if (!canAccept && verbs.length === 0 && !linkedCase) return null;
  return (
    <section className="rf-actions" aria-label={t('referrals.action.title')}>
      <div className="actions">
        {canAccept && (
          <button type="button" className="button-primary" disabled={busy} onClick={() => void act(s.id, { kind: 'accept' })} data-testid="referral-accept">
            {t('referrals.action.accept')}
          </button>
        )}
        {verbs.map((v) => (
          <button
            key={v}
            type="button"
            className={DANGER.has(v) ? 'button-secondary rf-danger-outline' : 'button-secondary'}
            aria-expanded={open === v}
            onClick={() => {
              setOpen(open === v ? null : v);
              setText('');
            }}
            data-testid={`referral-action-${v}`}
          >
            {t(ACTION_LABEL[v])}
          </button>
        ))}
        {linkedCase && (
          <button type="button" className="button-link" onClick={() => openCase(linkedCase)} data-testid="referral-open-case">
            {t('referrals.action.openCase')}
          </button>
        )}
      </div>
      {open && (
        <form className="confirm-box rf-action-form" onSubmit={(e) => void submit(e)} data-testid="referral-action-form">
          <div className="field">
            <label htmlFor="rf-action-text">{t(ACTION_FIELD[open])}</label>
            {ACTION_HELP[open] && <p className="field-help">{t(ACTION_HELP[open])}</p>}
            <textarea id="rf-action-text" rows={4} maxLength={open === 'decline' || open === 'withdraw' || open === 'request-info' ? 5000 : 20000} value={text} onChange={(e) => setText(e.target.value)} required data-testid="referral-action-text" />
          </div>
          <div className="actions">
            <button type="submit" className={DANGER.has(open) ? 'button-danger' : 'button-primary'} disabled={busy || text.trim() === ''} data-testid="referral-action-submit">
              {t(ACTION_LABEL[open])}
            </button>
            <button type="button" className="button-secondary" onClick={() => setOpen(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
