/**
 * Referral letter templates (docs/referrals.md, "Letters"): the built-in ones
 * (shared/domain/referrals/letter.ts, read-only) and the organisation's own, each a sealed
 * 'referral-template' record. All of an organisation's templates live in one org-level collection
 * (found again through any existing template, else created by the first save), so they are
 * encrypted at rest and sync to the organisation's other devices like the directory does.
 *
 * Saving a built-in id never changes the built-in: it creates the organisation's own copy.
 */
import { AppError } from '../../../shared/errors';
import { BUILT_IN_TEMPLATES, findBuiltInTemplate, isBuiltInTemplateId } from '../../../shared/domain/referrals/letter';
import { LetterTemplateFields, type LetterTemplate } from '../../../shared/domain/referrals/schemas';
import type { SealedStore, StoredRecord } from '../sealed-store';

export const LETTER_TEMPLATE_KIND = 'referral-template';

type TemplateBody = LetterTemplateFields & {
  updatedAt: string;
  /** The built-in template this one was copied from, if any. */
  copiedFrom?: string;
};

const ID_RE = /^[0-9a-f]{32}$/;

const toTemplate = (rec: StoredRecord<TemplateBody>): LetterTemplate => ({
  id: rec.header.id,
  name: rec.body.name,
  zh: rec.body.zh,
  en: rec.body.en,
  fr: rec.body.fr,
  nl: rec.body.nl,
  revision: rec.header.revision,
  builtIn: false
});

function parseFields(fields: unknown): LetterTemplateFields {
  const parsed = LetterTemplateFields.safeParse(fields);
  if (!parsed.success) throw new AppError('ipc/invalid-request', 'invalid letter template', { fields: parsed.error.issues.map((i) => i.path.join('.')).join(', ') });
  return parsed.data;
}

export function createLetterTemplates(deps: { store: SealedStore; now?: () => number }) {
  const { store } = deps;
  const now = () => new Date((deps.now ?? Date.now)()).toISOString();

  const records = () => store.list<TemplateBody>(LETTER_TEMPLATE_KIND);
  const collection = () => records()[0]?.header.collection ?? store.createCollection();

  function own(id: string): StoredRecord<TemplateBody> {
    const rec = ID_RE.test(id) ? store.get<TemplateBody>(id) : null;
    if (!rec || rec.header.kind !== LETTER_TEMPLATE_KIND) throw new AppError('record/not-found', 'no such letter template', { id });
    return rec;
  }

  return {
    /** Built-ins first (in their fixed order), then the organisation's own by name. */
    list(): LetterTemplate[] {
      const mine = records()
        .map(toTemplate)
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      return [...BUILT_IN_TEMPLATES.map((t) => ({ ...t })), ...mine];
    },

    get(id: string): LetterTemplate {
      if (isBuiltInTemplateId(id)) {
        const t = findBuiltInTemplate(id);
        if (!t) throw new AppError('record/not-found', 'no such letter template', { id });
        return { ...t };
      }
      return toTemplate(own(id));
    },

    /**
     * id null → a new template; a built-in id → a new copy of it with these fields (the built-in
     * is unchanged); an own id → a new revision, refused with 'record/conflict' if `baseRevision`
     * is not the current one.
     */
    save(id: string | null, baseRevision: number | null, input: LetterTemplateFields): LetterTemplate {
      const fields = parseFields(input);
      return store.transaction(() => {
        if (id === null || isBuiltInTemplateId(id)) {
          if (id !== null && !findBuiltInTemplate(id)) throw new AppError('record/not-found', 'no such letter template', { id });
          const body: TemplateBody = { ...fields, updatedAt: now(), ...(id !== null ? { copiedFrom: id } : {}) };
          const header = store.put({ kind: LETTER_TEMPLATE_KIND, collection: collection(), body });
          return toTemplate({ header, body });
        }
        const current = own(id);
        if (baseRevision === null) throw new AppError('ipc/invalid-request', 'editing a template needs the revision it was read at', { id });
        const body: TemplateBody = { ...fields, updatedAt: now(), ...(current.body.copiedFrom ? { copiedFrom: current.body.copiedFrom } : {}) };
        const header = store.put({ id, kind: LETTER_TEMPLATE_KIND, collection: current.header.collection, body, baseRevision });
        return toTemplate({ header, body });
      });
    },

    /**
     * Deletes one of the organisation's templates. Built-ins cannot be deleted: the existing
     * 'notes/builtin-template' code is reused because its translated message ("built-in templates
     * cannot be changed; copy it to make your own version") says exactly this, in four languages.
     */
    remove(id: string, baseRevision: number): void {
      if (isBuiltInTemplateId(id)) throw new AppError('notes/builtin-template', 'built-in letter templates cannot be deleted', { id });
      store.transaction(() => {
        own(id);
        store.remove(id, baseRevision);
      });
    }
  };
}

export type LetterTemplates = ReturnType<typeof createLetterTemplates>;
