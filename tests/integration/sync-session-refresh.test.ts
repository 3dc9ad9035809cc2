// After sync applies another device's changes, the receiving session's caseload and search show
// them: the touched case or interview is rebuilt alone (main/services/unlocked-session.ts), and
// what cannot be rebuilt alone (a deleted case) takes the full reload. Two full unlocked
// sessions, each with its own SQLite file, and a real relay on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCrypto, randomKey } from '../../main/services/crypto';
import { openUnlockedSession, type UnlockedSession } from '../../main/services/unlocked-session';
import type { InterviewMeta } from '../../shared/domain/notes/schemas';
import { makeTempDir } from '../helpers/temp-dir';
import { link, startTestRelay, type Device, type TestRelay } from './sync-fixtures';

const META: InterviewMeta = { interviewer: '林老师', date: '2026-11-20', placeType: 'cafe', languages: ['zh'], interpreter: null, othersPresent: '' };

let relay: TestRelay;
const dirs: Array<ReturnType<typeof makeTempDir>> = [];
const sessions: UnlockedSession[] = [];

function session(name: string): UnlockedSession {
  const tmp = makeTempDir('anxin-sync-session-');
  dirs.push(tmp);
  const s = openUnlockedSession({ profileId: '0123456789abcdef', displayName: name, profileDir: tmp.dir, masterKey: randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
  sessions.push(s);
  return s;
}
const asDevice = (s: UnlockedSession) => ({ sync: s.sync, store: s.store }) as unknown as Device;
const searchIds = (s: UnlockedSession, text: string) => s.caseFiles.caseload.search(text).map((h) => h.caseId);
async function syncBoth(a: UnlockedSession, b: UnlockedSession): Promise<void> {
  for (let round = 0; round < 2; round++) {
    expect((await a.sync.syncNow()).errorCode).toBeNull();
    expect((await b.sync.syncNow()).errorCode).toBeNull();
  }
}

beforeAll(async () => {
  await initCrypto();
  relay = await startTestRelay();
});
afterAll(async () => {
  for (const s of sessions) {
    s.sync.stop();
    await s.sync.settle();
    s.close();
  }
  await relay.stop();
  for (const d of dirs) d.cleanup();
});

describe('the receiving session shows synced changes', () => {
  let a: UnlockedSession;
  let b: UnlockedSession;
  let kept: string;
  let shredded: string;

  it('new cases appear in the caseload and the search', async () => {
    a = session('Office');
    b = session('Laptop');
    await a.sync.createOrganisation({ relayUrl: relay.url, label: 'office' });
    await link(asDevice(a), asDevice(b), relay.url);
    kept = a.cases.create({ pseudonym: 'Lotus', status: 'active', summary: 'Needs a Mandarin lawyer (Quillwort).' }).id;
    shredded = a.cases.create({ pseudonym: 'Peony', status: 'open', summary: 'Shelter intake.' }).id;
    await syncBoth(a, b);
    expect(b.caseFiles.caseload.list().map((r) => r.pseudonym).sort()).toEqual(['Lotus', 'Peony']);
    expect(searchIds(b, 'Quillwort')).toEqual([kept]);
  });

  it('an edit and a new incident on one case replace what the other device shows and finds', async () => {
    const head = a.cases.get(kept);
    a.cases.update(kept, head.revision, { pseudonym: 'Lotus', status: 'active', summary: 'Lawyer found (Marshwillow).' });
    a.caseFiles.incidents.save(kept, undefined, 0, { date: { precision: 'month', value: '2026-10' }, description: 'He took her passport (Fernhollow).' });
    await syncBoth(a, b);
    expect(searchIds(b, 'Marshwillow')).toEqual([kept]);
    expect(searchIds(b, 'Fernhollow')).toEqual([kept]);
    expect(searchIds(b, 'Quillwort')).toEqual([]); // the old summary is gone from the index
    expect(b.caseFiles.caseload.list().length).toBe(2);
  });

  it('an interview typed on one device is found on the other', async () => {
    const i = a.notes.interviews.create({ templateId: 'builtin:first-contact:zh-CN', meta: META, caseId: null });
    const first = Object.keys(i.content.answers)[0]!;
    a.notes.interviews.save(i.id, i.revision, { ...i.content, answers: { ...i.content.answers, [first]: '她说想学法语（Thistledown）' } });
    await syncBoth(a, b);
    expect(b.index.search('Thistledown').map((h) => h.id)).toEqual([i.id]);
  });

  it('a deleted case disappears from the other device’s caseload and search', async () => {
    a.cases.remove(shredded, a.cases.get(shredded).revision);
    await syncBoth(a, b);
    expect(b.caseFiles.caseload.list().map((r) => r.pseudonym)).toEqual(['Lotus']);
    expect(searchIds(b, 'Shelter')).toEqual([]);
  });
});
