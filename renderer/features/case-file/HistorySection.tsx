import { CLOSURE_REASONS } from '../../../shared/domain/case';
import { CONSENT_SCOPES, RISK_LEVELS } from '../../../shared/domain/case-file';
import { TIMELINE_KINDS, type TimelineEntry, type TimelineKind } from '../../../shared/domain/timeline';
import type { TranslateFn } from '../../app/i18n-store';
import type { MessageKey } from '../../../shared/i18n';
import { useFormatDate, useI18n, useT } from '../../app/i18n-store';

/** Events known only by their date (incidents, assessments) carry UTC midnight: show the date alone. */
export function useFormatEventTime(): (iso: string) => string {
  const formatDate = useFormatDate();
  const locale = useI18n((s) => s.locale);
  return (iso: string) =>
    /T00:00:00(\.000)?Z$/.test(iso) ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso)) : formatDate(iso);
}
import { Section } from './form-bits';
import { useCaseFile } from './store';

const ACTIONS = new Set([
  'created', 'closed', 'reopened', 'status-open', 'status-active', 'updated', 'occurred', 'given', 'withdrawn',
  'safety-plan-updated', 'case-plan-updated', 'done', 'cancelled', 'added', 'interviewed', 'finalised'
]);
const has = (list: readonly string[], value: string) => list.includes(value);

/** What happened (translated) and about what: codes the services put in titles are translated too. */
export function describeEntry(t: TranslateFn, e: TimelineEntry): { action: string; title: string } {
  let action = e.action;
  if (e.kind === 'assessment' && has(RISK_LEVELS, e.action)) action = t(`caseFiles.risk.level.${e.action as (typeof RISK_LEVELS)[number]}`);
  else if (e.kind === 'task' && e.action === 'created') action = t('caseFiles.timeline.action.taskCreated');
  else if (ACTIONS.has(e.action)) action = t(`caseFiles.timeline.action.${e.action}` as MessageKey);
  let title = e.title;
  if (e.kind === 'status' && has(CLOSURE_REASONS, title)) title = t(`caseFiles.closure.${title as (typeof CLOSURE_REASONS)[number]}`);
  if (e.kind === 'consent' && has(CONSENT_SCOPES, title)) title = t(`caseFiles.consent.scope.${title as (typeof CONSENT_SCOPES)[number]}`);
  return { action, title };
}

/** Kinds a caseworker filters by (audit entries have their own section). */
const FILTER_KINDS = TIMELINE_KINDS.filter((k) => k !== 'audit');

export function TimelineSection() {
  const t = useT();
  const formatTime = useFormatEventTime();
  const timeline = useCaseFile((s) => s.timeline);
  const kinds = useCaseFile((s) => s.timelineKinds);
  const setKinds = useCaseFile((s) => s.setTimelineKinds);
  const toggle = (kind: TimelineKind) => void setKinds(kinds.includes(kind) ? kinds.filter((k) => k !== kind) : [...kinds, kind]);
  const entries = [...timeline].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Section id="cf-timeline" title={t('caseFiles.timeline.section')}>
      <div className="chip-row" role="group" aria-label={t('caseFiles.caseload.filters')}>
        <button type="button" className="chip" aria-pressed={kinds.length === 0} onClick={() => void setKinds([])} data-testid="timeline-all">
          {t('caseFiles.timeline.all')}
        </button>
        {FILTER_KINDS.map((k) => (
          <button key={k} type="button" className="chip" aria-pressed={kinds.includes(k)} onClick={() => toggle(k)} data-testid={`timeline-kind-${k}`}>
            {t(`caseFiles.timeline.kind.${k}`)}
          </button>
        ))}
      </div>
      {entries.length === 0 ? (
        <p className="muted">{t('caseFiles.timeline.none')}</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {entries.map((e) => {
            const d = describeEntry(t, e);
            return (
            <li key={`${e.kind}-${e.recordId}-${e.at}-${e.action}`} className={`timeline-entry kind-${e.kind}`} data-testid="timeline-entry" data-kind={e.kind}>
              <time dateTime={e.at}>{formatTime(e.at)}</time>
              <span className="tag">{t(`caseFiles.timeline.kind.${e.kind}`)}</span>
              <span className="timeline-action">{d.action}</span>
              {d.title && <span className="timeline-title">{d.title}</span>}
            </li>
            );
          })}
        </ol>
      )}
    </Section>
  );
}

export function AuditSection() {
  const t = useT();
  const formatDate = useFormatDate();
  const audit = useCaseFile((s) => s.audit);
  return (
    <Section id="cf-audit" title={t('caseFiles.audit.section')}>
      <details className="cf-details">
        <summary data-testid="audit-toggle">
          {t('caseFiles.audit.section')} ({audit.length})
        </summary>
        {audit.length === 0 ? (
          <p className="muted">{t('caseFiles.audit.none')}</p>
        ) : (
          <table className="data-table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('caseFiles.audit.when')}</th>
                <th scope="col">{t('caseFiles.audit.who')}</th>
                <th scope="col">{t('caseFiles.audit.what')}</th>
              </tr>
            </thead>
            <tbody>
              {audit.map((a) => (
                <tr key={a.id} data-testid="audit-row" data-action={a.action}>
                  <td>{formatDate(a.at)}</td>
                  <td>{a.actor}</td>
                  <td>
                    {t(`caseFiles.audit.${a.action}` as MessageKey)}
                    {a.detail && <span className="muted"> — {a.detail}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </Section>
  );
}
