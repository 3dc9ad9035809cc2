/**
 * Referral parts over the relay (docs/referrals.md "Transport"): an outbox of sealed parts for
 * other organisations' `referrals` mailboxes, and a reader of this organisation's own mailbox
 * that keeps parts until their message is complete. Tables of migration 0005; every row holds
 * bytes sealed to an organisation's X25519 key, never plaintext.
 */
import type { Database } from 'better-sqlite3';
import { REFERRALS_MAILBOX, PullResponse, UploadResponse, envelopesPath, pullPath } from '../../../shared/relay/protocol';
import * as crypto from '../crypto';
import type { RelayClient, Signer } from '../sync/relay-client';
import { assembleParts, openPart, type Envelope, type Part } from './parts';

export type RelayTransport = { client: RelayClient; signer: Signer; orgId: string };

/** Upload bodies stay under the relay's 1 MiB limit: two full 256 KiB parts (base64) per request. */
const MAX_BATCH_BASE64 = 760 * 1024;
const PULL_LIMIT = 100;
/** Parts of a message that never completes are dropped after this long. */
const STALE_PARTS_MS = 30 * 86_400_000;

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64');

type OutboxRow = { seq: number; referral_id: string; step_index: number; recipient: string; envelope_id: string; payload: Uint8Array };

export function createReferralTransport(o: { db: Database; now: () => number }) {
  const { db } = o;
  const insertOutbox = db.prepare('INSERT INTO referral_outbox (referral_id, step_index, recipient, envelope_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const selectOutbox = db.prepare<[], OutboxRow>('SELECT * FROM referral_outbox ORDER BY seq');
  const deleteOutbox = db.prepare('DELETE FROM referral_outbox WHERE envelope_id = ?');
  const queuedSteps = db.prepare<[string], { step_index: number }>('SELECT DISTINCT step_index FROM referral_outbox WHERE referral_id = ?');
  const stateGet = db.prepare<[string], { value: string }>('SELECT value FROM referral_state WHERE key = ?');
  const stateSet = db.prepare('INSERT INTO referral_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const insertPart = db.prepare('INSERT OR IGNORE INTO referral_parts (msg_id, part_index, part_count, envelope_id, payload, received_at) VALUES (?, ?, ?, ?, ?, ?)');
  const completeMessages = db.prepare<[], { msg_id: string }>(
    'SELECT msg_id FROM referral_parts GROUP BY msg_id HAVING COUNT(*) = MAX(part_count) AND MIN(part_count) = MAX(part_count) ORDER BY MIN(rowid)'
  );
  const partsOf = db.prepare<[string], { payload: Uint8Array }>('SELECT payload FROM referral_parts WHERE msg_id = ? ORDER BY part_index');
  const deleteParts = db.prepare('DELETE FROM referral_parts WHERE msg_id = ?');
  const deleteStale = db.prepare('DELETE FROM referral_parts WHERE msg_id IN (SELECT msg_id FROM referral_parts GROUP BY msg_id HAVING MAX(received_at) < ?)');
  const tx = db.transaction((fn: () => void) => fn());

  return {
    /** Queues the envelopes of one step (inside the caller's transaction when there is one). */
    enqueue(referralId: string, stepIndex: number, recipient: string, envelopes: Envelope[]): void {
      const at = o.now();
      for (const e of envelopes) insertOutbox.run(referralId, stepIndex, recipient, e.id, e.payload, at);
    },

    /** Step indexes of this referral still waiting for the relay. */
    queuedSteps(referralId: string): number[] {
      return queuedSteps.all(referralId).map((r) => r.step_index);
    },

    /** Sends what is queued; returns how many steps are now fully on the relay. Throws on a relay failure (what was acknowledged is gone from the outbox). */
    async flush(t: RelayTransport): Promise<number> {
      const rows = selectOutbox.all();
      const steps = new Set(rows.map((r) => `${r.referral_id}:${r.step_index}`));
      // Batches per recipient, in outbox order, under the body limit.
      const batches: OutboxRow[][] = [];
      let current: OutboxRow[] = [];
      let size = 0;
      for (const r of rows) {
        const len = Math.ceil(r.payload.length / 3) * 4 + 100;
        if (current.length > 0 && (current[0]!.recipient !== r.recipient || size + len > MAX_BATCH_BASE64)) {
          batches.push(current);
          current = [];
          size = 0;
        }
        current.push(r);
        size += len;
      }
      if (current.length > 0) batches.push(current);
      for (const batch of batches) {
        const body = { v: 1, envelopes: batch.map((r) => ({ v: 1, id: r.envelope_id, payload: b64(r.payload) })) };
        const res = UploadResponse.parse(await t.client.post(envelopesPath(batch[0]!.recipient, REFERRALS_MAILBOX), body, t.signer));
        const acked = new Set(res.results.map((x) => x.id));
        tx(() => {
          for (const r of batch) if (acked.has(r.envelope_id)) deleteOutbox.run(r.envelope_id);
        });
      }
      const left = new Set(selectOutbox.all().map((r) => `${r.referral_id}:${r.step_index}`));
      return [...steps].filter((k) => !left.has(k)).length;
    },

    /**
     * Reads this organisation's referrals mailbox after the saved cursor and keeps the parts that
     * open with our key. Returns how many envelopes were refused (did not open: not for us, or altered).
     */
    async pull(t: RelayTransport, ownBox: crypto.KeyPair): Promise<{ refused: number }> {
      let refused = 0;
      for (let page = 0; page < 1000; page++) {
        let cursor = Number(stateGet.get('cursor')?.value ?? '0');
        const res = PullResponse.parse(await t.client.get(pullPath(t.orgId, REFERRALS_MAILBOX, cursor, PULL_LIMIT), t.signer));
        const generation = stateGet.get('generation')?.value;
        if ((generation !== undefined && generation !== res.generation) || res.head < cursor) {
          // The relay's storage was replaced or rolled back: read the mailbox again from the start
          // (steps already applied are refused as replays, nothing is applied twice).
          tx(() => {
            stateSet.run('generation', res.generation);
            stateSet.run('cursor', '0');
          });
          if (cursor === 0) break;
          continue;
        }
        const parts: Array<{ env: { id: string; payload: Uint8Array }; part: Part }> = [];
        for (const env of res.envelopes) {
          const payload = new Uint8Array(Buffer.from(env.payload, 'base64'));
          try {
            parts.push({ env: { id: env.id, payload }, part: openPart(payload, ownBox) });
          } catch {
            refused++;
          }
        }
        const at = o.now();
        tx(() => {
          for (const { env, part } of parts) insertPart.run(part.msgId, part.index, part.count, env.id, env.payload, at);
          cursor = res.next;
          stateSet.run('cursor', String(cursor));
          stateSet.run('generation', res.generation);
        });
        if (res.envelopes.length === 0 || res.next >= res.head) break;
      }
      deleteStale.run(o.now() - STALE_PARTS_MS);
      return { refused };
    },

    /** Messages whose parts are all here, oldest first; the parts stay until `done(msgId)`. */
    complete(ownBox: crypto.KeyPair): Array<{ msgId: string; bytes: Uint8Array | null }> {
      return completeMessages.all().map(({ msg_id }) => {
        try {
          return { msgId: msg_id, bytes: assembleParts(partsOf.all(msg_id).map((r) => openPart(r.payload, ownBox))) };
        } catch {
          return { msgId: msg_id, bytes: null };
        }
      });
    },

    done(msgId: string): void {
      deleteParts.run(msgId);
    },

    /**
     * Catch-up after this device became the organisation's mailbox reader (docs/referrals.md
     * "Several devices"): its cursor is behind (often 0), so its next pull reads history the
     * previous reader already applied. Marked here (survives a restart) until that pull is processed.
     */
    startCatchUp(): void {
      stateSet.run('catch-up', '1');
    },
    catchingUp(): boolean {
      return stateGet.get('catch-up')?.value === '1';
    },
    endCatchUp(): void {
      stateSet.run('catch-up', '0');
    },
    /** The messages whose parts are held here (complete or not). */
    heldMessages(): string[] {
      return (db.prepare('SELECT DISTINCT msg_id FROM referral_parts').all() as Array<{ msg_id: string }>).map((r) => r.msg_id);
    },

    /** A received part row count (tests: parts of a withdrawn referral are gone). */
    partCount(): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM referral_parts').get() as { n: number }).n;
    },
    outboxCount(): number {
      return (db.prepare('SELECT COUNT(*) AS n FROM referral_outbox').get() as { n: number }).n;
    }
  };
}

export type ReferralTransport = ReturnType<typeof createReferralTransport>;
