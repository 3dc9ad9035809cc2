/** What every case-files service is built from (passed in; no globals). */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { hlcToIso } from '../../../shared/records/hlc';
import type { RecordHeader } from '../../../shared/records/header';
import type { SealedStore, StoredRecord } from '../sealed-store';
import type { CaseRegistry } from './registry';

export type Actor = { name: string; device: string };

export type CaseFileDeps = {
  db: Database;
  store: SealedStore;
  registry: CaseRegistry;
  /** The unlocked profile (display name) and this device. */
  actor: Actor;
  /** Milliseconds since the epoch (tests inject a clock). */
  now: () => number;
};

/** A record body of this feature carries its creation time, copied forward on each edit. */
export type WithCreated = { createdAt: string };

export const updatedAtOf = (h: RecordHeader) => hlcToIso(h.hlc);

/** The device-local calendar date of `ms` as YYYY-MM-DD. */
export function localDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Head of a record of `kind` that belongs to the case; record/not-found otherwise (also for another case's record). */
export function recordInCase<T>(deps: Pick<CaseFileDeps, 'store' | 'registry'>, caseId: string, id: string, kind: string): StoredRecord<T> {
  const c = deps.registry.get(caseId);
  const rec = deps.store.get<T>(id);
  if (!rec || rec.header.kind !== kind || rec.header.collection !== c.collection) {
    throw new AppError('record/not-found', `no such ${kind} in this case`, { id });
  }
  return rec;
}

/**
 * Creates (id undefined or baseRevision 0) or updates a record of the case; keeps createdAt.
 * Returns the stored record as written.
 */
export function saveInCase<T extends object>(
  deps: Pick<CaseFileDeps, 'store' | 'registry' | 'now'>,
  caseId: string,
  kind: string,
  id: string | undefined,
  baseRevision: number,
  fields: T
): StoredRecord<T & WithCreated> {
  const c = deps.registry.get(caseId);
  if (id === undefined || baseRevision === 0) {
    if (id !== undefined && deps.store.get(id)) throw new AppError('record/conflict', 'a record with this id exists', { id });
    const body = { ...fields, createdAt: new Date(deps.now()).toISOString() };
    const header = deps.store.put({ ...(id ? { id } : {}), kind, collection: c.collection, body });
    return { header, body };
  }
  const current = recordInCase<WithCreated>(deps, caseId, id, kind);
  const body = { ...fields, createdAt: current.body.createdAt };
  const header = deps.store.put({ id, kind, collection: c.collection, body, baseRevision });
  return { header, body };
}
