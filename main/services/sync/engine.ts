/**
 * The sync engine: drains the outbox to the relay and applies what the relay holds, in the
 * background, with exponential backoff (docs/sync.md).
 *
 * - Push: outbox rows (references to sealed rows) → envelopes → one upload per batch; a batch
 *   leaves the outbox only after the relay acknowledged it, in one transaction. A crash between
 *   the two re-sends byte-identical envelopes, which the relay answers `duplicate`.
 * - Pull: pages after the saved cursor; a whole page is opened and applied in ONE transaction
 *   with the cursor move, so a crash re-applies nothing twice and skips nothing. Anything that
 *   does not authenticate is counted and skipped, never applied: an envelope is authenticated
 *   before anything of it is written, and a record that fails while being applied rolls the
 *   page back, which is then re-applied with a savepoint per envelope (only that one is lost).
 * - A relay whose head fell below our cursor, or whose storage generation changed, lost or rolled
 *   back data: everything this device holds is queued again and the mailbox re-read from 0.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { ORG_MAILBOX, PullResponse, UploadResponse, envelopesPath, pullPath } from '../../../shared/relay/protocol';
import type { SyncStatus } from '../../../shared/domain/sync/sync';
import * as crypto from '../crypto';
import type { SealedStore, WriteEvent } from '../sealed-store';
import { openEnvelope, sealEnvelope, type Inner } from './envelope';
import { changedFields, foldRevisions, jsonEqual, type FoldRevision } from './merge';
import { RelayError, toAppError, type RelayClient, type Signer } from './relay-client';
import type { OutboxItemKind, SyncState } from './state';

/** Base64 without libsodium's round trip through WebAssembly (hot: every envelope and row). */
const b64 = (u: Uint8Array): string => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');
/** Strict: only canonical, padded base64 decodes (as libsodium's ORIGINAL variant). */
function unb64(text: string): Uint8Array {
  if (typeof text !== 'string') throw new AppError('sync/bad-envelope', 'expected base64');
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') !== text) throw new AppError('sync/bad-envelope', 'malformed base64');
  return new Uint8Array(buf);
}

/** A page failed part-way in the fast path: roll the page back and apply it envelope by envelope. */
class SlowPath extends Error {}

/** Upload bodies stay well under the relay's 1 MiB limit. */
export const MAX_BATCH_BYTES = 700 * 1024;
const PULL_LIMIT = 500;

export type EngineDeps = {
  db: Database;
  store: SealedStore;
  state: SyncState;
  relay: () => RelayClient;
  signer: () => Signer;
  orgId: () => string;
  now: () => number;
  /**
   * After remote changes were applied, with the collections they touched, so that the caller
   * can refresh just those (the caseload, the search index) instead of everything.
   */
  onApplied: (collections: ReadonlySet<string>) => void;
  /** Extra work per cycle (the device mailbox: key grants). */
  beforePull?: () => Promise<void>;
};

export function createEngine(d: EngineDeps) {
  const { db, store, state } = d;
  /** Collections touched by the envelopes applied in the current pull. */
  let touched = new Set<string>();
  const tx = <R>(fn: () => R): R => store.transaction(fn);
  let applying = false;
  let merging = false;
  /**
   * Envelopes this device uploaded and the relay acknowledged in this session: reading them back
   * would only find rows it already holds (a `duplicate`), so the pull skips them without opening
   * them twice. Skipping never applies anything: at worst (a relay lying about an id) something is
   * not applied, which a relay can always cause by withholding it. `ackedSeq` (seq → id) lets the
   * pull step over a run of its own envelopes right after the cursor without downloading them;
   * the envelope at the new cursor is still re-read and compared on the next page (reuse check).
   */
  const acked = new Set<string>();
  const ackedSeq = new Map<number, string>();
  const MAX_ACKED = 200_000;

  /** Called by the sealed store's write hook inside every write transaction. */
  function onWrite(e: WriteEvent): void {
    if (!state.get('org_id')) return; // not in an organisation yet: joining queues everything
    if (merging) return; // a local merge revision: every device computes it, it never travels
    if (e.item === 'record' && e.origin === 'local') {
      // What this edit changed, against the state it was written on (the previous revision).
      const before = e.revision > 1 ? store.openRevision<Record<string, unknown>>(e.id, e.revision - 1) : null;
      const view = viewOf(e.id, e.revision - 1);
      const changes = changedFields(before?.body ?? null, e.deleted ? null : (e.body as Record<string, unknown>), view);
      state.putChanges(e.id, e.hlc, changes);
      if (!e.deleted) state.putView(e.id, { ...view, ...Object.fromEntries(Object.keys(changes).map((f) => [f, e.hlc])) });
    }
    if (applying && e.origin === 'import') return; // arrived from the relay: already there
    state.enqueue(e.item, e.id, e.item === 'record' ? e.revision : 0);
  }

  /** Where each field's current value comes from; derived from the head when never stored. */
  function viewOf(id: string, headRevision: number): Record<string, string> {
    const stored = state.view(id);
    if (Object.keys(stored).length > 0 || headRevision < 1) return stored;
    // Never stored (a record that arrived new, or was written before joining): every field of the
    // head comes from the head, or from the revision that last changed it in this linear history.
    const view: Record<string, string> = {};
    for (let rev = headRevision; rev >= 1; rev--) {
      const r = store.openRevision<Record<string, unknown>>(id, rev);
      if (!r) break;
      const changes = state.changes(id, r.header.hlc) ?? derivedChanges(id, rev, r.body);
      for (const f of Object.keys(changes)) if (!(f in view)) view[f] = r.header.hlc;
      if (rev === 1 || Object.keys(view).length >= Object.keys(r.body ?? {}).length) break;
    }
    return view;
  }

  /** Changes of a revision written before this device recorded them (e.g. before joining). */
  function derivedChanges(id: string, revision: number, body: Record<string, unknown> | null): Record<string, string> {
    const before = revision > 1 ? store.openRevision<Record<string, unknown>>(id, revision - 1) : null;
    const prevStamp = before?.header.hlc ?? '';
    const changes = changedFields(before?.body ?? null, body, {});
    for (const f of Object.keys(changes)) changes[f] = prevStamp;
    return changes;
  }

  function innerFor(item: OutboxItemKind, id: string, rev: number, hlc: string): Inner | null {
    try {
      if (item === 'chunk') {
        const chunk = db.prepare<[string, number], { collection: string; data: Uint8Array }>('SELECT collection, data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?').get(id, rev);
        if (!chunk) return null; // an upload that was aborted, or a case shredded since
        return { t: 'chunk', a: id, s: rev, col: chunk.collection, d: b64(chunk.data) };
      }
      if (item === 'collection') {
        const w = store.keyring.collectionWrap(id);
        return { t: 'collection', id, k: w.keyId, n: b64(w.nonce), w: b64(w.wrapped) };
      }
      const row = item === 'sibling' ? store.exportSibling(id, rev, hlc) : store.exportSealed(id, rev);
      if (!row) return null;
      let changes = state.changes(id, row.header.hlc);
      if (!changes) {
        const opened = store.openRevision<Record<string, unknown>>(id, rev);
        changes = derivedChanges(id, rev, opened?.body ?? null);
        state.putChanges(id, row.header.hlc, changes);
      }
      return { t: 'record', h: row.header, n: b64(row.nonce), c: b64(row.ciphertext), f: changes };
    } catch (e) {
      if (e instanceof AppError && e.code === 'record/not-found') return null; // destroyed since (crypto-shredded case)
      throw e;
    }
  }

  /** Pushes the whole outbox. Returns how many envelopes the relay acknowledged. */
  async function push(): Promise<number> {
    let sent = 0;
    const orgId = d.orgId();
    let limit: number | null = null;
    for (;;) {
      if (state.pending() === 0) return sent;
      limit ??= await d.relay().uploadLimit();
      const items = state.peekOutbox(limit);
      if (items.length === 0) return sent;
      const { id: keyId, key } = store.keyring.currentOrgKey();
      const envelopes: Array<{ v: 1; id: string; payload: string }> = [];
      const done: number[] = [];
      let bytes = 0;
      let waiting = false;
      for (const it of items) {
        // A chunk leaves only once its attachment's sealed metadata exists (upload finished), so
        // a receiving device never holds chunks it would take for an abandoned upload.
        if (it.item === 'chunk' && !db.prepare('SELECT 1 FROM records WHERE id = ?').get(it.ref_id)) {
          if (db.prepare('SELECT 1 FROM attachment_chunks WHERE attachment_id = ?').get(it.ref_id)) {
            waiting = true;
            break;
          }
        }
        const inner = innerFor(it.item, it.ref_id, it.ref_rev, it.ref_hlc);
        if (inner) {
          const env = sealEnvelope({ orgId, keyId, orgKey: key, inner });
          const payloadB64 = b64(env.payload);
          if (envelopes.length > 0 && bytes + payloadB64.length > MAX_BATCH_BYTES) break;
          bytes += payloadB64.length + 64;
          envelopes.push({ v: 1, id: env.id, payload: payloadB64 });
        }
        done.push(it.seq);
      }
      if (envelopes.length > 0) {
        const res = UploadResponse.parse(await d.relay().post(envelopesPath(orgId, ORG_MAILBOX), { v: 1, envelopes }, d.signer()));
        if (res.results.length !== envelopes.length) throw new AppError('sync/relay-error', 'the relay acknowledged a different number of envelopes');
        if (acked.size + envelopes.length > MAX_ACKED) {
          acked.clear();
          ackedSeq.clear();
        }
        for (const r of res.results) {
          acked.add(r.id);
          ackedSeq.set(r.seq, r.id);
        }
      }
      tx(() => {
        for (const seq of done) state.dropOutbox(seq);
      });
      sent += envelopes.length;
      if (waiting) return sent;
    }
  }

  /** Pulls and applies every page of the organisation mailbox. Returns how many envelopes were applied. */
  async function pull(): Promise<number> {
    let applied = 0;
    let changed = false;
    touched = new Set();
    const orgId = d.orgId();
    for (;;) {
      skipOwnRun();
      const cursor = state.num('cursor_org');
      const cursorId = state.get('cursor_id');
      // Re-read the envelope at the cursor: if the relay now holds another one there (restored
      // from a backup, then written to again), the sequence numbers were reused.
      const after = cursor > 0 && cursorId ? cursor - 1 : cursor;
      const page = PullResponse.parse(await d.relay().get(pullPath(orgId, ORG_MAILBOX, after, PULL_LIMIT), d.signer()));
      const knownGeneration = state.get('generation_org');
      const atCursor = after < cursor ? page.envelopes[0] : undefined;
      const reused = after < cursor && (atCursor === undefined || atCursor.seq !== cursor || atCursor.id !== cursorId);
      if (page.head < cursor || reused || (knownGeneration !== undefined && page.generation !== knownGeneration && page.generation !== '')) {
        // The relay lost or rolled back data: queue everything we hold and read it all again.
        acked.clear();
        ackedSeq.clear();
        tx(() => {
          state.requeueEverything();
          state.set('cursor_org', 0);
          state.unset('cursor_id');
          state.set('generation_org', page.generation);
          state.set('regressions', state.num('regressions') + 1);
        });
        continue;
      }
      if (atCursor) page.envelopes.shift();
      if (knownGeneration === undefined && page.generation !== '') state.set('generation_org', page.generation);
      if (page.envelopes.length === 0) break;
      // Every envelope is authenticated once, before the transaction (no database work).
      const opened = page.envelopes.map((env) => {
        ackedSeq.delete(env.seq);
        return acked.delete(env.id) ? { own: true as const } : openOne(orgId, env.id, env.payload);
      });
      const applyPage = (savepoints: boolean) =>
        tx(() => {
          applying = true;
          state.set('applying', 1);
          let n = 0;
          try {
            for (const o of opened) {
              const result = 'own' in o ? 'skipped' : 'error' in o ? (reject(o.error), 'rejected') : savepoints ? applySavepoint(o.inner) : applyFast(o.inner);
              if (result === 'applied') n++;
            }
          } finally {
            applying = false;
            state.unset('applying');
          }
          state.set('cursor_org', page.next);
          const last = page.envelopes[page.envelopes.length - 1];
          if (last) state.set('cursor_id', last.id);
          return n;
        });
      let n: number;
      try {
        n = applyPage(false);
      } catch (e) {
        if (!(e instanceof SlowPath)) throw e;
        n = applyPage(true);
      }
      applied += n;
      if (n > 0) changed = true;
      if (page.next >= page.head) break;
    }
    if (changed) d.onApplied(touched);
    return applied;
  }

  /** Moves the cursor over the envelopes right after it that this device uploaded itself. */
  function skipOwnRun(): void {
    const start = state.num('cursor_org');
    let cursor = start;
    let lastId: string | undefined;
    for (let id = ackedSeq.get(cursor + 1); id !== undefined; id = ackedSeq.get(cursor + 1)) {
      cursor++;
      ackedSeq.delete(cursor);
      acked.delete(id);
      lastId = id;
    }
    if (cursor === start || lastId === undefined) return;
    const id = lastId;
    tx(() => {
      state.set('cursor_org', cursor);
      state.set('cursor_id', id);
    });
  }

  /** Authenticates one envelope (no database writes); a failure is kept to be counted. */
  function openOne(orgId: string, envelopeId: string, payloadB64: string): { inner: Inner } | { error: unknown } {
    try {
      return { inner: openEnvelope({ orgId, envelopeId, payload: unb64(payloadB64), orgKey: (k) => store.keyring.orgKey(k) }) };
    } catch (e) {
      return { error: e };
    }
  }

  /** In the page's transaction without a savepoint: any failure sends the page to the slow path. */
  function applyFast(inner: Inner): 'applied' | 'skipped' {
    try {
      return applyInner(inner);
    } catch {
      throw new SlowPath();
    }
  }

  /** A savepoint per envelope: a row that fails half-way leaves nothing behind. */
  function applySavepoint(inner: Inner): 'applied' | 'skipped' | 'rejected' {
    try {
      return db.transaction(() => applyInner(inner))();
    } catch (e) {
      reject(e);
      return 'rejected';
    }
  }

  /** Opens and applies one envelope. Never throws for bad content: it is counted and skipped. */
  function applyEnvelope(envelopeId: string, payloadB64: string): 'applied' | 'skipped' | 'rejected' {
    const o = openOne(d.orgId(), envelopeId, payloadB64);
    if ('error' in o) {
      reject(o.error);
      return 'rejected';
    }
    return applySavepoint(o.inner);
  }

  function reject(e: unknown): void {
    state.set('rejected', state.num('rejected') + 1);
    const code = e instanceof AppError ? e.code : 'internal';
    state.set('last_rejection', code);
  }

  function applyInner(inner: Inner): 'applied' | 'skipped' {
    // Noted before anything can fail: a rolled-back attempt only means one refresh too many.
    const collection = inner.t === 'chunk' ? inner.col : inner.t === 'collection' ? inner.id : inner.h?.collection;
    if (typeof collection === 'string') touched.add(collection);
    if (inner.t === 'chunk') {
      if (!/^[0-9a-f]{32}$/.test(inner.a) || !Number.isSafeInteger(inner.s) || inner.s < 0 || !/^[0-9a-f]{32}$/.test(inner.col)) {
        throw new AppError('sync/bad-envelope', 'malformed attachment chunk');
      }
      try {
        store.keyring.collectionKey(inner.col);
      } catch {
        return 'skipped'; // a case this device shredded (or never had): its chunks are not kept
      }
      const data = unb64(inner.d);
      const held = db.prepare<[string, number], { data: Uint8Array }>('SELECT data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?').get(inner.a, inner.s);
      if (held) {
        if (Buffer.compare(Buffer.from(held.data), Buffer.from(data)) !== 0) throw new AppError('sync/bad-envelope', 'a different chunk under a known position');
        return 'skipped';
      }
      db.prepare('INSERT INTO attachment_chunks (attachment_id, seq, collection, data) VALUES (?, ?, ?, ?)').run(inner.a, inner.s, inner.col, data);
      return 'applied';
    }
    if (inner.t === 'collection') {
      const outcome = store.keyring.importCollectionWrap(inner.id, { keyId: inner.k, nonce: unb64(inner.n), wrapped: unb64(inner.w) });
      if (outcome === 'unknown-key') throw new AppError('sync/bad-envelope', 'a collection key wrapped by an organisation key this device does not hold');
      return outcome === 'unchanged' ? 'skipped' : 'applied';
    }
    const row = { header: inner.h, nonce: unb64(inner.n), ciphertext: unb64(inner.c) };
    const changes = cleanChanges(inner.f);
    // Fast-forward: written on top of exactly what this device shows (every field it changed
    // replaced the value we hold, and it is the next revision here): append it, no merge needed.
    const head = typeof inner.h?.id === 'string' && /^[0-9a-f]{32}$/.test(inner.h.id) ? store.headInfo(inner.h.id) : null;
    let fastForward = false;
    if (head && changes && inner.h.revision === head.revision + 1 && !head.deleted && !inner.h.deleted) {
      const view = viewOf(inner.h.id, head.revision);
      fastForward = Object.entries(changes).every(([f, prev]) => (view[f] ?? '') === prev) && inner.h.hlc > head.hlc;
    }
    const result = store.importSynced(row, { siblingIfExists: !fastForward });
    if (result.clamped) state.set('clock_warnings', state.num('clock_warnings') + 1);
    if (result.outcome === 'duplicate') return 'skipped';
    const id = result.header.id;
    if (result.outcome === 'applied' && result.header.revision === 1) {
      // A record new to this device: nothing to merge; its change list (every field, nothing
      // replaced) and its view are derived when first needed.
      return 'applied';
    }
    if (changes) state.putChanges(id, result.header.hlc, changes);
    if (result.outcome === 'applied' && fastForward && changes) {
      state.putView(id, { ...viewOf(id, result.header.revision - 1), ...Object.fromEntries(Object.keys(changes).map((f) => [f, result.header.hlc])) });
      return 'applied';
    }
    refold(id);
    return 'applied';
  }

  function cleanChanges(f: unknown): Record<string, string> | null {
    if (typeof f !== 'object' || f === null || Array.isArray(f)) return null;
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(f as Record<string, unknown>)) if (typeof v === 'string' && v.length <= 64) out[k] = v;
    return out;
  }

  /**
   * Recomputes a record from every revision people wrote (merge.ts) and, when that differs from
   * what this device shows, writes it as a local merge revision (which never travels).
   */
  function refold(id: string): void {
    const own = store.history<Record<string, unknown>>(id);
    const head = own[0]!;
    const revs: Array<FoldRevision & { revision: number; device: string }> = [];
    for (const r of [...own.filter((x) => !state.isMerge(id, x.header.hlc)), ...store.siblings<Record<string, unknown>>(id)]) {
      let changes = state.changes(id, r.header.hlc);
      if (!changes) {
        changes = derivedChanges(id, r.header.revision, r.body);
        state.putChanges(id, r.header.hlc, changes);
      }
      revs.push({ hlc: r.header.hlc, deleted: r.header.deleted, body: r.body, changes, revision: r.header.revision, device: r.header.device });
    }
    if (revs.length === 0) return;
    const result = foldRevisions(revs);
    if (!(result.deleted === head.header.deleted && jsonEqual(result.body, head.body))) {
      merging = true;
      try {
        const h = result.deleted
          ? store.remove(id, head.header.revision)
          : store.put({ id, kind: head.header.kind, collection: head.header.collection, body: result.body, baseRevision: head.header.revision, revive: true });
        state.addMerge(id, h.hlc);
      } finally {
        merging = false;
      }
    }
    state.putView(id, result.sources);
    const byHlc = new Map(revs.map((r) => [r.hlc, r]));
    const open = new Set<string>();
    for (const c of result.conflicts) {
      const w = byHlc.get(c.winner)!;
      const l = byHlc.get(c.loser)!;
      // "This computer" is the side written here when there is one.
      const [local, remote] = l.device === store.deviceId ? [l, w] : [w, l];
      const tag = state.fieldTag(c.field);
      open.add(`${tag}:${local.hlc}:${remote.hlc}`);
      state.addConflict({
        conflict_id: crypto.randomId(),
        record_id: id,
        kind: head.header.kind,
        field: tag,
        local_rev: local.revision,
        local_hlc: local.hlc,
        remote_rev: remote.revision,
        remote_hlc: remote.hlc,
        merged_rev: head.header.revision,
        opened_hlc: c.winner
      });
    }
    // Questions answered elsewhere (a later revision saw both versions) close here too.
    for (const c of state.openConflicts()) {
      if (c.record_id === id && !open.has(`${c.field}:${c.local_hlc}:${c.remote_hlc}`)) state.resolveConflict(c.conflict_id);
    }
  }

  return { onWrite, push, pull, applyEnvelope };
}

export type Engine = ReturnType<typeof createEngine>;

/** Reads the relay's answer into a status error code (for the header line). */
export function errorCodeOf(e: unknown): SyncStatus['errorCode'] {
  const err = toAppError(e);
  return err.code;
}

export { RelayError };
