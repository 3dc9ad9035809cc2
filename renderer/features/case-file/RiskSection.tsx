import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { RISK_ANSWERS, RISK_LEVELS, RiskAnswer, RiskLevel, type RiskChecklist, type RiskOverview } from '../../../shared/domain/case-file';
import { IsoDate } from '../../../shared/domain/case';
import type { AppErrorInfo } from '../../../shared/result';
import { useI18n, useT } from '../../app/i18n-store';
import { RiskBadge } from '../caseload/RiskBadge';
import { FieldMessage, Section, todayIso, useReportDirty, useFormatDay, FormActions } from './form-bits';
import { useCaseFile } from './store';

/** The form's schema: the shared RiskAssessmentInput without the caseId the store adds. */
const RiskForm = z.strictObject({
  answers: z.record(z.string().max(40), RiskAnswer),
  assessedOn: IsoDate,
  professionalJudgement: z.union([RiskLevel, z.literal('')]),
  note: z.string().max(5000)
});
type RiskFormValues = z.infer<typeof RiskForm>;

const rank = (l: RiskLevel) => RISK_LEVELS.indexOf(l);

/** The same rule as main's (score thresholds, judgement may only raise): a preview while answering. */
export function previewLevel(checklist: RiskChecklist, answers: Record<string, string>, judgement: RiskLevel | '') {
  const score = checklist.questions.reduce((sum, q) => sum + (answers[q.id] === 'yes' ? q.weight : 0), 0);
  const max = checklist.questions.reduce((sum, q) => sum + q.weight, 0);
  const computed: RiskLevel = score >= checklist.thresholds.high ? 'high' : score >= checklist.thresholds.medium ? 'medium' : 'standard';
  const level = judgement && rank(judgement) > rank(computed) ? judgement : computed;
  return { score, max, level };
}

export function RiskSection() {
  const t = useT();
  const formatDay = useFormatDay();
  const risk = useCaseFile((s) => s.risk);
  const [assessing, setAssessing] = useState(false);
  const latest = risk?.assessments[0];

  return (
    <Section
      id="cf-risk"
      title={t('caseFiles.risk.section')}
      actions={
        !assessing && (
          <button type="button" className="button-secondary" onClick={() => setAssessing(true)} data-testid="risk-new">
            {t('caseFiles.risk.new')}
          </button>
        )
      }
    >
      {risk?.safetyPlanNeeded && <SafetyPlanPrompt />}
      {assessing && <RiskAssessmentForm onDone={() => setAssessing(false)} />}
      {!risk || risk.currentLevel === null ? (
        !assessing && <p className="muted">{t('caseFiles.risk.neverAssessed')}</p>
      ) : (
        <div className="risk-overview">
          <div className="risk-current" data-testid="risk-current">
            <span className="muted">{t('caseFiles.risk.current')}</span>
            <RiskBadge level={risk.currentLevel} />
            {risk.direction && <span className={`risk-direction dir-${risk.direction}`}>{t(`caseFiles.risk.direction.${risk.direction}`)}</span>}
            {latest && (
              <p className="muted small">
                {t('caseFiles.risk.score', { score: latest.score, max: latest.maxScore })} ·{' '}
                {t('caseFiles.risk.assessedOn', { date: formatDay(latest.assessedOn), name: latest.assessedBy })}
              </p>
            )}
          </div>
          <TrendChart risk={risk} />
        </div>
      )}
    </Section>
  );
}

export function SafetyPlanPrompt() {
  const t = useT();
  return (
    <div className="safety-prompt" role="alert" data-testid="safety-plan-prompt">
      <p>{t('caseFiles.risk.safetyPlanPrompt')}</p>
      <button
        type="button"
        className="button-danger"
        onClick={() => {
          const el = document.getElementById('cf-safety-plan');
          if (el instanceof HTMLDetailsElement) el.open = true;
          el?.scrollIntoView({ block: 'start' });
          el?.querySelector<HTMLElement>('textarea')?.focus();
        }}
        data-testid="safety-plan-go"
      >
        {t('caseFiles.risk.openSafetyPlan')}
      </button>
    </div>
  );
}

/** Score over time as a small inline SVG (classes only: the CSP allows no style attributes). */
function TrendChart({ risk }: { risk: RiskOverview }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const points = risk.trend;
  if (points.length === 0) return null;
  const W = 320;
  const H = 90;
  const pad = 10;
  const x = (i: number) => (points.length === 1 ? W / 2 : pad + (i * (W - 2 * pad)) / (points.length - 1));
  const y = (p: (typeof points)[number]) => H - pad - ((H - 2 * pad) * p.score) / Math.max(1, p.maxScore);
  const short = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const label = points.map((p) => `${p.assessedOn}: ${t(`caseFiles.risk.level.${p.level}`)} (${p.score}/${p.maxScore})`).join('; ');
  return (
    <figure className="risk-trend">
      <svg viewBox={`0 0 ${W} ${H + 16}`} role="img" aria-label={`${t('caseFiles.risk.trend')}: ${label}`} data-testid="risk-trend">
        <line className="axis" x1={pad} y1={H - pad} x2={W - pad} y2={H - pad} />
        {points.length > 1 && <polyline className="trend-line" points={points.map((p, i) => `${x(i)},${y(p)}`).join(' ')} />}
        {points.map((p, i) => (
          <g key={p.assessmentId}>
            <circle className={`trend-point level-${p.level}`} cx={x(i)} cy={y(p)} r={5} />
            <text className="trend-label" x={x(i)} y={H + 12} textAnchor="middle">
              {short.format(new Date(`${p.assessedOn}T00:00:00Z`))}
            </text>
          </g>
        ))}
      </svg>
      <figcaption className="sr-only">{t('caseFiles.risk.trend')}</figcaption>
    </figure>
  );
}

function RiskAssessmentForm({ onDone }: { onDone: () => void }) {
  const t = useT();
  const locale = useI18n((s) => s.locale);
  const checklist = useCaseFile((s) => s.checklist);
  const assess = useCaseFile((s) => s.assess);
  const [error, setError] = useState<AppErrorInfo | null>(null);
  const [saved, setSaved] = useState<RiskLevel | null>(null);
  const { register, handleSubmit, formState, watch } = useForm<RiskFormValues>({
    resolver: zodResolver(RiskForm),
    defaultValues: {
      answers: Object.fromEntries((checklist?.questions ?? []).map((q) => [q.id, 'unknown'])),
      assessedOn: todayIso(),
      professionalJudgement: '',
      note: ''
    }
  });
  useReportDirty('risk', formState.isDirty && saved === null);
  if (!checklist) return null;
  const answers = watch('answers');
  const judgement = watch('professionalJudgement');
  const preview = previewLevel(checklist, answers, judgement);

  if (saved) {
    return (
      <div className="risk-saved" data-testid="risk-result">
        <p>
          {t('caseFiles.risk.result', { level: t(`caseFiles.risk.level.${saved}`) })} <RiskBadge level={saved} />
        </p>
        {saved === 'high' && <SafetyPlanPrompt />}
        <button type="button" className="button-secondary" onClick={onDone}>
          {t('caseFiles.page.close')}
        </button>
      </div>
    );
  }

  return (
    <form
      className="cf-form risk-form"
      noValidate
      onSubmit={handleSubmit(async (values) => {
        const result = await assess({
          answers: values.answers,
          assessedOn: values.assessedOn,
          professionalJudgement: values.professionalJudgement || null,
          note: values.note
        });
        if (!result.ok) setError(result.error);
        else setSaved(result.value.level);
      })}
      data-testid="risk-form"
    >
      <p className="form-section-title">{checklist.title[locale]}</p>
      <ol className="risk-questions">
        {checklist.questions.map((q) => (
          <li key={q.id} data-testid="risk-question" data-question={q.id}>
            <fieldset>
              <legend>{q.text[locale]}</legend>
              <div className="radio-row">
                {RISK_ANSWERS.map((a) => (
                  <label key={a} className="checkbox">
                    <input type="radio" value={a} {...register(`answers.${q.id}`)} data-testid={`risk-${q.id}-${a}`} />
                    {t(`caseFiles.yesNo.${a}`)}
                  </label>
                ))}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="risk-date">{t('caseFiles.risk.date')}</label>
          <input id="risk-date" type="date" {...register('assessedOn')} aria-invalid={formState.errors.assessedOn ? true : undefined} />
          <FieldMessage id="risk-date-error" error={formState.errors.assessedOn} field="assessedOn" />
        </div>
        <div className="field">
          <label htmlFor="risk-judgement">{t('caseFiles.risk.judgement')}</label>
          <select id="risk-judgement" {...register('professionalJudgement')}>
            <option value="">{t('caseFiles.risk.noJudgement')}</option>
            {RISK_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`caseFiles.risk.level.${l}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="risk-note">{t('caseFiles.risk.note')}</label>
        <textarea id="risk-note" rows={3} {...register('note')} />
        <FieldMessage id="risk-note-error" error={formState.errors.note} field="note" />
      </div>
      <p className={`risk-preview level-${preview.level}`} role="status" data-testid="risk-preview" data-level={preview.level}>
        {t('caseFiles.risk.preview', { level: t(`caseFiles.risk.level.${preview.level}`), score: preview.score, max: preview.max })}
      </p>
      <FormActions error={error} submitting={formState.isSubmitting} saveLabel={t('caseFiles.risk.save')} saveTestId="risk-save" onCancel={onDone} />
    </form>
  );
}
