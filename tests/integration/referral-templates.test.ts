// Referral letter templates on a real SQLite file through the sealed store: built-ins first and
// read-only, the organisation's own as sealed records in one collection, revisions checked,
// nothing readable on disk, and everything still there after the store is reopened.
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/connection';
import { initCrypto, randomKey } from '../../main/services/crypto';
import { createLetterTemplates, LETTER_TEMPLATE_KIND } from '../../main/services/referrals/templates';
import { createSealedStore } from '../../main/services/sealed-store';
import { BUILT_IN_TEMPLATES } from '../../shared/domain/referrals/letter';
import { LetterTemplate, type LetterTemplateFields } from '../../shared/domain/referrals/schemas';
import { AppError } from '../../shared/errors';
import { filesContaining, makeTempDir } from '../helpers/temp-dir';

const MARKER = 'Modèle Hélène 温州标记七一';

let tmp: ReturnType<typeof makeTempDir>;
let masterKey: Uint8Array;
beforeAll(async () => {
  await initCrypto();
});
beforeEach(() => {
  tmp = makeTempDir('anxin-letter-templates-');
  masterKey = randomKey();
});
afterEach(() => tmp.cleanup());

function open() {
  const db = openDatabase(join(tmp.dir, 'anxin.db'));
  const store = createSealedStore({ db, masterKey });
  let clock = Date.parse('2026-11-24T10:00:00Z');
  const templates = createLetterTemplates({ store, now: () => (clock += 1000) });
  return {
    store,
    templates,
    close() {
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

const fields = (name: string, extra = ''): LetterTemplateFields => ({
  name,
  zh: `致{{receiverName}}：${extra}`,
  en: `To {{receiverName}}: ${extra}`,
  fr: `À {{receiverName}} : ${extra}`,
  nl: `Aan {{receiverName}}: ${extra}`
});

describe('letter templates', () => {
  it('lists the built-ins first; the organisation saves, copies, edits and deletes its own, sealed', () => {
    const s = open();
    const initial = s.templates.list();
    expect(initial).toEqual(BUILT_IN_TEMPLATES);
    expect(initial.every((t) => t.builtIn)).toBe(true);

    // A new template, and a copy of a built-in saved under its id (the built-in stays as it was).
    const own = s.templates.save(null, null, fields('Zeta — our own', MARKER));
    expect(LetterTemplate.parse(own)).toEqual(own);
    expect(own).toMatchObject({ name: 'Zeta — our own', builtIn: false, revision: 1 });
    const legal = BUILT_IN_TEMPLATES.find((t) => t.id === 'builtin:legal-aid')!;
    const copy = s.templates.save(legal.id, null, { name: 'Alpha legal aid (Lyon)', zh: legal.zh, en: legal.en, fr: `${legal.fr}\n\nMerci.`, nl: legal.nl });
    expect(copy.id).not.toBe(legal.id);
    expect(copy.id).toMatch(/^[0-9a-f]{32}$/);
    expect(copy.fr.endsWith('Merci.')).toBe(true);
    expect(s.templates.get(legal.id)).toEqual(legal);

    const list = s.templates.list();
    expect(list.map((t) => t.id)).toEqual([...BUILT_IN_TEMPLATES.map((t) => t.id), copy.id, own.id]); // own ones by name
    for (const t of list) expect(LetterTemplate.parse(t)).toEqual(t); // exactly the schema's shape

    // One org-level collection for all of them.
    const records = s.store.list(LETTER_TEMPLATE_KIND);
    expect(records).toHaveLength(2);
    expect(new Set(records.map((r) => r.header.collection)).size).toBe(1);

    // Edit with the revision it was read at; a stale revision is a conflict, never an overwrite.
    const edited = s.templates.save(own.id, 1, fields('Zeta — our own', `${MARKER} v2`));
    expect(edited.revision).toBe(2);
    expect(edited.en).toContain('v2');
    expect(code(() => s.templates.save(own.id, 1, fields('lost update')))).toBe('record/conflict');
    expect(code(() => s.templates.save(own.id, null, fields('no revision')))).toBe('ipc/invalid-request');
    expect(s.templates.get(own.id).name).toBe('Zeta — our own');

    // Refusals: built-ins cannot be deleted; unknown ids; invalid fields.
    expect(code(() => s.templates.remove('builtin:general', 0))).toBe('notes/builtin-template');
    expect(code(() => s.templates.save('builtin:nope', null, fields('x')))).toBe('record/not-found');
    expect(code(() => s.templates.save('0123456789abcdef0123456789abcdef', 1, fields('x')))).toBe('record/not-found');
    expect(code(() => s.templates.save('not-an-id', 1, fields('x')))).toBe('record/not-found');
    expect(code(() => s.templates.remove('not-an-id', 1))).toBe('record/not-found');
    expect(code(() => s.templates.save(null, null, { ...fields('x'), name: '   ' }))).toBe('ipc/invalid-request');
    expect(code(() => s.templates.save(null, null, { ...fields('x'), extra: 1 } as LetterTemplateFields))).toBe('ipc/invalid-request');
    expect(s.templates.list()).toHaveLength(BUILT_IN_TEMPLATES.length + 2);

    // Delete: stale revision refused, current one accepted.
    expect(code(() => s.templates.remove(copy.id, 2))).toBe('record/conflict');
    s.templates.remove(copy.id, 1);
    expect(code(() => s.templates.get(copy.id))).toBe('record/not-found');
    s.close();

    // Sealed at rest: what was typed is in no file of the data directory.
    expect(filesContaining(tmp.dir, MARKER)).toEqual([]);
    expect(filesContaining(tmp.dir, 'Zeta — our own')).toEqual([]);

    // Reopened: the organisation's template is still there, at its last revision.
    const again = open();
    const mine = again.templates.list().filter((t) => !t.builtIn);
    expect(mine).toEqual([edited]);
    // A new template after a restart joins the same collection.
    again.templates.save(null, null, fields('Beta'));
    expect(new Set(again.store.list(LETTER_TEMPLATE_KIND).map((r) => r.header.collection)).size).toBe(1);
    again.close();
  });
});
