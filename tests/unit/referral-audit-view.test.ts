// What `referrals:audit` passes on of a stored referral-audit entry (main/services/referrals/audit-view.ts).
import { describe, expect, it } from 'vitest';
import { auditEntries } from '../../main/services/referrals/audit-view';
import type { AuditBody } from '../../main/services/referrals/store';
import { ReferralAuditEntry } from '../../shared/domain/referrals/schemas';

const body = (action: string, detail = ''): AuditBody => ({ referralId: 'ab'.repeat(16), reference: 'RF-2026-ABCDEF', action, actor: 'Marie', device: 'cd'.repeat(16), at: '2026-11-24T10:00:00.000Z', detail });

describe('referral audit view', () => {
  it('keeps order, actor, device and time; details only where harmless', () => {
    const out = auditEntries([
      body('sent', 'Quince Legal Aid Lyon (demo)'),
      body('consent-override', 'she told us on the phone that her husband…'),
      body('progress', 'with text'),
      body('refused', 'referral/forged'),
      body('refused', 'not a code: <script>'),
      body('received', 'Lotus Harbour Brussels (demo)')
    ]);
    expect(out.map((e) => [e.action, e.detail])).toEqual([
      ['sent', 'Quince Legal Aid Lyon (demo)'],
      ['consent-override', ''],
      ['progress', ''],
      ['refused', 'referral/forged'],
      ['refused', ''],
      ['received', 'Lotus Harbour Brussels (demo)']
    ]);
    expect(out[0]).toEqual({ at: '2026-11-24T10:00:00.000Z', actor: 'Marie', device: 'cd'.repeat(16), deviceLabel: '', action: 'sent', detail: 'Quince Legal Aid Lyon (demo)' });
    for (const e of out) expect(ReferralAuditEntry.safeParse(e).success).toBe(true);
  });

  it('an action code this version does not know (a newer device wrote it) is "unknown", without its detail', () => {
    expect(auditEntries([body('received-something-new', 'anything')])).toEqual([
      { at: '2026-11-24T10:00:00.000Z', actor: 'Marie', device: 'cd'.repeat(16), deviceLabel: '', action: 'unknown', detail: '' }
    ]);
  });

  it('names devices from the organisation’s device list, and leaves the label empty for one not in it', () => {
    const other = { ...body('progress'), device: 'ef'.repeat(16) };
    const out = auditEntries([body('sent', 'x'), other], new Map([['cd'.repeat(16), 'Front desk PC']]));
    expect(out.map((e) => [e.device, e.deviceLabel])).toEqual([
      ['cd'.repeat(16), 'Front desk PC'],
      ['ef'.repeat(16), '']
    ]);
  });
});
