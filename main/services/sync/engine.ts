/**
 * The sync engine: drains the outbox to the relay and applies what the relay holds, in the
 * background, with exponential backoff (docs/sync.md).
 *
 * - Push: outbox rows (references to sealed rows) → envelopes → one upload per batch; a batch
 *   leaves the outbox only after the relay acknowledged it, in one transaction. A crash between
 *   the two re-sends byte-identical envelopes, which the relay answers `duplicate`.
 * - Pull: pages after the saved cursor; each envelope is opened and applied in one transaction
 *   with the cursor move, so a crash re-applies nothing twice and skips nothing. Anything that
 *   does not authenticate is counted and skipped, never applied.
 * - A relay whose head fell below our cursor, or whose storage generation changed, lost or rolled
 *   back data: everything this device holds is queued again and the mailbox re-read from 0.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { LIMITS, ORG_MAILBOX, PullResponse, UploadResponse, envelopesPath, pullPath } from '../../../shared/relay/protocol';
import type { SyncStatus } from '../../../shared/domain/sync/sync';
import * as crypto from '../crypto';
import type { SealedStore, WriteEvent } from '../sealed-store';
import { openEnvelope, sealEnvelope, type Inner } from './envelope';
import { changedFields, foldRevisions, jsonEqual, type FoldRevision } from './merge';
import { RelayError, toAppError, type RelayClient, type Signer } from './relay-client';
import type { OutboxItemKind, SyncState } from './state';

/** Upload bodies stay well under the relay's 1 MiB limit. */
const MAX_BATCH_BYTES = 700 * 1024;
const PULL_LIMIT = 500;

export type EngineDeps = {
  db: Database;
  store: SealedStore;
  state: SyncState;
  relay: () => RelayClient;
  signer: () => Signer;
  orgId: () => string;
  now: () => number;
  /** After remote changes were applied (e.g. rebuild the search index). */
  onApplied: () => void;
  /** Extra work per cycle (the device mailbox: key grants). */
  beforePull?: () => Promise<void>;
};

export function createEngine(d: EngineDeps) {
  const { db, store, state } = d;
  const tx = <R>(fn: () => R): R => store.transaction(fn);
  let applying = false;
  let merging = false;

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
        return { t: 'chunk', a: id, s: rev, col: chunk.collection, d: crypto.toBase64(chunk.data) };
      }
      if (item === 'collection') {
        const w = store.keyring.collectionWrap(id);
        return { t: 'collection', id, k: w.keyId, n: crypto.toBase64(w.nonce), w: crypto.toBase64(w.wrapped) };
      }
      const row = item === 'sibling' ? store.exportSibling(id, rev, hlc) : store.exportSealed(id, rev);
      if (!row) return null;
      let changes = state.changes(id, row.header.hlc);
      if (!changes) {
        const opened = store.openRevision<Record<string, unknown>>(id, rev);
        changes = derivedChanges(id, rev, opened?.body ?? null);
        state.putChanges(id, row.header.hlc, changes);
      }
      return { t: 'record', h: row.header, n: crypto.toBase64(row.nonce), c: crypto.toBase64(row.ciphertext), f: changes };
    } catch (e) {
      if (e instanceof AppError && e.code === 'record/not-found') return null; // destroyed since (crypto-shredded case)
      throw e;
    }
  }

  /** Pushes the whole outbox. Returns how many envelopes the relay acknowledged. */
  async function push(): Promise<number> {
    let sent = 0;
    for (;;) {
      const items = state.peekOutbox(LIMITS.maxEnvelopesPerUpload);
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
          const env = sealEnvelope({ orgId: d.orgId(), keyId, orgKey: key, inner });
          const b64 = crypto.toBase64(env.payload);
          if (envelopes.length > 0 && bytes + b64.length > MAX_BATCH_BYTES) break;
          bytes += b64.length + 64;
          envelopes.push({ v: 1, id: env.id, payload: b64 });
        }
        done.push(it.seq);
      }
      if (envelopes.length > 0) {
        const res = UploadResponse.parse(await d.relay().post(envelopesPath(d.orgId(), ORG_MAILBOX), { v: 1, envelopes }, d.signer()));
        if (res.results.length !== envelopes.length) throw new AppError('sync/relay-error', 'the relay acknowledged a different number of envelopes');
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
    for (;;) {
      const cursor = state.num('cursor_org');
      const cursorId = state.get('cursor_id');
      // Re-read the envelope at the cursor: if the relay now holds another one there (restored
      // from a backup, then written to again), the sequence numbers were reused.
      const after = cursor > 0 && cursorId ? cursor - 1 : cursor;
      const page = PullResponse.parse(await d.relay().get(pullPath(d.orgId(), ORG_MAILBOX, after, PULL_LIMIT), d.signer()));
      const knownGeneration = state.get('generation_org');
      const atCursor = after < cursor ? page.envelopes[0] : undefined;
      const reused = after < cursor && (atCursor === undefined || atCursor.seq !== cursor || atCursor.id !== cursorId);
      if (page.head < cursor || reused || (knownGeneration !== undefined && page.generation !== knownGeneration && page.generation !== '')) {
        // The relay lost or rolled back data: queue everything we hold and read it all again.
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
      tx(() => {
        applying = true;
        state.set('applying', 1);
        try {
          for (const env of page.envelopes) {
            const result = applyEnvelope(env.id, env.payload);
            if (result === 'applied') {
              applied++;
              changed = true;
            }
          }
        } finally {
          applying = false;
          state.unset('applying');
        }
        state.set('cursor_org', page.next);
        const last = page.envelopes[page.envelopes.length - 1];
        if (last) state.set('cursor_id', last.id);
      });
      if (page.next >= page.head) break;
    }
    if (changed) d.onApplied();
    return applied;
  }

  /** Opens and applies one envelope. Never throws for bad content: it is counted and skipped. */
  function applyEnvelope(envelopeId: string, payloadB64: string): 'applied' | 'skipped' | 'rejected' {
    let inner: Inner;
    try {
      const payload = crypto.fromBase64(payloadB64);
      inner = openEnvelope({ orgId: d.orgId(), envelopeId, payload, orgKey: (k) => store.keyring.orgKey(k) });
    } catch (e) {
      reject(e);
      return 'rejected';
    }
    try {
      // A savepoint per envelope: a row that fails half-way leaves nothing behind.
      return db.transaction(() => applyInner(inner))();
    } catch (e) {
      reject(e);
      return 'rejected';
    }
  }

  function reject(e: unknown): void {
    state.set('rejected', state.num('rejected') + 1);
    const code = e instanceof AppError ? e.code : 'internal';
    state.set('last_rejection', code);
  }

  function applyInner(inner: Inner): 'applied' | 'skipped' {
    if (inner.t === 'chunk') {
      if (!/^[0-9a-f]{32}$/.test(inner.a) || !Number.isSafeInteger(inner.s) || inner.s < 0 || !/^[0-9a-f]{32}$/.test(inner.col)) {
        throw new AppError('sync/bad-envelope', 'malformed attachment chunk');
      }
      try {
        store.keyring.collectionKey(inner.col);
      } catch {
        return 'skipped'; // a case this device shredded (or never had): its chunks are not kept
      }
      const data = crypto.fromBase64(inner.d);
      const held = db.prepare<[string, number], { data: Uint8Array }>('SELECT data FROM attachment_chunks WHERE attachment_id = ? AND seq = ?').get(inner.a, inner.s);
      if (held) {
        if (Buffer.compare(Buffer.from(held.data), Buffer.from(data)) !== 0) throw new AppError('sync/bad-envelope', 'a different chunk under a known position');
        return 'skipped';
      }
      db.prepare('INSERT INTO attachment_chunks (attachment_id, seq, collection, data) VALUES (?, ?, ?, ?)').run(inner.a, inner.s, inner.col, data);
      return 'applied';
    }
    if (inner.t === 'collection') {
      const outcome = store.keyring.importCollectionWrap(inner.id, { keyId: inner.k, nonce: crypto.fromBase64(inner.n), wrapped: crypto.fromBase64(inner.w) });
      if (outcome === 'unknown-key') throw new AppError('sync/bad-envelope', 'a collection key wrapped by an organisation key this device does not hold');
      return outcome === 'unchanged' ? 'skipped' : 'applied';
    }
    const row = { header: inner.h, nonce: crypto.fromBase64(inner.n), ciphertext: crypto.fromBase64(inner.c) };
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
