/**
 * Cases: the caseworker-facing verbs behind the cases:* channels. Each case is its own
 * collection with its own key (createCollection on create), so one case can later be shared
 * or crypto-shredded on its own. The search index is kept in step with every change.
 *
 * Body of a 'case' record: CaseFields plus `createdAt` (copied forward on each edit, so the
 * creation time survives without reading revision 1). `updatedAt` is the revision's HLC time.
 */
import { AppError } from '../../shared/errors';
import { CaseFields, type CaseRecord, type CaseRevision, type CaseSummary } from '../../shared/domain/case';
import type { RecordHeader } from '../../shared/records/header';
import { hlcToIso } from '../../shared/records/hlc';
import type { SealedStore, StoredRecord } from './sealed-store';
import type { SearchIndex } from './search-index';

export const CASE_KIND = 'case';

type CaseBody = CaseFields & { createdAt?: string };

function parseFields(fields: unknown): CaseFields {
  const parsed = CaseFields.safeParse(fields);
  if (!parsed.success) throw new AppError('ipc/invalid-request', 'invalid case fields');
  return parsed.data;
}

const pickFields = (b: CaseBody): CaseFields => ({ pseudonym: b.pseudonym, status: b.status, summary: b.summary });

function toRecord(rec: StoredRecord<CaseBody>): CaseRecord {
  const updatedAt = hlcToIso(rec.header.hlc);
  return { id: rec.header.id, revision: rec.header.revision, ...pickFields(rec.body), createdAt: rec.body.createdAt ?? updatedAt, updatedAt };
}

export function createCaseService(deps: { store: SealedStore; index: SearchIndex }) {
  const { store, index } = deps;

  const indexCase = (id: string, f: CaseFields) =>
    index.upsert({ id, kind: CASE_KIND, title: f.pseudonym, text: `${f.pseudonym}\n${f.summary}\n${f.status}` });

  function head(id: string): StoredRecord<CaseBody> {
    const rec = store.get<CaseBody>(id);
    if (!rec || rec.header.kind !== CASE_KIND) throw new AppError('record/not-found', 'no such case', { id });
    return rec;
  }

  function written(header: RecordHeader, body: CaseBody): CaseRecord {
    indexCase(header.id, body);
    return toRecord({ header, body });
  }

  return {
    /** Newest update first. */
    list(): CaseSummary[] {
      return store
        .list<CaseBody>(CASE_KIND)
        .sort((a, b) => (a.header.hlc < b.header.hlc ? 1 : a.header.hlc > b.header.hlc ? -1 : 0))
        .map((rec) => {
          const { id, revision, pseudonym, status, updatedAt } = toRecord(rec);
          return { id, revision, pseudonym, status, updatedAt };
        });
    },

    get(id: string): CaseRecord {
      return toRecord(head(id));
    },

    create(fields: CaseFields): CaseRecord {
      const body: CaseBody = parseFields(fields);
      const header = store.transaction(() => store.put({ kind: CASE_KIND, collection: store.createCollection(), body }));
      return written(header, body);
    },

    update(id: string, baseRevision: number, fields: CaseFields): CaseRecord {
      const current = head(id);
      const createdAt = current.body.createdAt ?? hlcToIso(current.header.hlc);
      const body: CaseBody = { ...parseFields(fields), createdAt };
      const header = store.put({ id, kind: CASE_KIND, collection: current.header.collection, body, baseRevision });
      return written(header, body);
    },

    remove(id: string, baseRevision: number): void {
      head(id);
      store.remove(id, baseRevision);
      index.remove(id);
    },

    /** Every revision, newest first; a deleted case still has its history (fields null at the tombstone). */
    history(id: string): CaseRevision[] {
      const revisions = store.history<CaseBody>(id);
      if (revisions.length === 0 || revisions[0]!.header.kind !== CASE_KIND) throw new AppError('record/not-found', 'no such case', { id });
      return revisions.map(({ header, body }) => ({
        revision: header.revision,
        updatedAt: hlcToIso(header.hlc),
        deleted: header.deleted,
        fields: body === null ? null : pickFields(body)
      }));
    },

    /** Adds every live case to the search index (after unlock). Returns how many. */
    indexAll(): number {
      const cases = store.list<CaseBody>(CASE_KIND);
      for (const rec of cases) indexCase(rec.header.id, rec.body);
      return cases.length;
    }
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
