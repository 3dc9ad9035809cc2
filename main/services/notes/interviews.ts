/**
 * Interview notes: one sealed 'interview' record per interview, in its own collection (its own
 * key), so a note taken before any case exists can later be linked to a case — or turned into
 * one — without re-encrypting anything. Every autosave appends a sealed revision (the store
 * keeps all of them; the database runs WAL with synchronous=FULL, so an acknowledged save
 * survives SIGKILL and power loss).
 *
 * Lifecycle: draft → finalised (signed off by the interviewer, naming the revision) → linked
 * (finalised and attached to a case). Later edits are new revisions; the signed-off one stays
 * readable in the history and `editedSinceSignOff` says so.
 */
import { AppError } from '../../../shared/errors';
import {
  InterviewContent,
  InterviewMeta,
  type FieldDiff,
  type Interview,
  type InterviewBody,
  type InterviewRevision,
  type InterviewStage,
  type InterviewSummary
} from '../../../shared/domain/notes/schemas';
import type { TimelineEntry } from '../../../shared/domain/timeline';
import type { RecordHeader } from '../../../shared/records/header';
import { hlcToIso } from '../../../shared/records/hlc';
import type { CaseService } from '../cases';
import type { SealedStore, StoredRecord } from '../sealed-store';
import type { SearchIndex } from '../search-index';
import { diffText } from './diff';
import type { TemplateService } from './templates';

export const INTERVIEW_KIND = 'interview';
/** Kind of the interview notes' documents in the in-memory search index. */
export const NOTE_SEARCH_KIND = 'note';

export function stageOf(body: Pick<InterviewBody, 'signOff' | 'caseId'>): InterviewStage {
  if (!body.signOff) return 'draft';
  return body.caseId ? 'linked' : 'finalised';
}

const charsOf = (c: InterviewContent) => Object.values(c.answers).reduce((n, a) => n + a.length, c.notes.length);
const titleOf = (b: InterviewBody) => `${b.template.title} · ${b.content.meta.date}`;

function toInterview(rec: StoredRecord<InterviewBody>): Interview {
  const b = rec.body;
  return {
    ...b,
    id: rec.header.id,
    revision: rec.header.revision,
    stage: stageOf(b),
    editedSinceSignOff: b.signOff !== null && rec.header.revision > b.signOff.revision,
    updatedAt: hlcToIso(rec.header.hlc)
  };
}

function sameContent(a: InterviewContent, b: InterviewContent): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, v: unknown, what: string): T {
  const r = schema.safeParse(v);
  if (!r.success) throw new AppError('ipc/invalid-request', `invalid ${what}`);
  return r.data;
}

export function createInterviewService(deps: { store: SealedStore; index: SearchIndex; cases: CaseService; templates: TemplateService }) {
  const { store, index, cases, templates } = deps;

  const indexInterview = (id: string, b: InterviewBody) =>
    index.upsert({
      id,
      kind: NOTE_SEARCH_KIND,
      title: titleOf(b),
      text: [b.content.meta.interviewer, b.content.meta.interpreter ?? '', b.content.meta.othersPresent, ...Object.values(b.content.answers), b.content.notes].join('\n')
    });

  function head(id: string): StoredRecord<InterviewBody> {
    const rec = store.get<InterviewBody>(id);
    if (!rec || rec.header.kind !== INTERVIEW_KIND) throw new AppError('record/not-found', 'no such interview', { id });
    return rec;
  }

  function write(current: StoredRecord<InterviewBody>, baseRevision: number, body: InterviewBody): { header: RecordHeader; body: InterviewBody } {
    const header = store.put({ id: current.header.id, kind: INTERVIEW_KIND, collection: current.header.collection, body, baseRevision });
    indexInterview(header.id, body);
    return { header, body };
  }

  function revisionOf(id: string, revision: number): StoredRecord<InterviewBody> {
    const rec = store.history<InterviewBody>(id).find((r) => r.header.revision === revision);
    if (!rec || rec.header.kind !== INTERVIEW_KIND || rec.body === null) throw new AppError('record/not-found', 'no such revision', { id, revision });
    return rec as StoredRecord<InterviewBody>;
  }

  const service = {
    create(input: { templateId: string; meta: InterviewMeta; caseId: string | null }): Interview {
      const meta = parse(InterviewMeta, input.meta, 'interview details');
      if (input.caseId) cases.get(input.caseId); // must exist
      const t = templates.get(input.templateId);
      const body: InterviewBody = {
        template: { id: t.id, title: t.title, locale: t.locale, guidance: t.guidance, questions: t.questions },
        content: { meta, answers: Object.fromEntries(t.questions.map((q) => [q.id, ''])), notes: '' },
        caseId: input.caseId,
        signOff: null,
        createdAt: new Date().toISOString()
      };
      const header = store.transaction(() => store.put({ kind: INTERVIEW_KIND, collection: store.createCollection(), body }));
      indexInterview(header.id, body);
      return toInterview({ header, body });
    },

    /** Newest change first. */
    list(): InterviewSummary[] {
      return store
        .list<InterviewBody>(INTERVIEW_KIND)
        .sort((a, b) => (a.header.hlc < b.header.hlc ? 1 : a.header.hlc > b.header.hlc ? -1 : 0))
        .map((rec) => ({
          id: rec.header.id,
          revision: rec.header.revision,
          stage: stageOf(rec.body),
          title: rec.body.template.title,
          interviewer: rec.body.content.meta.interviewer,
          date: rec.body.content.meta.date,
          caseId: rec.body.caseId,
          updatedAt: hlcToIso(rec.header.hlc)
        }));
    },

    get(id: string): Interview {
      return toInterview(head(id));
    },

    /** One earlier revision, read-only. */
    revision(id: string, revision: number): Interview {
      return toInterview(revisionOf(id, revision));
    },

    /**
     * The autosave: the whole content as the interviewer sees it, as a new sealed revision.
     * Content identical to the head writes nothing. Acknowledged = committed with synchronous=FULL.
     */
    save(id: string, baseRevision: number, content: InterviewContent): { revision: number; updatedAt: string } {
      const parsed = parse(InterviewContent, content, 'interview content');
      const current = head(id);
      const known = new Set(current.body.template.questions.map((q) => q.id));
      if (Object.keys(parsed.answers).some((k) => !known.has(k))) throw new AppError('ipc/invalid-request', 'answer to an unknown question');
      if (current.header.revision === baseRevision && sameContent(current.body.content, parsed)) {
        return { revision: current.header.revision, updatedAt: hlcToIso(current.header.hlc) };
      }
      const { header } = write(current, baseRevision, { ...current.body, content: parsed });
      return { revision: header.revision, updatedAt: hlcToIso(header.hlc) };
    },

    /** Sign-off by the interviewer: names the revision it covers. Again after later edits, to cover them. */
    finalise(id: string, baseRevision: number, by: string): Interview {
      const current = head(id);
      const signedBy = by.trim();
      if (!signedBy) throw new AppError('ipc/invalid-request', 'the sign-off needs a name');
      const body: InterviewBody = { ...current.body, signOff: { by: signedBy.slice(0, 120), at: new Date().toISOString(), revision: baseRevision + 1 } };
      return toInterview(write(current, baseRevision, body));
    },

    /** Attaches the interview to an existing case (or moves it to another one; history keeps the old link). */
    link(id: string, baseRevision: number, caseId: string): Interview {
      cases.get(caseId);
      const current = head(id);
      return toInterview(write(current, baseRevision, { ...current.body, caseId }));
    },

    /** Creates a case from the interview (pseudonym and a short summary) and links the two. */
    createCase(id: string, baseRevision: number, pseudonym: string, summary: string): { interview: Interview; caseId: string } {
      const current = head(id);
      if (current.header.revision !== baseRevision) {
        throw new AppError('record/conflict', 'the interview changed since it was read', { id, headRevision: current.header.revision });
      }
      return store.transaction(() => {
        // Only the three core fields; the case files give every other field its default.
        const created = cases.create({ pseudonym, status: 'open', summary });
        const interview = toInterview(write(current, baseRevision, { ...current.body, caseId: created.id }));
        return { interview, caseId: created.id };
      });
    },

    remove(id: string, baseRevision: number): void {
      head(id);
      store.remove(id, baseRevision);
      index.remove(id);
    },

    history(id: string): InterviewRevision[] {
      const revisions = store.history<InterviewBody>(id);
      if (revisions.length === 0 || revisions[0]!.header.kind !== INTERVIEW_KIND) throw new AppError('record/not-found', 'no such interview', { id });
      return revisions
        .filter((r): r is StoredRecord<InterviewBody> => r.body !== null)
        .map(({ header, body }) => ({
          revision: header.revision,
          updatedAt: hlcToIso(header.hlc),
          stage: stageOf(body),
          signedOff: body.signOff?.revision === header.revision,
          chars: charsOf(body.content)
        }));
    },

    /** Field-by-field differences from revision `from` to revision `to` (only fields that changed). */
    diff(id: string, from: number, to: number): FieldDiff[] {
      const a = revisionOf(id, from).body;
      const b = revisionOf(id, to).body;
      const out: FieldDiff[] = [];
      const add = (field: string, label: string, x: string, y: string) => {
        if (x !== y) out.push({ field, label, parts: diffText(x, y) });
      };
      const ma = a.content.meta;
      const mb = b.content.meta;
      add('meta.interviewer', 'interviewer', ma.interviewer, mb.interviewer);
      add('meta.date', 'date', ma.date, mb.date);
      add('meta.placeType', 'placeType', ma.placeType, mb.placeType);
      add('meta.languages', 'languages', ma.languages.join(', '), mb.languages.join(', '));
      add('meta.interpreter', 'interpreter', ma.interpreter ?? '', mb.interpreter ?? '');
      add('meta.othersPresent', 'othersPresent', ma.othersPresent, mb.othersPresent);
      for (const q of b.template.questions) add(`answers.${q.id}`, q.prompt, a.content.answers[q.id] ?? '', b.content.answers[q.id] ?? '');
      add('notes', 'notes', a.content.notes, b.content.notes);
      return out;
    },

    /** Case timeline entries (kind 'note'): when each linked interview took place, and its sign-off. */
    timeline(caseId: string): TimelineEntry[] {
      return store
        .list<InterviewBody>(INTERVIEW_KIND)
        .filter((r) => r.body.caseId === caseId)
        .flatMap((r) => {
          const title = titleOf(r.body);
          const entries: TimelineEntry[] = [{ recordId: r.header.id, caseId, kind: 'note', at: `${r.body.content.meta.date}T00:00:00.000Z`, title, action: 'interviewed' }];
          if (r.body.signOff) entries.push({ recordId: r.header.id, caseId, kind: 'note', at: r.body.signOff.at, title, action: 'finalised' });
          return entries;
        });
    },

    /** Raw body of a revision (head when omitted), for the story export. */
    body(id: string, revision?: number): { body: InterviewBody; headCaseId: string | null } {
      const current = head(id);
      const rec = revision === undefined || revision === current.header.revision ? current : revisionOf(id, revision);
      return { body: rec.body, headCaseId: current.body.caseId };
    },

    indexAll(): number {
      const all = store.list<InterviewBody>(INTERVIEW_KIND);
      for (const rec of all) indexInterview(rec.header.id, rec.body);
      return all.length;
    },

    /**
     * After sync changed records of one collection: reindexes the interview in it. False when
     * the collection holds no live interview (the caller then reloads everything).
     */
    reloadCollection(collection: string): boolean {
      const live = store.listInCollection<InterviewBody>(collection, INTERVIEW_KIND);
      for (const rec of live) indexInterview(rec.header.id, rec.body);
      return live.length > 0;
    }
  };
  return service;
}

export type InterviewService = ReturnType<typeof createInterviewService>;
