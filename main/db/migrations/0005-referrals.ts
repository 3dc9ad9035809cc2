/**
 * 0005: referrals between organisations (main/services/referrals, docs/referrals.md).
 *
 * Only sealed bytes: outgoing parts are already sealed to the receiving organisation's X25519 key
 * (parts.ts), received parts are kept exactly as they arrived (still sealed to ours). The routing
 * columns are ids (random or hashes), counts and times — never what a referral says.
 */
import type { Database } from 'better-sqlite3';

export const version = 5;
export const name = 'referrals';

export function up(db: Database): void {
  db.exec(`
    -- Parts of signed steps waiting for the relay (offline, or the relay refused for now).
    -- A row leaves only after the relay acknowledged its envelope id (a retry is a 'duplicate').
    CREATE TABLE referral_outbox (
      seq          INTEGER PRIMARY KEY,
      referral_id  TEXT    NOT NULL,
      step_index   INTEGER NOT NULL,
      recipient    TEXT    NOT NULL,
      envelope_id  TEXT    NOT NULL UNIQUE,
      payload      BLOB    NOT NULL,
      created_at   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX referral_outbox_referral ON referral_outbox (referral_id);

    -- Parts received from the organisation's referrals mailbox until their message is complete.
    CREATE TABLE referral_parts (
      msg_id       TEXT    NOT NULL,
      part_index   INTEGER NOT NULL,
      part_count   INTEGER NOT NULL,
      envelope_id  TEXT    NOT NULL,
      payload      BLOB    NOT NULL,
      received_at  INTEGER NOT NULL,
      PRIMARY KEY (msg_id, part_index)
    ) STRICT;

    -- Mailbox cursor and relay generation of the referrals mailbox.
    CREATE TABLE referral_state (
      key    TEXT PRIMARY KEY,
      value  TEXT NOT NULL
    ) STRICT;
  `);
}
