/**
 * Interview templates: the built-in ones (shared/domain/notes/templates.ts, read-only) and the
 * organisation's own, each a sealed 'note-template' record in its own collection. An
 * organisation starts its own by copying a built-in (or another of its own) and editing it.
 */
import { AppError } from '../../../shared/errors';
import { TemplateFields, type Template } from '../../../shared/domain/notes/schemas';
import { builtinTemplates, findBuiltinTemplate } from '../../../shared/domain/notes/templates';
import type { SealedStore, StoredRecord } from '../sealed-store';

export const TEMPLATE_KIND = 'note-template';

const toTemplate = (rec: StoredRecord<TemplateFields>): Template => ({ ...rec.body, id: rec.header.id, builtin: false, revision: rec.header.revision });

function parseFields(fields: unknown): TemplateFields {
  const parsed = TemplateFields.safeParse(fields);
  if (!parsed.success) throw new AppError('ipc/invalid-request', 'invalid template');
  const ids = parsed.data.questions.map((q) => q.id);
  if (new Set(ids).size !== ids.length) throw new AppError('ipc/invalid-request', 'question ids must be unique');
  return parsed.data;
}

export function createTemplateService(deps: { store: SealedStore }) {
  const { store } = deps;

  function own(id: string): StoredRecord<TemplateFields> {
    if (id.startsWith('builtin:')) throw new AppError('notes/builtin-template', 'built-in templates are read-only; copy one to edit it', { id });
    const rec = store.get<TemplateFields>(id);
    if (!rec || rec.header.kind !== TEMPLATE_KIND) throw new AppError('record/not-found', 'no such template', { id });
    return rec;
  }

  const service = {
    /** Built-ins first (by purpose, then language), then the organisation's own by title. */
    list(): Template[] {
      const mine = store.list<TemplateFields>(TEMPLATE_KIND).map(toTemplate);
      return [...builtinTemplates(), ...mine.sort((a, b) => a.title.localeCompare(b.title))];
    },

    get(id: string): Template {
      if (id.startsWith('builtin:')) {
        const t = findBuiltinTemplate(id);
        if (!t) throw new AppError('record/not-found', 'no such template', { id });
        return t;
      }
      return toTemplate(own(id));
    },

    /** A new editable template with the content of `id` (built-in or own). */
    copy(id: string, title: string): Template {
      const source = service.get(id);
      const body = parseFields({ title, purpose: source.purpose, locale: source.locale, guidance: source.guidance, questions: source.questions });
      const header = store.transaction(() => store.put({ kind: TEMPLATE_KIND, collection: store.createCollection(), body }));
      return toTemplate({ header, body });
    },

    update(id: string, baseRevision: number, fields: TemplateFields): Template {
      const current = own(id);
      const body = parseFields(fields);
      const header = store.put({ id, kind: TEMPLATE_KIND, collection: current.header.collection, body, baseRevision });
      return toTemplate({ header, body });
    },

    remove(id: string, baseRevision: number): void {
      own(id);
      store.remove(id, baseRevision);
    }
  };
  return service;
}

export type TemplateService = ReturnType<typeof createTemplateService>;
