/**
 * What `referrals:audit` shows of a referral's organisation-level audit trail (docs/referrals.md
 * "What is audited"): who, on which device, when, a stable action code, and a detail that is
 * never case data. The stored detail is passed on only where it is known to be harmless — the
 * other organisation's name (`sent`, `received`) and an error code (`refused`); everything else
 * (a consent override's written reason, "with text" markers) is left out.
 */
import { ReferralAuditAction, type ReferralAuditEntry } from '../../../shared/domain/referrals/schemas';
import type { AuditBody } from './store';

/** An error code as AppError writes them ('referral/forged'); anything else is not shown. */
const ERROR_CODE_RE = /^[a-z]+\/[a-z-]+$/;

function detailOf(action: ReferralAuditEntry['action'], detail: string): string {
  switch (action) {
    case 'sent':
    case 'received':
      return detail.slice(0, 200);
    case 'refused':
      return ERROR_CODE_RE.test(detail) && detail.length <= 60 ? detail : '';
    default:
      return '';
  }
}

/**
 * Stored entries (oldest first) → the entries the renderer may see, in the same order.
 * `deviceLabels`: the organisation's device list (id → label); a device not in it gets ''.
 */
export function auditEntries(bodies: readonly AuditBody[], deviceLabels: ReadonlyMap<string, string> = new Map()): ReferralAuditEntry[] {
  return bodies.map((b) => {
    const known = ReferralAuditAction.safeParse(b.action);
    const action: ReferralAuditEntry['action'] = known.success ? known.data : 'unknown';
    return { at: b.at, actor: b.actor, device: b.device, deviceLabel: deviceLabels.get(b.device) ?? '', action, detail: detailOf(action, b.detail) };
  });
}
