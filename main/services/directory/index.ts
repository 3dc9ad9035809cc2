/**
 * The directory of help services (docs/directory.md): organisation-level data, one sealed
 * 'directory-entry' record per service, all in one collection of the organisation (created by
 * the first write, found again through any existing entry). Entries hold no case data. Every
 * write goes through the sealed store, so entries are encrypted at rest and sync like any
 * other record.
 *
 * Sources: 'private' entries are the organisation's own and editable; 'network' entries (the
 * network's signed directory, docs/network.md) come from `networkEntries` and are read-only here.
 */
import { AppError } from '../../../shared/errors';
import { DEMO_ENTRIES } from '../../../shared/domain/directory/demo';
import { compareEntries, facets, filterEntries } from '../../../shared/domain/directory/filter';
import {
  DirectoryFields,
  duplicateKey,
  type DirectoryEntry,
  type DirectoryFieldsInput,
  type DirectoryFilter,
  type DirectorySource,
  type ImportFormat,
  type ImportReport
} from '../../../shared/domain/directory/schemas';
import type { SealedStore, StoredRecord } from '../sealed-store';
import { exportFile, parseFile, validateRow } from './transfer';

export const DIRECTORY_KIND = 'directory-entry';

type EntryBody = DirectoryFields & {
  source: DirectorySource;
  network?: DirectoryEntry['network'];
  updatedAt: string;
};

const toEntry = (rec: StoredRecord<EntryBody>): DirectoryEntry => {
  const { source, network, updatedAt, ...fields } = rec.body;
  return { ...fields, id: rec.header.id, revision: rec.header.revision, source, ...(network ? { network } : {}), updatedAt };
};

export function createDirectoryService(deps: { store: SealedStore; now?: () => number; networkEntries?: () => DirectoryEntry[] }) {
  const { store } = deps;
  const now = () => new Date((deps.now ?? Date.now)()).toISOString();

  const records = () => store.list<EntryBody>(DIRECTORY_KIND);
  const entries = () => [...records().map(toEntry), ...(deps.networkEntries?.() ?? [])].sort(compareEntries);
  const collection = () => records()[0]?.header.collection ?? store.createCollection();

  function own(id: string): StoredRecord<EntryBody> {
    const rec = store.get<EntryBody>(id);
    if (!rec && deps.networkEntries?.().some((e) => e.id === id)) throw new AppError('directory/read-only', 'network entries are read-only', { id });
    if (!rec || rec.header.kind !== DIRECTORY_KIND) throw new AppError('record/not-found', 'no such directory entry', { id });
    if (rec.body.source !== 'private') throw new AppError('directory/read-only', 'network entries are read-only', { id });
    return rec;
  }

  function checkUnique(fields: DirectoryFields, exceptId?: string): void {
    const key = duplicateKey(fields);
    const clash = records().find((r) => r.header.id !== exceptId && duplicateKey(r.body) === key);
    if (clash) throw new AppError('directory/duplicate', 'an entry with the same name, city and type exists', { id: clash.header.id });
  }

  function insert(fields: DirectoryFields, coll: string): DirectoryEntry {
    const body: EntryBody = { ...fields, source: 'private', updatedAt: now() };
    const header = store.put({ kind: DIRECTORY_KIND, collection: coll, body });
    return toEntry({ header, body });
  }

  return {
    list: entries,

    search(filter: DirectoryFilter) {
      const all = entries();
      return { entries: filterEntries(all, filter), total: all.length, ...facets(all) };
    },

    add(input: DirectoryFieldsInput): DirectoryEntry {
      const fields = DirectoryFields.parse(input);
      return store.transaction(() => {
        checkUnique(fields);
        return insert(fields, collection());
      });
    },

    update(id: string, baseRevision: number, input: DirectoryFieldsInput): DirectoryEntry {
      const fields = DirectoryFields.parse(input);
      return store.transaction(() => {
        const rec = own(id);
        checkUnique(fields, id);
        const body: EntryBody = { ...fields, source: 'private', updatedAt: now() };
        const header = store.put({ id, kind: DIRECTORY_KIND, collection: rec.header.collection, body, baseRevision });
        return toEntry({ header, body });
      });
    },

    remove(id: string, baseRevision: number): void {
      own(id);
      store.remove(id, baseRevision);
    },

    /** The fictional demo directory; entries already present (same name, city, type) are skipped. */
    loadDemo(): { added: number } {
      return store.transaction(() => {
        const keys = new Set(records().map((r) => duplicateKey(r.body)));
        const coll = collection();
        let added = 0;
        for (const demo of DEMO_ENTRIES) {
          const fields = DirectoryFields.parse(demo);
          if (keys.has(duplicateKey(fields))) continue;
          insert(fields, coll);
          keys.add(duplicateKey(fields));
          added++;
        }
        return { added };
      });
    },

    removeDemo(): { removed: number } {
      return store.transaction(() => {
        const demos = records().filter((r) => r.body.demo && r.body.source === 'private');
        for (const r of demos) store.remove(r.header.id, r.header.revision);
        return { removed: demos.length };
      });
    },

    /**
     * Imports every valid, new row in one transaction. Rows that repeat an entry already in the
     * directory, or an earlier row of the same file, are reported as duplicates; invalid rows
     * are reported with each refused field. Nothing else is skipped.
     */
    importFile(format: ImportFormat, content: string): ImportReport {
      const rows = parseFile(format, content);
      return store.transaction(() => {
        const existing = new Set(records().map((r) => duplicateKey(r.body)));
        const inFile = new Set<string>();
        const report: ImportReport = { rows: rows.length, added: 0, duplicates: [], rejected: [] };
        let coll: string | null = null;
        for (const raw of rows) {
          const result = validateRow(raw);
          if (!result.ok) {
            report.rejected.push(...result.rejected);
            continue;
          }
          const { fields } = result;
          const key = duplicateKey(fields);
          const of = existing.has(key) ? 'existing' : inFile.has(key) ? 'file' : null;
          if (of) {
            report.duplicates.push({ row: raw.row, name: fields.name, city: fields.city, type: fields.type, of });
            continue;
          }
          coll ??= collection();
          insert(fields, coll);
          inFile.add(key);
          report.added++;
        }
        return report;
      });
    },

    /** The organisation's own entries (demo ones included, marked), never network entries or case data. */
    exportFile(format: ImportFormat) {
      return exportFile(
        format,
        entries().filter((e) => e.source === 'private'),
        now()
      );
    }
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
