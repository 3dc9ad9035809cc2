// The services other features build on: session.consents (check semantics) and
// session.timeline (merge of every feature's source), on a real unlocked session.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initCrypto, randomKey } from '../../main/services/crypto';
import { openUnlockedSession, type UnlockedSession } from '../../main/services/unlocked-session';
import { createTimeline } from '../../main/services/case-files/timeline';
import { makeTempDir } from '../helpers/temp-dir';
import { AppError } from '../../shared/errors';
import type { TimelineEntry } from '../../shared/domain/timeline';

let tmp: ReturnType<typeof makeTempDir>;
let session: UnlockedSession;
let t: number;

beforeAll(async () => {
  await initCrypto();
});
beforeEach(() => {
  tmp = makeTempDir('anxin-cf-consent-');
  t = Date.UTC(2026, 0, 5, 9);
  session = openUnlockedSession(
    { profileId: '0123456789abcdef', displayName: 'Li Na', profileDir: tmp.dir, masterKey: randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 },
    () => (t += 1000)
  );
});
afterEach(() => {
  session.close();
  tmp.cleanup();
});

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  return 'ok';
};

describe('consent service (session.consents)', () => {
  it('allows a scope only while a consent of that scope is given and not withdrawn', () => {
    const c = session.cases.create({ pseudonym: 'Plum', status: 'active', summary: '' });
    const { consents } = session;
    expect(consents.check(c.id, 'services')).toEqual({ allowed: false, consentId: null });

    const services = consents.record(c.id, { scope: 'services', givenOn: '2026-01-05', method: 'verbal-via-interpreter', note: 'Wenzhou interpreter' });
    expect(services).toMatchObject({ scope: 'services', recordedBy: 'Li Na', withdrawnOn: null, organisationId: null });
    expect(consents.check(c.id, 'services')).toEqual({ allowed: true, consentId: services.id });
    expect(consents.check(c.id, 'statistics')).toEqual({ allowed: false, consentId: null });
    expect(consents.check(c.id, 'story').allowed).toBe(false);

    // Sharing names an organisation: consent for one is not consent for another, nor for "any".
    expect(codeOf(() => consents.record(c.id, { scope: 'share-with-organisation', givenOn: '2026-01-05', method: 'written' }))).toBe('ipc/invalid-request');
    const share = consents.record(c.id, { scope: 'share-with-organisation', organisationId: 'org-legal-milano', organisationName: 'Legal aid Milano', givenOn: '2026-01-06', method: 'written' });
    expect(consents.check(c.id, 'share-with-organisation', { organisationId: 'org-legal-milano' })).toEqual({ allowed: true, consentId: share.id });
    expect(consents.check(c.id, 'share-with-organisation', { organisationId: 'org-shelter-roma' }).allowed).toBe(false);
    expect(consents.check(c.id, 'share-with-organisation').allowed).toBe(false);

    // Withdrawn → no longer allowed; withdrawing twice is refused; the list keeps both facts.
    const withdrawn = consents.withdraw(c.id, share.id, { date: '2026-02-01', note: 'changed her mind' });
    expect(withdrawn).toMatchObject({ withdrawnOn: '2026-02-01', withdrawalNote: 'changed her mind', givenOn: '2026-01-06', revision: 2 });
    expect(consents.check(c.id, 'share-with-organisation', { organisationId: 'org-legal-milano' })).toEqual({ allowed: false, consentId: null });
    expect(codeOf(() => consents.withdraw(c.id, share.id, { date: '2026-02-02' }))).toBe('record/conflict');
    // A new consent after a withdrawal allows again, and names the new record.
    const again = consents.record(c.id, { scope: 'share-with-organisation', organisationId: 'org-legal-milano', givenOn: '2026-03-01', method: 'written' });
    expect(consents.check(c.id, 'share-with-organisation', { organisationId: 'org-legal-milano' })).toEqual({ allowed: true, consentId: again.id });
    expect(consents.list(c.id).map((x) => [x.scope, x.withdrawnOn])).toEqual([
      ['share-with-organisation', null],
      ['share-with-organisation', '2026-02-01'],
      ['services', null]
    ]);

    // Consents of one case say nothing about another; an unknown case is an error, never "allowed".
    const other = session.cases.create({ pseudonym: 'Other', status: 'open', summary: '' });
    expect(consents.check(other.id, 'services').allowed).toBe(false);
    expect(codeOf(() => consents.check('e'.repeat(32), 'services'))).toBe('record/not-found');
    expect(codeOf(() => consents.withdraw(other.id, services.id, { date: '2026-02-01' }))).toBe('record/not-found');

    // Every change is audited as consent-changed.
    expect(session.caseFiles.audit.list(c.id).filter((e) => e.action === 'consent-changed')).toHaveLength(4);
  });
});

describe('timeline (session.timeline)', () => {
  it('merges the case-files entries with other features’ sources, newest first, and filters by kind', () => {
    const c = session.cases.create({ pseudonym: 'Pine', status: 'open', summary: '' });
    session.caseFiles.incidents.save(c.id, undefined, 0, { date: { precision: 'day', value: '2025-12-24' }, place: 'street' });
    session.caseFiles.incidents.save(c.id, undefined, 0, { date: { precision: 'year', value: '2024' }, description: 'first time' });
    session.caseFiles.incidents.save(c.id, undefined, 0, { date: { precision: 'unknown', value: '' }, description: 'no date' });
    session.consents.record(c.id, { scope: 'statistics', givenOn: '2026-01-02', method: 'written' });
    const noteAt = '2025-12-30T10:00:00.000Z';
    // Another feature's source (as interview notes append theirs): a plain function of the case id.
    const notesSource = (caseId: string): TimelineEntry[] =>
      caseId === c.id ? [{ recordId: 'b'.repeat(32), caseId, kind: 'note', at: noteAt, title: 'interview', action: 'finalised' }] : [];
    const timeline = createTimeline([...session.timelineSources, notesSource]);

    const all = timeline.forCase(c.id);
    const ats = all.map((e) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(all.map((e) => e.kind)).toContain('note');
    const kinds = all.map((e) => `${e.kind}:${e.at.slice(0, 10)}`);
    expect(kinds.indexOf('consent:2026-01-02')).toBeLessThan(kinds.indexOf('note:2025-12-30'));
    expect(kinds.indexOf('note:2025-12-30')).toBeLessThan(kinds.indexOf('incident:2025-12-24'));
    expect(kinds.at(-1)).toBe('incident:2024-01-01');
    // The undated incident sits at the time it was recorded.
    expect(all.find((e) => e.kind === 'incident' && e.title === 'no date')!.at.startsWith('2026-01-05')).toBe(true);

    expect(timeline.forCase(c.id, { kinds: ['note', 'consent'] }).map((e) => e.kind)).toEqual(['consent', 'note']);
    expect(timeline.forCase(c.id, { kinds: [] })).toHaveLength(all.length);
    // session.timeline is built from the same sources list (case files first).
    expect(session.timeline.forCase(c.id, { kinds: ['incident'] })).toHaveLength(3);
    expect(session.timelineSources[0]).toBe(session.caseFiles.timelineSource);
  });
});
