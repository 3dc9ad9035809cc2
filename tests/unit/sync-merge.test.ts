/** Pure merge rules of main/services/sync/merge.ts: per-field HLC, long text, deletes, order independence. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LONG_TEXT_CHARS, changedFields, foldRevisions, jsonEqual, type FoldRevision } from '../../main/services/sync/merge';

const t = (ms: number, dev = 'aaaaaaaaaaaaaaaa') => `${String(1_700_000_000_000 + ms).padStart(13, '0')}-00000-${dev}`;
const long = (c: string) => c.repeat(LONG_TEXT_CHARS + 1);
const rev = (hlc: string, body: Record<string, unknown> | null, changes: Record<string, string>): FoldRevision => ({ hlc, deleted: body === null, body, changes });

const base = { pseudonym: 'Li', status: 'open', summary: 'short' };
const created = rev(t(0), base, { pseudonym: '', status: '', summary: '' });

describe('foldRevisions', () => {
  it('keeps a field changed on one side and another changed on the other side', () => {
    const a = rev(t(10, 'a'.repeat(16)), { ...base, status: 'active' }, { status: t(0) });
    const b = rev(t(20, 'b'.repeat(16)), { ...base, pseudonym: 'Wang' }, { pseudonym: t(0) });
    const r = foldRevisions([created, a, b]);
    expect(r.body).toEqual({ pseudonym: 'Wang', status: 'active', summary: 'short' });
    expect(r.conflicts).toEqual([]);
    expect(r.sources).toEqual({ pseudonym: b.hlc, status: a.hlc, summary: created.hlc });
  });

  it('the later writer wins a structured field changed on both sides, without a conflict', () => {
    const a = rev(t(30), { ...base, status: 'closed' }, { status: t(0) });
    const b = rev(t(20, 'b'.repeat(16)), { ...base, status: 'active' }, { status: t(0) });
    expect(foldRevisions([created, a, b]).body).toEqual({ ...base, status: 'closed' });
    expect(foldRevisions([created, a, b]).conflicts).toEqual([]);
  });

  it('concurrent long text is a conflict (later shown); a resolution that saw both ends it; a later edit that saw one is not concurrent', () => {
    const a = rev(t(10), { ...base, summary: long('a') }, { summary: t(0) });
    const b = rev(t(20, 'b'.repeat(16)), { ...base, summary: long('b') }, { summary: t(0) });
    const r = foldRevisions([created, a, b]);
    expect(r.body?.summary).toBe(long('b'));
    expect(r.conflicts).toEqual([{ field: 'summary', winner: b.hlc, loser: a.hlc }]);
    const resolved = rev(t(40), { ...base, summary: long('a') }, { summary: b.hlc });
    const after = foldRevisions([created, a, b, resolved]);
    expect(after.body?.summary).toBe(long('a'));
    expect(after.conflicts).toEqual([]);
    // Short text on both sides: last writer wins, no question.
    const sa = rev(t(10), { ...base, summary: 'x' }, { summary: t(0) });
    const sb = rev(t(20, 'b'.repeat(16)), { ...base, summary: 'y' }, { summary: t(0) });
    expect(foldRevisions([created, sa, sb]).conflicts).toEqual([]);
  });

  it('a delete beats an edit only when later; a later edit brings the record back', () => {
    const edit = rev(t(10), { ...base, status: 'active' }, { status: t(0) });
    const del = rev(t(20, 'b'.repeat(16)), null, {});
    expect(foldRevisions([created, edit, del])).toMatchObject({ deleted: true, body: null });
    const earlyDel = rev(t(5, 'b'.repeat(16)), null, {});
    expect(foldRevisions([created, earlyDel, edit])).toMatchObject({ deleted: false, body: { ...base, status: 'active' } });
  });

  it('changedFields lists changed, added and removed fields with the stamp of the value replaced', () => {
    expect(changedFields({ a: 1, b: 2 }, { a: 1, c: 3 }, { a: 'x', b: 'y' })).toEqual({ b: 'y', c: '' });
    expect(changedFields(null, { a: 1 }, {})).toEqual({ a: '' });
  });

  it('gives the same record whatever the order the revisions arrive in', () => {
    const devs = ['a'.repeat(16), 'b'.repeat(16), 'c'.repeat(16)];
    const value = fc.constantFrom('x', 'y', long('p'), long('q'), 1, 2);
    const edit = fc.record({ ms: fc.integer({ min: 1, max: 50 }), dev: fc.constantFrom(...devs), del: fc.boolean(), fields: fc.dictionary(fc.constantFrom('a', 'b', 'c'), value), prev: fc.integer({ min: 0, max: 50 }) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 1000 }), (edits, seed) => {
        const revs = [rev(t(0), { a: 'x', b: 'x', c: 'x' }, { a: '', b: '', c: '' })];
        for (const e of edits) {
          const changes = Object.fromEntries(Object.keys(e.fields).map((k) => [k, t(Math.min(e.prev, e.ms - 1))]));
          revs.push(rev(t(e.ms, e.dev), e.del ? null : { a: 'x', b: 'x', c: 'x', ...e.fields }, e.del ? {} : changes));
        }
        const unique = [...new Map(revs.map((r) => [r.hlc, r])).values()];
        const shuffled = [...unique].sort((x, y) => ((x.hlc.charCodeAt(15) * 31 + seed) % 7) - ((y.hlc.charCodeAt(15) * 31 + seed) % 7));
        const one = foldRevisions(unique);
        const two = foldRevisions(shuffled);
        expect(one.deleted).toBe(two.deleted);
        expect(jsonEqual(one.body, two.body)).toBe(true);
        expect(one.conflicts).toEqual(two.conflicts);
      }),
      { numRuns: 300 }
    );
  });
});
