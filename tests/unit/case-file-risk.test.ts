// Risk checklist data and scoring, retention, approximate dates: pure functions over shared data.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_CHECKLIST, RiskChecklist, ApproxDate } from '../../shared/domain/case-file';
import { maxLevel, scoreAnswers } from '../../main/services/case-files/risk';
import { retentionExpired } from '../../main/services/case-files/caseload';
import { approxToIso } from '../../main/services/case-files/timeline';
import { LOCALES } from '../../shared/i18n/locales';

describe('default risk checklist', () => {
  it('is valid data with text in every UI language', () => {
    expect(RiskChecklist.parse(DEFAULT_RISK_CHECKLIST)).toEqual(DEFAULT_RISK_CHECKLIST);
    for (const q of DEFAULT_RISK_CHECKLIST.questions) for (const l of LOCALES) expect(q.text[l].length).toBeGreaterThan(5);
    const total = DEFAULT_RISK_CHECKLIST.questions.reduce((s, q) => s + q.weight, 0);
    expect(DEFAULT_RISK_CHECKLIST.thresholds.high).toBeLessThan(total);
  });

  it('scores yes answers only, by weight, and maps the score to a level at the thresholds', () => {
    const c = DEFAULT_RISK_CHECKLIST;
    const w = Object.fromEntries(c.questions.map((q) => [q.id, q.weight]));
    expect(scoreAnswers(c, {})).toMatchObject({ score: 0, level: 'standard' });
    expect(scoreAnswers(c, { choking: 'no', weapon: 'unknown' }).score).toBe(0);
    expect(scoreAnswers(c, { choking: 'yes' })).toMatchObject({ score: w.choking, level: 'standard' });
    expect(scoreAnswers(c, { choking: 'yes', isolation: 'yes', 'pregnant-or-baby': 'yes' })).toMatchObject({ score: 11, level: 'medium' });
    const all = Object.fromEntries(c.questions.map((q) => [q.id, 'yes']));
    expect(scoreAnswers(c, all)).toMatchObject({ score: 40, maxScore: 40, level: 'high' });
    expect(scoreAnswers(c, { 'not-a-question': 'yes' }).score).toBe(0);
    // Exactly at a threshold counts.
    const tiny = { ...c, thresholds: { medium: 2, high: 3 }, questions: [{ id: 'a', weight: 2, text: c.title }, { id: 'b', weight: 1, text: c.title }] };
    expect(scoreAnswers(tiny, { a: 'yes' }).level).toBe('medium');
    expect(scoreAnswers(tiny, { a: 'yes', b: 'yes' }).level).toBe('high');
  });

  it('professional judgement raises but never lowers', () => {
    expect(maxLevel('standard', 'high')).toBe('high');
    expect(maxLevel('high', 'standard')).toBe('high');
    expect(maxLevel('medium', null)).toBe('medium');
  });

  it('refuses inverted thresholds and duplicate question ids', () => {
    expect(RiskChecklist.safeParse({ ...DEFAULT_RISK_CHECKLIST, thresholds: { medium: 20, high: 10 } }).success).toBe(false);
    const dup = [...DEFAULT_RISK_CHECKLIST.questions, DEFAULT_RISK_CHECKLIST.questions[0]!];
    expect(RiskChecklist.safeParse({ ...DEFAULT_RISK_CHECKLIST, questions: dup }).success).toBe(false);
  });
});

describe('retention and dates', () => {
  it('flags a case once the retention months have passed since closing', () => {
    const closed = '2025-01-31T10:00:00.000Z';
    expect(retentionExpired(closed, 12, Date.parse('2026-01-30T00:00:00Z'))).toBe(false);
    expect(retentionExpired(closed, 12, Date.parse('2026-02-01T00:00:00Z'))).toBe(true);
    expect(retentionExpired(closed, null, Date.parse('2099-01-01T00:00:00Z'))).toBe(false);
    expect(retentionExpired(null, 1, Date.parse('2099-01-01T00:00:00Z'))).toBe(false);
  });

  it('validates approximate dates and places them at the start of their period', () => {
    expect(ApproxDate.safeParse({ precision: 'month', value: '2026-13' }).success).toBe(false);
    expect(ApproxDate.safeParse({ precision: 'day', value: '2026-02' }).success).toBe(false);
    expect(ApproxDate.safeParse({ precision: 'unknown', value: '' }).success).toBe(true);
    expect(approxToIso({ precision: 'year', value: '2019' }, 'x')).toBe('2019-01-01T00:00:00.000Z');
    expect(approxToIso({ precision: 'unknown', value: '' }, 'fallback')).toBe('fallback');
  });
});
