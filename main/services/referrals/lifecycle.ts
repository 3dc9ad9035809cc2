/**
 * The referral lifecycle (docs/referrals.md "Lifecycle"): which step each side may take in which
 * state, and the state after it. Both sides keep the same state; only its display differs
 * ('open' is 'sent' for the sender — or 'queued' while step 0 is not on the relay — and
 * 'received' for the receiver; an undecided referral past its expiry date shows 'expired').
 *
 *   open ──accept──▶ accepted ──progress*──▶ accepted ──close──▶ closed
 *   open ──decline──▶ declined
 *   open ──request-info──▶ info-requested ──provide-info──▶ open
 *   open | info-requested ──withdraw──▶ withdrawn ──withdraw-confirmed──▶ withdrawn (confirmed)
 */
import { AppError } from '../../../shared/errors';
import type { ReferralStatus, StepKind } from '../../../shared/domain/referrals/schemas';

export type ReferralState = 'open' | 'info-requested' | 'accepted' | 'declined' | 'closed' | 'withdrawn';
export type Role = 'sender' | 'receiver';

const RULES: Record<Exclude<StepKind, 'referral'>, { by: Role; from: ReferralState[]; to: ReferralState }> = {
  accept: { by: 'receiver', from: ['open'], to: 'accepted' },
  decline: { by: 'receiver', from: ['open'], to: 'declined' },
  'request-info': { by: 'receiver', from: ['open'], to: 'info-requested' },
  'provide-info': { by: 'sender', from: ['info-requested'], to: 'open' },
  progress: { by: 'receiver', from: ['accepted'], to: 'accepted' },
  close: { by: 'receiver', from: ['accepted'], to: 'closed' },
  withdraw: { by: 'sender', from: ['open', 'info-requested'], to: 'withdrawn' },
  'withdraw-confirmed': { by: 'receiver', from: ['withdrawn'], to: 'withdrawn' }
};

/** The state after `kind` taken by `by`; referral/invalid-state when not allowed. */
export function transition(state: ReferralState, kind: StepKind, by: Role): ReferralState {
  if (kind === 'referral') throw new AppError('referral/invalid-state', 'a referral is only the first step');
  const rule = RULES[kind];
  if (rule.by !== by) throw new AppError('referral/invalid-state', `the ${by} cannot ${kind}`, { kind, state });
  if (!rule.from.includes(state)) throw new AppError('referral/invalid-state', `cannot ${kind} a referral that is ${state}`, { kind, state });
  return rule.to;
}

/** Undecided: still waiting for a decision (expiry and overdue apply). */
export const undecided = (state: ReferralState) => state === 'open' || state === 'info-requested';

export const todayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (ms: number, days: number) => todayOf(ms + days * 86_400_000);

export function isExpired(state: ReferralState, expiresAt: string, nowMs: number): boolean {
  return undecided(state) && todayOf(nowMs) > expiresAt;
}

export function isOverdue(state: ReferralState, answerBy: string, expiresAt: string, nowMs: number): boolean {
  return state === 'open' && todayOf(nowMs) > answerBy && !isExpired(state, expiresAt, nowMs);
}

export function displayStatus(o: { state: ReferralState; role: Role; expiresAt: string; nowMs: number; firstStepQueued: boolean }): ReferralStatus {
  if (isExpired(o.state, o.expiresAt, o.nowMs)) return 'expired';
  if (o.state === 'open') return o.role === 'sender' ? (o.firstStepQueued ? 'queued' : 'sent') : 'received';
  return o.state;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REFERENCE_RE = /^RF-\d{4}-[0-9A-HJKMNP-TV-Z]{6}$/;

export function newReference(nowMs: number, random: Uint8Array): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += CROCKFORD[random[i]! & 31];
  return `RF-${new Date(nowMs).getUTCFullYear()}-${s}`;
}

/** A step hash (hex) as 12 groups of 5 digits, for reading aloud and printing on the letter. */
export function verificationOf(hashHex: string): string {
  const groups: string[] = [];
  for (let i = 0; i < 30; i += 5) {
    let n = 0;
    for (let j = 0; j < 5; j++) n = n * 256 + parseInt(hashHex.slice((i + j) * 2, (i + j) * 2 + 2), 16);
    const ten = String(n % 1e10).padStart(10, '0');
    groups.push(ten.slice(0, 5), ten.slice(5));
  }
  return groups.join(' ');
}
