import { useEffect, useState } from 'react';
import { CLOSURE_REASONS, KNOWN_LANGUAGES, type CaseRecord, type ClosureReason } from '../../../shared/domain/case';
import type { MessageKey } from '../../../shared/i18n';
import { ErrorMessage } from '../../app/ErrorBanner';
import { settle } from '../../app/notices';
import { getApi } from '../../bridge';
import { useFormatDate, useT } from '../../app/i18n-store';
import type { AppErrorInfo } from '../../../shared/result';
import { RiskBadge } from '../caseload/RiskBadge';
import { useCaseload } from '../caseload/store';
import { DiscardPrompt } from '../cases/DiscardPrompt';
import { StatusBadge } from '../cases/StatusBadge';
import { setExternalDirtyCheck, useCases } from '../cases/store';
import { AgreementsSection } from './AgreementsSection';
import { AttachmentsSection } from './AttachmentsSection';
import { AuditSection, TimelineSection } from './HistorySection';
import { IdentitySection } from './IdentitySection';
import { IncidentsSection } from './IncidentsSection';
import { RiskSection } from './RiskSection';
import { TasksSection } from './TasksSection';
import { useCaseFile } from './store';
import { useNav } from '../../app/nav';
import { useReferrals } from '../referrals/store';
import './case-file.css';

setExternalDirtyCheck(() => useCaseFile.getState().dirtyForms.size > 0);

const SECTIONS: ReadonlyArray<[string, MessageKey]> = [
  ['cf-incidents', 'caseFiles.incident.section'],
  ['cf-risk', 'caseFiles.risk.section'],
  ['cf-agreed', 'caseFiles.consent.section'],
  ['cf-tasks', 'caseFiles.task.section'],
  ['cf-attachments', 'caseFiles.attachment.section'],
  ['cf-timeline', 'caseFiles.timeline.section'],
  ['cf-audit', 'caseFiles.audit.section']
];

/** The case file: everything about one survivor on one page, most urgent first. */
export function CaseFilePage() {
  const t = useT();
  const record = useCases((s) => s.record);
  const load = useCaseFile((s) => s.load);
  const loadedId = useCaseFile((s) => s.caseId);
  const hideIdentity = useCaseFile((s) => s.hideIdentity);
  const dirty = useCaseFile((s) => s.dirtyForms.size > 0);

  useEffect(() => {
    if (record && record.id !== loadedId) void load(record.id);
  }, [record, loadedId, load]);
  // Leaving the page hides the identity again.
  useEffect(() => () => hideIdentity(), [hideIdentity]);
  useEffect(() => {
    if (!dirty || 'anxin' in window) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  if (!record) return null;
  return (
    <article className="case-file-pane" aria-labelledby="cf-title" data-testid="case-file" data-case-id={record.id}>
      <DiscardPrompt />
      <CaseHeader record={record} />
      <ContactSafetyCard record={record} />
      <ProfileFacts record={record} />
      <IdentitySection />
      <nav className="cf-nav" aria-label={t('caseFiles.page.sections')}>
        {SECTIONS.map(([id, key]) => (
          <button key={id} type="button" className="button-link" onClick={() => document.getElementById(id)?.scrollIntoView({ block: 'start' })}>
            {t(key)}
          </button>
        ))}
      </nav>
      {loadedId === record.id ? (
        <>
          <IncidentsSection />
          <RiskSection />
          <AgreementsSection />
          <TasksSection />
          <AttachmentsSection />
          <TimelineSection />
          <AuditSection />
        </>
      ) : (
        <p className="muted">{t('caseFiles.page.loading')}</p>
      )}
    </article>
  );
}

function CaseHeader({ record }: { record: CaseRecord }) {
  const t = useT();
  const formatDate = useFormatDate();
  const startEditing = useCases((s) => s.startEditing);
  const applySaved = useCases((s) => s.applySaved);
  const setStatus = useCaseFile((s) => s.setStatus);
  const row = useCaseload((s) => s.rows.find((r) => r.id === record.id));
  const [closing, setClosing] = useState(false);
  const [reason, setReason] = useState<ClosureReason | ''>('');
  const [note, setNote] = useState('');
  const [showReasonError, setShowReasonError] = useState(false);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [typedCode, setTypedCode] = useState('');
  const forget = useCases((s) => s.forget);

  async function remove() {
    setBusy(true);
    setError(null);
    const result = await settle(() => getApi().cases.delete({ id: record.id, baseRevision: record.revision }));
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    forget(record.id);
    useCaseFile.getState().reset();
    void useCaseload.getState().load();
  }

  async function change(status: CaseRecord['status'], closure?: { reason: ClosureReason; note: string }) {
    setBusy(true);
    setError(null);
    const result = await setStatus(record, status, closure);
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    applySaved(result.value);
    setClosing(false);
    setReason('');
    setNote('');
  }

  return (
    <header className="cf-header">
      <div className="cf-title-row">
        <div>
          <h2 id="cf-title" data-testid="case-file-title">
            {record.pseudonym}
          </h2>
          <p className="muted cf-code">
            {t('caseFiles.page.code', { code: record.caseCode })} · {t('caseForm.revision', { revision: record.revision, date: formatDate(record.updatedAt) })}
          </p>
        </div>
        <div className="badges">
          <RiskBadge level={row?.riskLevel ?? null} />
          <span data-testid="case-file-status">
            <StatusBadge status={record.status} />
          </span>
        </div>
      </div>
      {record.status === 'closed' && record.closure && (
        <p className="cf-closed" data-testid="case-closed-reason">
          {t('caseFiles.page.closedBecause', {
            date: record.closedAt ? formatDate(record.closedAt, false) : '—',
            reason: t(`caseFiles.closure.${record.closure.reason}`)
          })}
          {record.closure.note && ` — ${record.closure.note}`}
        </p>
      )}
      {row?.retentionExpired && <p className="field-warning">{t('caseFiles.page.retentionExpired')}</p>}
      <div className="actions">
        <button type="button" className="button-secondary" onClick={startEditing} data-testid="case-edit-profile">
          {t('caseFiles.page.editProfile')}
        </button>
        {record.status === 'open' && (
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void change('active')} data-testid="case-mark-active">
            {t('caseFiles.page.markActive')}
          </button>
        )}
        {record.status !== 'closed' ? (
          <button type="button" className="button-secondary" onClick={() => setClosing(true)} disabled={closing} data-testid="case-close">
            {t('caseFiles.page.closeCase')}
          </button>
        ) : (
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void change('open')} data-testid="case-reopen">
            {t('caseFiles.page.reopen')}
          </button>
        )}
        {record.status !== 'closed' && (
          <button
            type="button"
            className="button-secondary"
            onClick={() => {
              useReferrals.getState().startCompose({ caseId: record.id, pseudonym: record.pseudonym });
              useNav.getState().go('referrals');
            }}
            data-testid="case-refer"
          >
            {t('referrals.refer')}
          </button>
        )}
        <button type="button" className="button-quiet delete-case" onClick={() => setDeleting(true)} disabled={deleting} data-testid="case-delete">
          {t('caseFiles.delete.button')}
        </button>
      </div>
      {error && <ErrorMessage error={error} />}
      {deleting && (
        <form
          className="confirm-box"
          role="alertdialog"
          aria-labelledby="delete-title"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (typedCode.trim().toUpperCase() === record.caseCode) void remove();
          }}
          data-testid="delete-form"
        >
          <p id="delete-title" className="confirm-title">
            {t('caseFiles.delete.title')}
          </p>
          <p>{t('caseFiles.delete.body')}</p>
          <div className="field">
            <label htmlFor="delete-code">{t('caseFiles.delete.typeCode', { code: record.caseCode })}</label>
            <input id="delete-code" type="text" className="input-medium" autoComplete="off" value={typedCode} onChange={(e) => setTypedCode(e.target.value)} data-testid="delete-code" />
          </div>
          <div className="actions">
            <button type="submit" className="button-danger" disabled={busy || typedCode.trim().toUpperCase() !== record.caseCode} data-testid="delete-confirm">
              {t('caseFiles.delete.confirm')}
            </button>
            <button
              type="button"
              className="button-secondary"
              onClick={() => {
                setDeleting(false);
                setTypedCode('');
              }}
            >
              {t('caseFiles.form.cancel')}
            </button>
          </div>
        </form>
      )}
      {closing && (
        <form
          className="confirm-box close-box"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason) {
              setShowReasonError(true);
              return;
            }
            void change('closed', { reason, note });
          }}
          data-testid="close-form"
        >
          <p className="confirm-title">{t('caseFiles.close.title')}</p>
          <div className="field">
            <label htmlFor="close-reason">{t('caseFiles.close.reason')}</label>
            <select
              id="close-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value as ClosureReason)}
              aria-invalid={showReasonError && !reason ? true : undefined}
              data-testid="close-reason"
            >
              <option value="">{t('caseFiles.close.choose')}</option>
              {CLOSURE_REASONS.map((r) => (
                <option key={r} value={r}>
                  {t(`caseFiles.closure.${r}`)}
                </option>
              ))}
            </select>
            {showReasonError && !reason && <p className="field-error">{t('caseFiles.close.reasonRequired')}</p>}
          </div>
          <div className="field">
            <label htmlFor="close-note">{t('caseFiles.close.note')}</label>
            <textarea id="close-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} data-testid="close-note" />
          </div>
          <div className="actions">
            <button type="submit" className="button-danger" disabled={busy} data-testid="close-confirm">
              {t('caseFiles.close.confirm')}
            </button>
            <button type="button" className="button-secondary" onClick={() => setClosing(false)}>
              {t('caseFiles.form.cancel')}
            </button>
          </div>
        </form>
      )}
    </header>
  );
}

function ContactSafetyCard({ record }: { record: CaseRecord }) {
  const t = useT();
  const c = record.contactSafety;
  const recorded = c.safeToCall !== 'unknown' || c.safeToText !== 'unknown' || c.safeTimes || c.codeWord || c.mustNotKnow;
  const yn = (v: 'yes' | 'no' | 'unknown') => t(`caseFiles.yesNo.${v}`);
  return (
    <section className={`contact-card${recorded ? '' : ' is-unknown'}`} aria-labelledby="contact-title" data-testid="contact-safety">
      <h3 id="contact-title">
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" className="icon">
          <path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" />
        </svg>
        {t('caseFiles.contact.title')}
      </h3>
      {!recorded && <p className="contact-warning">{t('caseFiles.contact.notRecorded')}</p>}
      <dl className="contact-grid">
        <div className={`contact-flag flag-${c.safeToCall}`}>
          <dt>{t('caseFiles.contact.safeToCall')}</dt>
          <dd data-testid="contact-call">{yn(c.safeToCall)}</dd>
        </div>
        <div className={`contact-flag flag-${c.safeToText}`}>
          <dt>{t('caseFiles.contact.safeToText')}</dt>
          <dd data-testid="contact-text">{yn(c.safeToText)}</dd>
        </div>
        <div>
          <dt>{t('caseFiles.contact.safeTimes')}</dt>
          <dd>{c.safeTimes || '—'}</dd>
        </div>
        <div>
          <dt>{t('caseFiles.contact.codeWord')}</dt>
          <dd className="code-word">{c.codeWord || '—'}</dd>
        </div>
        <div className="wide must-not-know">
          <dt>{t('caseFiles.contact.mustNotKnow')}</dt>
          <dd data-testid="contact-must-not-know">{c.mustNotKnow || '—'}</dd>
        </div>
        {c.notes && (
          <div className="wide">
            <dt>{t('caseFiles.contact.notes')}</dt>
            <dd>{c.notes}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function ProfileFacts({ record }: { record: CaseRecord }) {
  const t = useT();
  const langs = record.languages.map((l) => (isKnown(l) ? t(`caseFiles.lang.${l}` as MessageKey) : l)).join(', ');
  const place = [record.city, record.country].filter(Boolean).join(', ');
  return (
    <section className="cf-facts" aria-label={t('caseFiles.form.profileSection')}>
      <dl>
        <div>
          <dt>{t('caseFiles.page.languages')}</dt>
          <dd>{langs || t('caseFiles.page.unknown')}</dd>
        </div>
        <div>
          <dt>{t('caseFiles.page.interpreter')}</dt>
          <dd>{t(`caseFiles.yesNo.${record.interpreterNeeded}`)}</dd>
        </div>
        <div>
          <dt>{t('caseFiles.page.where')}</dt>
          <dd>{place || t('caseFiles.page.unknown')}</dd>
        </div>
        <div>
          <dt>{t('caseFiles.page.worker')}</dt>
          <dd>{record.assignedWorker || t('caseFiles.page.unassigned')}</dd>
        </div>
      </dl>
      <h4>{t('caseFiles.dependants.title')}</h4>
      {record.dependants.length === 0 ? (
        <p className="muted">{t('caseFiles.dependants.none')}</p>
      ) : (
        <ul className="dependants-list" data-testid="dependants">
          {record.dependants.map((d, i) => (
            <li key={i}>
              <strong>{t(`caseFiles.dependants.relation.${d.relation}`)}</strong>
              {d.label && ` — ${d.label}`}
              {d.birthYear !== null && `, ${t('caseFiles.dependants.born', { year: d.birthYear })}`}
              {` · ${t('caseFiles.dependants.livesWithHer')}: ${t(`caseFiles.yesNo.${d.livesWithHer}`)}`}
            </li>
          ))}
        </ul>
      )}
      <h4>{t('caseFiles.page.summary')}</h4>
      <p className="cf-summary">{record.summary || <span className="muted">{t('caseFiles.page.noSummary')}</span>}</p>
    </section>
  );
}

const isKnown = (l: string) => (KNOWN_LANGUAGES as readonly string[]).includes(l);
