/** Referral lifecycle rules (main/services/referrals/lifecycle.ts). */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { STEP_KINDS } from '../../shared/domain/referrals/schemas';
import { displayStatus, isExpired, isOverdue, newReference, REFERENCE_RE, transition, verificationOf, type ReferralState } from '../../main/services/referrals/lifecycle';

const code = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof AppError ? e.code : 'other';
  }
};

describe('referral lifecycle', () => {
  it('allows exactly the documented transitions', () => {
    const allowed: Array<[ReferralState, string, 'sender' | 'receiver', ReferralState]> = [
      ['open', 'accept', 'receiver', 'accepted'],
      ['open', 'decline', 'receiver', 'declined'],
      ['open', 'request-info', 'receiver', 'info-requested'],
      ['info-requested', 'provide-info', 'sender', 'open'],
      ['accepted', 'progress', 'receiver', 'accepted'],
      ['accepted', 'close', 'receiver', 'closed'],
      ['open', 'withdraw', 'sender', 'withdrawn'],
      ['info-requested', 'withdraw', 'sender', 'withdrawn'],
      ['withdrawn', 'withdraw-confirmed', 'receiver', 'withdrawn']
    ];
    const states: ReferralState[] = ['open', 'info-requested', 'accepted', 'declined', 'closed', 'withdrawn'];
    let checked = 0;
    for (const state of states) {
      for (const kind of STEP_KINDS) {
        for (const by of ['sender', 'receiver'] as const) {
          const rule = allowed.find((a) => a[0] === state && a[1] === kind && a[2] === by);
          if (rule) expect(transition(state, kind, by)).toBe(rule[3]);
          else expect(code(() => transition(state, kind, by)), `${state} ${kind} by ${by}`).toBe('referral/invalid-state');
          checked++;
        }
      }
    }
    expect(checked).toBe(states.length * STEP_KINDS.length * 2);
  });

  it('overdue after answerBy, expired after expiresAt (only while undecided), and the displayed status', () => {
    const day = (d: string) => Date.parse(`${d}T12:00:00Z`);
    expect(isOverdue('open', '2026-11-10', '2026-11-20', day('2026-11-10'))).toBe(false);
    expect(isOverdue('open', '2026-11-10', '2026-11-20', day('2026-11-11'))).toBe(true);
    expect(isOverdue('accepted', '2026-11-10', '2026-11-20', day('2026-11-11'))).toBe(false);
    expect(isExpired('open', '2026-11-20', day('2026-11-21'))).toBe(true);
    expect(isExpired('info-requested', '2026-11-20', day('2026-11-21'))).toBe(true);
    expect(isExpired('accepted', '2026-11-20', day('2026-11-21'))).toBe(false);
    const base = { expiresAt: '2026-11-20', nowMs: day('2026-11-01'), firstStepQueued: false };
    expect(displayStatus({ ...base, state: 'open', role: 'sender' })).toBe('sent');
    expect(displayStatus({ ...base, state: 'open', role: 'sender', firstStepQueued: true })).toBe('queued');
    expect(displayStatus({ ...base, state: 'open', role: 'receiver' })).toBe('received');
    expect(displayStatus({ ...base, state: 'open', role: 'receiver', nowMs: day('2026-11-21') })).toBe('expired');
  });

  it('references and verification fingerprints have their documented shapes', () => {
    const ref = newReference(Date.parse('2026-05-01T00:00:00Z'), new Uint8Array([0, 1, 2, 30, 31, 200]));
    expect(ref).toBe('RF-2026-012YZ8');
    expect(REFERENCE_RE.test(ref)).toBe(true);
    const v = verificationOf('00'.repeat(32));
    expect(v).toBe(Array(12).fill('00000').join(' '));
    expect(verificationOf('ff'.repeat(32))).not.toBe(v);
    expect(verificationOf('ab'.repeat(32))).toMatch(/^(\d{5} ){11}\d{5}$/);
  });
});
