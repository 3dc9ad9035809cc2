// Interview notes against real parts: a real SQLite file, the sealed store, the case files (cases
// and the real consent service), the in-memory index, and pdftotext on the exported PDF.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/connection';
import { createCaseFiles } from '../../main/services/case-files';
import { initCrypto, randomKey } from '../../main/services/crypto';
import { createNotesServices } from '../../main/services/notes';
import { createSealedStore } from '../../main/services/sealed-store';
import { createSearchIndex } from '../../main/services/search-index';
import type { InterviewMeta } from '../../shared/domain/notes/schemas';
import { AppError } from '../../shared/errors';

const META: InterviewMeta = { interviewer: '林老师', date: '2026-11-20', placeType: 'cafe', languages: ['zh', 'fr'], interpreter: null, othersPresent: '' };

let dir: string;
let masterKey: Uint8Array;
beforeAll(async () => {
  await initCrypto();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anxin-notes-'));
  masterKey = randomKey();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open() {
  const db = openDatabase(join(dir, 'anxin.db'));
  const store = createSealedStore({ db, masterKey });
  const index = createSearchIndex();
  const caseFiles = createCaseFiles({ db, store, index, actor: { name: 'Test', device: store.deviceId } });
  caseFiles.load();
  const notes = createNotesServices({ store, index, cases: caseFiles.cases, consents: caseFiles.consents });
  notes.interviews.indexAll();
  return {
    db,
    store,
    index,
    caseFiles,
    notes,
    close() {
      caseFiles.close();
      store.close();
      db.close();
    }
  };
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};
const codeAsync = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
  return 'no error';
};

describe('interview notes', () => {
  it('autosaves: each save is a sealed revision; unchanged content writes nothing; a reopen shows the last save', () => {
    const s = open();
    const i = s.notes.interviews.create({ templateId: 'builtin:first-contact:zh-CN', meta: META, caseId: null });
    expect(i.stage).toBe('draft');
    expect(i.template.questions.map((q) => q.id)).toContain('safety-now');
    let rev = i.revision;
    let content = i.content;
    const typed = '她说现在安全，可以说话。';
    for (let n = 1; n <= typed.length; n++) {
      content = { ...content, answers: { ...content.answers, 'safety-now': typed.slice(0, n) } };
      rev = s.notes.interviews.save(i.id, rev, content).revision;
    }
    expect(rev).toBe(1 + typed.length);
    expect(s.notes.interviews.save(i.id, rev, content).revision).toBe(rev); // no-op
    expect(code(() => s.notes.interviews.save(i.id, rev - 1, content))).toBe('record/conflict');
    expect(code(() => s.notes.interviews.save(i.id, rev, { ...content, answers: { bogus: 'x' } }))).toBe('ipc/invalid-request');
    s.close();

    const t = open();
    const again = t.notes.interviews.get(i.id);
    expect(again.content.answers['safety-now']).toBe(typed);
    expect(t.notes.interviews.history(i.id)).toHaveLength(rev);
    expect(t.notes.interviews.revision(i.id, 3).content.answers['safety-now']).toBe(typed.slice(0, 2));
    // Search through the in-memory index, rebuilt at open.
    expect(t.index.search('安全').map((h) => [h.id, h.kind])).toEqual([[i.id, 'note']]);
    t.close();
  });

  it('finalise, edit, history with differences; link to a case; create a case; timeline', () => {
    const s = open();
    const i = s.notes.interviews.create({ templateId: 'builtin:follow-up:en', meta: { ...META, interviewer: 'Anna' }, caseId: null });
    const v2 = s.notes.interviews.save(i.id, i.revision, { ...i.content, notes: 'She moved to her sister.' });
    const fin = s.notes.interviews.finalise(i.id, v2.revision, 'Anna');
    expect(fin.stage).toBe('finalised');
    expect(fin.signOff).toMatchObject({ by: 'Anna', revision: 3 });
    expect(fin.editedSinceSignOff).toBe(false);
    const v4 = s.notes.interviews.save(i.id, fin.revision, { ...fin.content, notes: 'She moved to her aunt.' });
    const edited = s.notes.interviews.get(i.id);
    expect(edited.editedSinceSignOff).toBe(true);
    expect(edited.stage).toBe('finalised');
    // The signed-off revision stays readable.
    expect(s.notes.interviews.revision(i.id, 3).content.notes).toBe('She moved to her sister.');
    const hist = s.notes.interviews.history(i.id);
    expect(hist.map((h) => [h.revision, h.signedOff])).toEqual([
      [4, false],
      [3, true],
      [2, false],
      [1, false]
    ]);
    const diff = s.notes.interviews.diff(i.id, 3, v4.revision);
    expect(diff).toEqual([
      {
        field: 'notes',
        label: 'notes',
        parts: [
          { op: 'same', text: 'She moved to her ' },
          { op: 'removed', text: 'sister' },
          { op: 'added', text: 'aunt' },
          { op: 'same', text: '.' }
        ]
      }
    ]);

    // Link to an existing case → linked; appears in that case's timeline.
    const c = s.caseFiles.cases.create({ pseudonym: '小梅', status: 'open', summary: '' });
    const linked = s.notes.interviews.link(i.id, v4.revision, c.id);
    expect(linked.stage).toBe('linked');
    expect(s.notes.interviews.timeline(c.id).map((e) => [e.kind, e.action, e.recordId])).toEqual([
      ['note', 'interviewed', i.id],
      ['note', 'finalised', i.id]
    ]);
    expect(code(() => s.notes.interviews.link(i.id, linked.revision, 'f'.repeat(32)))).toBe('record/not-found');

    // A standalone first contact turned into a case.
    const j = s.notes.interviews.create({ templateId: 'builtin:first-contact:fr', meta: META, caseId: null });
    const made = s.notes.interviews.createCase(j.id, j.revision, 'Hélène', 'Ouvert à partir d’un entretien.');
    expect(made.interview.caseId).toBe(made.caseId);
    expect(s.caseFiles.cases.get(made.caseId).pseudonym).toBe('Hélène');
    expect(made.interview.stage).toBe('draft'); // linked only once finalised
    s.close();
  });

  it('story export: refused without a case, refused without a "story" consent, allowed with one; the PDF holds real Chinese, French and Dutch text', async () => {
    const s = open();
    const i = s.notes.interviews.create({ templateId: 'builtin:story:zh-CN', meta: META, caseId: null });
    const content = {
      ...i.content,
      answers: {
        ...i.content.answers,
        before: '我2015年来到比利时，丈夫王伟说会照顾我。',
        'what-happened': '他打我以后，我打电话0470 12 34 56找到了帮助。',
        message: 'N’ayez pas peur de demander de l’aide. Je woont niet alleen.'
      },
      notes: 'Elle travaille chez Golden Dragon à Anvers.'
    };
    const saved = s.notes.interviews.save(i.id, i.revision, content);
    const prep = s.notes.story.prepare(i.id, undefined, '其他记录');
    expect(prep.revision).toBe(saved.revision);
    const types = prep.findings.map((f) => [f.type, f.text]);
    expect(types).toEqual(
      expect.arrayContaining([
        ['name', '王伟'],
        ['phone', '0470 12 34 56'],
        ['workplace', 'Golden Dragon']
      ])
    );
    const input = { id: i.id, revision: saved.revision, title: '她的故事', subtitle: '匿名故事', notesHeading: '其他记录', decisions: [] };
    expect(await codeAsync(() => s.notes.story.export({ ...input, format: 'markdown' }))).toBe('notes/not-linked');

    const c = s.caseFiles.cases.create({ pseudonym: 'A', status: 'open', summary: '' });
    s.notes.interviews.link(i.id, saved.revision, c.id);
    expect(await codeAsync(() => s.notes.story.export({ ...input, format: 'markdown' }))).toBe('notes/no-story-consent');
    // A consent of another scope is not enough.
    s.caseFiles.consents.record(c.id, { scope: 'services', givenOn: '2026-11-20', method: 'verbal' });
    expect(await codeAsync(() => s.notes.story.export({ ...input, format: 'markdown' }))).toBe('notes/no-story-consent');
    const consent = s.caseFiles.consents.record(c.id, { scope: 'story', givenOn: '2026-11-20', method: 'written' });

    // Keep the workplace, give the name a chosen replacement, the rest default.
    const workplace = prep.findings.find((f) => f.type === 'workplace')!;
    const name = prep.findings.find((f) => f.type === 'name')!;
    const decisions = [
      { findingId: workplace.id, action: 'keep' as const, replacement: '' },
      { findingId: name.id, action: 'replace' as const, replacement: '[丈夫]' }
    ];
    const md = await s.notes.story.export({ ...input, format: 'markdown', decisions });
    const text = Buffer.from(md.base64, 'base64').toString('utf8');
    expect(md.mimeType).toContain('text/markdown');
    expect(text).toContain('# 她的故事');
    expect(text).toContain('丈夫[丈夫]说会照顾我');
    expect(text).toContain('[电话]');
    expect(text).not.toContain('王伟');
    expect(text).not.toContain('0470');
    expect(text).toContain('Golden Dragon');
    expect(text).not.toContain(META.interviewer); // interview details never go into a story

    const pdf = await s.notes.story.export({ ...input, format: 'pdf', decisions });
    const bytes = Buffer.from(pdf.base64, 'base64');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.length).toBeLessThan(200_000); // the font is subset, not embedded whole
    const file = join(dir, 'story.pdf');
    writeFileSync(file, bytes);
    const extracted = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    expect(extracted).toContain('她的故事');
    expect(extracted).toContain('丈夫[丈夫]说会照顾我');
    expect(extracted).toContain('N’ayezpaspeurdedemanderdel’aide.'.replace(/’/g, '’'));
    expect(extracted).toContain('Jewoontnietalleen.');
    expect(extracted).not.toContain('王伟');

    // Withdrawn consent closes the exit again.
    s.caseFiles.consents.withdraw(c.id, consent.id, { date: '2026-11-21' });
    expect(await codeAsync(() => s.notes.story.export({ ...input, format: 'pdf', decisions }))).toBe('notes/no-story-consent');
    s.close();
  });

  it('templates: built-ins in four languages are read-only; an organisation copies and edits its own (sealed)', () => {
    const s = open();
    const all = s.notes.templates.list();
    const builtins = all.filter((t) => t.builtin);
    expect(builtins).toHaveLength(16);
    for (const purpose of ['first-contact', 'needs-assessment', 'story', 'follow-up']) {
      expect(builtins.filter((t) => t.purpose === purpose).map((t) => t.locale).sort()).toEqual(['en', 'fr', 'nl', 'zh-CN']);
    }
    const copy = s.notes.templates.copy('builtin:needs-assessment:nl', 'Onze behoeften');
    expect(copy.builtin).toBe(false);
    const { title, purpose, locale, guidance, questions } = copy;
    const updated = s.notes.templates.update(copy.id, copy.revision, {
      title,
      purpose,
      locale,
      guidance,
      questions: [...questions, { id: 'work', prompt: 'Werk je?', guidance: '' }]
    });
    expect(updated.questions.at(-1)?.prompt).toBe('Werk je?');
    expect(code(() => s.notes.templates.remove('builtin:story:en', 1))).toBe('notes/builtin-template');
    const i = s.notes.interviews.create({ templateId: copy.id, meta: META, caseId: null });
    expect(i.template.questions.at(-1)?.id).toBe('work');
    s.notes.templates.remove(copy.id, updated.revision);
    expect(s.notes.templates.list().some((t) => t.id === copy.id)).toBe(false);
    // The interview keeps its copy of the template.
    expect(s.notes.interviews.get(i.id).template.title).toBe('Onze behoeften');
    s.close();
  });
});
