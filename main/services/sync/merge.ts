/**
 * The state of a record seen from every revision of it that people wrote (docs/sync.md,
 * "Conflicts"). Pure: no I/O, no keys — the engine opens the revisions and writes the result.
 *
 * Each revision says which top-level fields it changed and, for each, the stamp of the value it
 * replaced (`changes[field] = previous source HLC`, '' for none). Then, per field:
 * - the value comes from the latest revision (HLC) that changed it: last writer wins, per field;
 * - two revisions that changed the same field without either having seen the other's value
 *   (their (previous, own] stamp intervals overlap) are concurrent; for long free text (a string
 *   over LONG_TEXT_CHARS on either side) that is a conflict: the later one is shown, both are
 *   kept, and the person chooses.
 * A record is deleted when its latest revision is a tombstone: a delete beats an edit only when
 * it is later, and a later edit brings the record back.
 *
 * The result depends only on the SET of revisions, never on the order they arrived in or on the
 * device computing it, so every device converges on the same record without exchanging merges.
 */

/** Free text longer than this (characters, on either side) is never overwritten silently. */
export const LONG_TEXT_CHARS = 200;

export type FoldRevision = {
  hlc: string;
  deleted: boolean;
  body: Record<string, unknown> | null;
  /** Field → stamp of the value this revision replaced ('' when there was none). */
  changes: Record<string, string>;
};

export type FieldConflict = { field: string; winner: string; loser: string };

export type FoldResult = {
  deleted: boolean;
  body: Record<string, unknown> | null;
  /** Field → stamp of the revision its value comes from (a local edit's "previous"). */
  sources: Record<string, string>;
  conflicts: FieldConflict[];
};

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Structural equality of JSON values (key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

const isLongText = (a: unknown, b: unknown) => (typeof a === 'string' && a.length > LONG_TEXT_CHARS) || (typeof b === 'string' && b.length > LONG_TEXT_CHARS);

/** What a new revision changed, compared with the state it was written on. */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null, sources: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const b = before ?? {};
  const a = after ?? {};
  for (const k of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (!jsonEqual(b[k], a[k])) out[k] = sources[k] ?? '';
  }
  return out;
}

export function foldRevisions(revisions: readonly FoldRevision[]): FoldResult {
  if (revisions.length === 0) throw new RangeError('a record has at least one revision');
  const sorted = [...revisions].sort((x, y) => (x.hlc < y.hlc ? -1 : x.hlc > y.hlc ? 1 : 0));
  const latest = sorted[sorted.length - 1]!;
  const byField = new Map<string, FoldRevision[]>();
  for (const r of sorted) {
    if (r.deleted || !r.body) continue;
    for (const f of Object.keys(r.changes)) {
      const list = byField.get(f) ?? [];
      list.push(r);
      byField.set(f, list);
    }
  }
  const body: Record<string, unknown> = {};
  const sources: Record<string, string> = {};
  const conflicts: FieldConflict[] = [];
  for (const f of [...byField.keys()].sort()) {
    const list = byField.get(f)!;
    const winner = list[list.length - 1]!;
    const value = winner.body![f];
    if (value !== undefined) body[f] = value;
    sources[f] = winner.hlc;
    for (const other of list) {
      if (other === winner || jsonEqual(other.body![f], value)) continue;
      const concurrent = other.changes[f]! < winner.hlc && winner.changes[f]! < other.hlc;
      if (concurrent && isLongText(other.body![f], value)) conflicts.push({ field: f, winner: winner.hlc, loser: other.hlc });
    }
  }
  if (latest.deleted) return { deleted: true, body: null, sources, conflicts: [] };
  return { deleted: false, body, sources, conflicts };
}
