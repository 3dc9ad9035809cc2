// The case service over a real store and index: what the cases:* and search:query channels serve.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/connection';
import { createCaseService } from '../../main/services/cases';
import { initCrypto, randomId, randomKey } from '../../main/services/crypto';
import { createSealedStore, type SealedStore } from '../../main/services/sealed-store';
import { createSearchIndex } from '../../main/services/search-index';
import { CaseRecord, CaseRevision, CaseSummary, type CaseFieldsInput as CaseFields } from '../../shared/domain/case';
import { AppError } from '../../shared/errors';

let dir: string;
let masterKey: Uint8Array;
const opened: Array<{ db: Database.Database; store: SealedStore }> = [];

function unlock(now?: () => number) {
  const db = openDatabase(join(dir, 'anxin.db'));
  const store = createSealedStore({ db, masterKey, now });
  const index = createSearchIndex();
  opened.push({ db, store });
  return { db, store, index, cases: createCaseService({ store, index, ...(now ? { now } : {}) }) };
}
function lockAll() {
  for (const o of opened.splice(0)) {
    o.store.close();
    o.db.close();
  }
}
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

const fields = (pseudonym: string, summary = '', status: CaseFields['status'] = 'open'): CaseFields => ({ pseudonym, status, summary });

beforeAll(async () => {
  await initCrypto();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'anxin-cases-'));
  masterKey = randomKey();
});
afterEach(() => {
  lockAll();
  rmSync(dir, { recursive: true, force: true });
});

describe('case service', () => {
  it('creates, reads and updates cases; values match the IPC schemas', () => {
    let t = Date.UTC(2025, 2, 1, 9);
    const { cases } = unlock(() => t);
    const created = cases.create(fields('小雨', '她说家暴持续了三年'));
    expect(CaseRecord.parse(created)).toEqual(created);
    expect(created).toMatchObject({ revision: 1, pseudonym: '小雨', status: 'open', createdAt: '2025-03-01T09:00:00.000Z' });
    expect(created.updatedAt).toBe(created.createdAt);
    expect(cases.get(created.id)).toEqual(created);

    t += 60_000;
    const updated = cases.update(created.id, 1, fields('小雨', '已搬到庇护所', 'active'));
    expect(updated).toMatchObject({ id: created.id, revision: 2, status: 'active', createdAt: created.createdAt, updatedAt: '2025-03-01T09:01:00.000Z' });
    t += 60_000;
    const third = cases.update(created.id, 2, fields('Xiaoyu', '已搬到庇护所', 'active'));
    expect(third.createdAt).toBe(created.createdAt);
    expect(cases.get(created.id)).toEqual(third);
  });

  it('lists newest update first', () => {
    let t = Date.UTC(2025, 0, 1);
    const { cases } = unlock(() => (t += 1000));
    const a = cases.create(fields('A'));
    const b = cases.create(fields('B'));
    const c = cases.create(fields('C'));
    cases.update(a.id, 1, fields('A', 'edited'));
    const list = cases.list();
    expect(list.map((s) => s.pseudonym)).toEqual(['A', 'C', 'B']);
    for (const s of list) expect(CaseSummary.parse(s)).toEqual(s);
    expect(list[0]).toMatchObject({ id: a.id, revision: 2 });
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
  });

  it('puts each case in its own collection', () => {
    const { cases, store } = unlock();
    const a = cases.create(fields('A'));
    const b = cases.create(fields('B'));
    expect(store.get(a.id)!.header.collection).not.toBe(store.get(b.id)!.header.collection);
  });

  it('refuses stale edits, unknown ids, other kinds and invalid fields', () => {
    const { cases, store } = unlock();
    const a = cases.create(fields('A'));
    cases.update(a.id, 1, fields('A', 'one'));
    expect(codeOf(() => cases.update(a.id, 1, fields('A', 'two')))).toBe('record/conflict');
    expect(codeOf(() => cases.remove(a.id, 1))).toBe('record/conflict');
    expect(cases.get(a.id).summary).toBe('one');
    const missing = randomId();
    expect(codeOf(() => cases.get(missing))).toBe('record/not-found');
    expect(codeOf(() => cases.update(missing, 1, fields('X')))).toBe('record/not-found');
    expect(codeOf(() => cases.remove(missing, 1))).toBe('record/not-found');
    expect(codeOf(() => cases.history(missing))).toBe('record/not-found');
    const note = store.put({ kind: 'note', collection: store.createCollection(), body: { text: 'n' } });
    expect(codeOf(() => cases.get(note.id))).toBe('record/not-found');
    expect(codeOf(() => cases.history(note.id))).toBe('record/not-found');
    expect(codeOf(() => cases.create({ pseudonym: '  ', status: 'open', summary: '' }))).toBe('ipc/invalid-request');
    expect(codeOf(() => cases.create({ pseudonym: 'x', status: 'lost', summary: '' } as unknown as CaseFields))).toBe('ipc/invalid-request');
    expect(cases.list()).toHaveLength(1);
  });

  // Since case files (issue 3) a delete is crypto-shredding: the history goes with the key
  // (tests/integration/case-files-shredding.test.ts has the details).
  it('keeps the history of edits; deleting shreds the case and its history', () => {
    const { cases } = unlock();
    const a = cases.create(fields('A', 'first'));
    expect(codeOf(() => cases.update(a.id, 1, fields('A', 'second', 'closed')))).toBe('case/closure-required');
    cases.update(a.id, 1, { ...fields('A', 'second', 'closed'), closure: { reason: 'goals-met', note: '' } });
    const history = cases.history(a.id);
    for (const h of history) expect(CaseRevision.parse(h)).toEqual(h);
    expect(history.map((h) => [h.revision, h.deleted, h.fields?.summary ?? null])).toEqual([
      [2, false, 'second'],
      [1, false, 'first']
    ]);
    cases.remove(a.id, 2);
    expect(codeOf(() => cases.get(a.id))).toBe('record/not-found');
    expect(cases.list()).toEqual([]);
    expect(codeOf(() => cases.update(a.id, 3, fields('A')))).toBe('record/not-found');
    expect(codeOf(() => cases.history(a.id))).toBe('record/not-found');
  });

  it('keeps the search index in step with create, update and delete', () => {
    const { cases, index } = unlock();
    const a = cases.create(fields('Hélène', 'Réfugiée à Montréal'));
    const b = cases.create(fields('小雨', '她说家暴持续了三年'));
    expect(index.search('家暴').map((h) => h.id)).toEqual([b.id]);
    expect(index.search('helene')).toEqual([expect.objectContaining({ id: a.id, kind: 'case', title: 'Hélène' })]);
    expect(index.search('open').map((h) => h.id).sort()).toEqual([a.id, b.id].sort()); // status is searchable
    cases.update(b.id, 1, fields('小雨', '已经安全了'));
    expect(index.search('家暴')).toEqual([]);
    expect(index.search('安全').map((h) => h.id)).toEqual([b.id]);
    cases.remove(a.id, 1);
    expect(index.search('montreal')).toEqual([]);
    expect(index.size()).toBe(1);
  });

  it('rebuilds the index from the store after a restart (indexAll)', () => {
    const first = unlock();
    first.cases.create(fields('Mei', '法院 hearing 2024'));
    first.cases.create(fields('Anna', 'court date'));
    const gone = first.cases.create(fields('Gone', 'hearing'));
    first.cases.remove(gone.id, 1);
    lockAll();
    const second = unlock();
    expect(second.index.size()).toBe(0);
    expect(second.cases.indexAll()).toBe(2);
    expect(second.index.search('法院 hear').map((h) => h.title)).toEqual(['Mei']);
    expect(second.index.search('gone')).toEqual([]);
    second.index.clear();
    expect(second.index.search('mei')).toEqual([]);
  });
});
