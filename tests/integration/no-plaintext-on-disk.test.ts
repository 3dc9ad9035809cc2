// GUIDE §4 test 1 for the local store: what a caseworker types never reaches the disk in the clear.
// A marker goes into every free-text field of cases, through edits, history and search; then every
// file under the data directory is scanned as raw bytes for it, in UTF-8 and UTF-16LE.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/connection';
import { createCaseService } from '../../main/services/cases';
import { initCrypto, randomKey } from '../../main/services/crypto';
import { createSealedStore } from '../../main/services/sealed-store';
import { createSearchIndex } from '../../main/services/search-index';
import { openUnlockedSession } from '../../main/services/unlocked-session';

const MARKER = 'MARKER-7f3a 安心标记';
// The whole marker and each half: a field split across pages or re-encoded must not leak either.
const NEEDLES = [MARKER, 'MARKER-7f3a', '安心标记'];

type Finding = { file: string; needle: string; encoding: 'utf8' | 'utf16le' };

function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true }).flatMap((e) => {
    const p = join(root, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

/** Every occurrence of any needle, in either encoding, in any file under `root`. */
function scan(root: string, needles: string[]): { findings: Finding[]; files: string[]; bytes: number } {
  const files = filesUnder(root);
  const findings: Finding[] = [];
  let bytes = 0;
  for (const file of files) {
    const data = readFileSync(file);
    bytes += data.length;
    for (const needle of needles) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        if (data.indexOf(Buffer.from(needle, encoding)) !== -1) findings.push({ file, needle, encoding });
      }
    }
  }
  return { findings, files, bytes };
}

let dir: string;
beforeAll(async () => {
  await initCrypto();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anxin-plaintext-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('no plaintext on disk (GUIDE §4 test 1)', () => {
  it('the scan finds a marker written in the clear (control)', () => {
    writeFileSync(join(dir, 'plain-utf8.txt'), `before ${MARKER} after`, 'utf8');
    writeFileSync(join(dir, 'plain-utf16.txt'), `before ${MARKER} after`, 'utf16le');
    const { findings } = scan(dir, [MARKER]);
    expect(findings.map((f) => [f.file.endsWith('utf8.txt') ? 'utf8-file' : 'utf16-file', f.encoding]).sort()).toEqual([
      ['utf16-file', 'utf16le'],
      ['utf8-file', 'utf8']
    ]);
  });

  it('a marker in every case field is absent from the DB, WAL and SHM — before checkpoint and after close', () => {
    const dbFile = join(dir, 'anxin.db');
    const db = openDatabase(dbFile);
    const store = createSealedStore({ db, masterKey: randomKey() });
    const index = createSearchIndex();
    const cases = createCaseService({ store, index });

    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const c = cases.create({ pseudonym: `${MARKER} ${i}`, status: 'open', summary: `${MARKER}\n她说 ${MARKER} ${'情况记录 '.repeat(50)}` });
      const u = cases.update(c.id, 1, { pseudonym: `${MARKER} ${i}b`, status: 'active', summary: `edit ${MARKER}` });
      if (i % 5 === 0) cases.remove(u.id, u.revision);
      ids.push(c.id);
    }
    // Use every read path too: list, get, history, search (the index lives in memory only).
    expect(cases.list().length).toBe(16);
    expect(cases.get(ids[1]!).pseudonym).toContain(MARKER);
    expect(cases.history(ids[1]!)).toHaveLength(2); // ids[0] was shredded (no history left)
    expect(index.search('安心标记').length).toBe(16);
    expect(index.search('marker-7f3a').length).toBe(16);

    // 1) Live, nothing checkpointed: the records sit in the WAL.
    const walSize = statSync(`${dbFile}-wal`).size;
    expect(walSize).toBeGreaterThan(0);
    const live = scan(dir, NEEDLES);
    expect(live.files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['anxin.db', 'anxin.db-shm', 'anxin.db-wal']);
    expect(live.findings).toEqual([]);
    // The scan did read real content: record ids are stored in the clear as routing metadata.
    expect(scan(dir, [ids[3]!]).findings.length).toBeGreaterThan(0);

    // 2) After lock and close: the WAL is checkpointed into the main file.
    store.close();
    index.clear();
    db.close();
    const closed = scan(dir, NEEDLES);
    expect(closed.files.map((f) => f.slice(dir.length + 1))).toEqual(['anxin.db']);
    expect(closed.bytes).toBeGreaterThan(40 * 1024); // ~40 sealed revisions of ~1 KB each
    expect(closed.findings).toEqual([]);
    expect(scan(dir, [ids[3]!]).findings.length).toBeGreaterThan(0);

    // 3) The same scan, same directory, finds the marker once it is written in the clear.
    writeFileSync(join(dir, 'leak.log'), MARKER);
    expect(scan(dir, NEEDLES).findings.map((f) => f.file.endsWith('leak.log'))).toContain(true);
  });

  // Case files (issue 3): the marker in every field of every record kind, in an attachment's
  // name, description and content, in an organisation's own checklist and as the profile's
  // display name (it is written into every audit entry).
  it('a marker in every case-file field and in an attachment is absent from the DB, WAL and SHM', () => {
    const M = MARKER;
    const session = openUnlockedSession({ profileId: '0123456789abcdef', displayName: `${M} worker`, profileDir: dir, masterKey: randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
    const cf = session.caseFiles;
    const c = cf.cases.create({
      pseudonym: `${M} p`,
      status: 'open',
      summary: `${M} summary`,
      languages: [`${M} dialect`, 'wenzhou'],
      interpreterNeeded: 'yes',
      country: 'FR',
      city: `${M} city`,
      contactSafety: { safeToCall: 'no', safeToText: 'yes', safeTimes: `${M} times`, codeWord: `${M} code`, mustNotKnow: `${M} husband`, notes: `${M} notes` },
      dependants: [{ relation: 'child', label: `${M} child`, birthYear: 2019, livesWithHer: 'yes', notes: `${M} school` }],
      assignedWorker: `${M} assigned`
    });
    cf.cases.setIdentity(c.id, 0, {
      legalName: `${M} legal`,
      nativeName: `${M} 中文名`,
      dateOfBirth: '1991-02-03',
      nationality: `${M} nationality`,
      residenceStatus: 'undocumented',
      residenceNote: `${M} permit`,
      address: `${M} address`,
      phone: `${M} phone`
    });
    expect(cf.cases.reveal(c.id).identity.legalName).toContain(M);
    cf.incidents.save(c.id, undefined, 0, { date: { precision: 'year', value: '2024' }, place: `${M} place`, forms: ['economic'], description: `${M} description` });
    const consent = cf.consents.record(c.id, { scope: 'share-with-organisation', organisationId: `${M} org`, organisationName: `${M} org name`, givenOn: '2026-01-01', method: 'written', recordedBy: `${M} recorder`, note: `${M} consent` });
    cf.consents.withdraw(c.id, consent.id, { date: '2026-02-01', note: `${M} withdrawal` });
    cf.risk.setChecklist({
      id: 'own',
      version: 1,
      title: { en: `${M} t`, 'zh-CN': `${M} t`, fr: `${M} t`, nl: `${M} t` },
      thresholds: { medium: 1, high: 2 },
      questions: [{ id: 'q', weight: 2, text: { en: `${M} q`, 'zh-CN': `${M} q`, fr: `${M} q`, nl: `${M} q` } }]
    });
    cf.risk.assess({ caseId: c.id, assessedOn: '2026-01-02', answers: { q: 'yes' }, note: `${M} risk note` });
    cf.plans.saveSafetyPlan(c.id, 0, {
      warningSigns: `${M} 1`, safePlaces: `${M} 2`, trustedPeople: `${M} 3`, emergencyContacts: `${M} 4`, goBag: `${M} 5`, childrenPlan: `${M} 6`, digitalSafety: `${M} 7`, afterLeaving: `${M} 8`
    });
    cf.plans.saveCasePlan(c.id, 0, { needs: [{ domain: 'legal', level: 'urgent', note: `${M} need` }], goals: [{ id: 'c'.repeat(32), domain: 'legal', text: `${M} goal` }], note: `${M} plan` });
    cf.plans.saveTask(c.id, undefined, 0, { title: `${M} task`, owner: `${M} owner`, dueOn: '2026-01-10', note: `${M} task note` });
    const content = Buffer.from(`${M} evidence `.repeat(20_000)); // ~460 KB: many chunks
    const up = cf.attachments.begin({ caseId: c.id, fileName: `${M} photo.jpg`, mimeType: 'image/jpeg', size: content.length, description: `${M} description of the photo` });
    for (let off = 0, seq = 0; off < content.length; off += 300_000, seq++) cf.attachments.append(up.uploadId, seq, content.subarray(off, off + 300_000).toString('base64'));
    const att = cf.attachments.finish(up.uploadId);
    expect(Buffer.from(cf.attachments.read(c.id, att.id, 0, 100).data, 'base64').toString()).toContain(M);
    cf.cases.setStatus(c.id, cf.cases.get(c.id).revision, 'closed', { reason: 'other', note: `${M} closing note` });
    expect(cf.caseload.search('安心标记').map((h) => h.caseId)).toEqual([c.id]);
    expect(cf.audit.list(c.id)[0]!.actor).toContain(M);

    const live = scan(dir, NEEDLES);
    expect(live.files.map((f) => f.slice(dir.length + 1)).sort()).toEqual(['anxin.db', 'anxin.db-shm', 'anxin.db-wal']);
    expect(live.findings).toEqual([]);
    expect(scan(dir, [c.id]).findings.length).toBeGreaterThan(0); // the scan reads real content

    session.close();
    const closed = scan(dir, NEEDLES);
    expect(closed.files.map((f) => f.slice(dir.length + 1))).toEqual(['anxin.db']);
    expect(closed.bytes).toBeGreaterThan(content.length); // the sealed attachment is in there
    expect(closed.findings).toEqual([]);
  });

  // Interview notes (issue 4): the marker in every interview field, typed as a run of autosaved
  // drafts (each an encrypted revision), finalised, linked, and in an organisation's own template.
  it('a marker in interview notes, their autosaved drafts and own templates is absent from the DB, WAL and SHM', () => {
    const M = MARKER;
    const session = openUnlockedSession({ profileId: '0123456789abcdef', displayName: 'worker', profileDir: dir, masterKey: randomKey(), recoveryKeyConfirmed: true, idleTimeoutMinutes: 5 });
    const { interviews, templates, story } = session.notes;
    const tpl = templates.copy('builtin:first-contact:zh-CN', `${M} template`);
    templates.update(tpl.id, tpl.revision, { title: tpl.title, purpose: tpl.purpose, locale: tpl.locale, guidance: `${M} guidance`, questions: [{ id: 'q1', prompt: `${M} prompt`, guidance: `${M} hint` }] });
    const meta = { interviewer: `${M} interviewer`, date: '2026-11-20', placeType: 'home' as const, languages: ['zh' as const], interpreter: `${M} interpreter`, othersPresent: `${M} sister` };
    const i = interviews.create({ templateId: tpl.id, meta, caseId: null });
    let rev = i.revision;
    const answer = `她说 ${M} 丈夫王伟 0470 12 34 56 `;
    for (let n = 1; n <= answer.length; n += 3) {
      rev = interviews.save(i.id, rev, { meta, answers: { q1: answer.slice(0, n) }, notes: `${M} draft ${n}` }).revision;
    }
    const fin = interviews.finalise(i.id, rev, `${M} signer`);
    const made = interviews.createCase(i.id, fin.revision, `${M} case`, `${M} from interview`);
    expect(made.interview.stage).toBe('linked');
    // Every read path: get, revision, history, diff, search, story preparation.
    expect(interviews.get(i.id).content.meta.interviewer).toContain(M);
    expect(interviews.revision(i.id, 2).content.answers.q1).toBe(answer.slice(0, 1));
    expect(interviews.history(i.id).length).toBeGreaterThan(10);
    expect(interviews.diff(i.id, 2, 3).length).toBeGreaterThan(0);
    expect(session.index.search('安心标记').some((h) => h.id === i.id)).toBe(true);
    expect(story.prepare(i.id, undefined, 'Notes').findings.length).toBeGreaterThan(0);

    const live = scan(dir, [...NEEDLES, '王伟', '0470 12 34 56']);
    expect(live.files.some((f) => f.endsWith('anxin.db-wal'))).toBe(true);
    expect(live.findings).toEqual([]);
    expect(scan(dir, [i.id]).findings.length).toBeGreaterThan(0); // the scan reads real content
    session.close();
    expect(scan(dir, [...NEEDLES, '王伟', '0470 12 34 56']).findings).toEqual([]);
  });
});
