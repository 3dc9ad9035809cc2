/**
 * 0004: multi-device sync (main/services/sync, docs/sync.md).
 *
 * Like 0001, nothing a caseworker types is stored in a column: the outbox holds references to
 * rows that are already sealed, sibling revisions are sealed rows exactly as they arrived, and
 * conflicts name a record id and a schema field name (e.g. "summary"), never a value.
 */
import type { Database } from 'better-sqlite3';

export const version = 4;
export const name = 'sync';

export function up(db: Database): void {
  db.exec(`
    -- Small sync settings: organisation id, relay URL, cursor, last sync time, last error code.
    CREATE TABLE sync_state (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- This device's Ed25519 and X25519 secret keys (and, on admin devices, the organisation's),
    -- wrapped under a subkey of the master key.
    CREATE TABLE sync_keys (
      name        TEXT PRIMARY KEY CHECK (name IN ('sign', 'box', 'org-sign', 'org-box')),
      public_key  BLOB NOT NULL,
      nonce       BLOB NOT NULL,
      wrapped     BLOB NOT NULL
    ) STRICT;

    -- Devices of the organisation as last seen (public keys pinned at link time).
    CREATE TABLE sync_devices (
      device      TEXT PRIMARY KEY,
      sign_public BLOB NOT NULL,
      box_public  BLOB NOT NULL,
      role        TEXT NOT NULL CHECK (role IN ('admin', 'member')),
      status      TEXT NOT NULL CHECK (status IN ('active', 'removed')),
      added_at    TEXT NOT NULL
    ) STRICT;

    -- What still has to reach the relay, in write order. A row refers to an immutable sealed row
    -- (a record revision, or a collection key wrap), so the outbox never holds a second copy.
    -- UNIQUE makes enqueueing idempotent: a re-enqueue after a crash is not a duplicate.
    CREATE TABLE sync_outbox (
      seq       INTEGER PRIMARY KEY,
      item      TEXT    NOT NULL CHECK (item IN ('record', 'sibling', 'collection', 'chunk')),
      ref_id    TEXT    NOT NULL,
      ref_rev   INTEGER NOT NULL,
      ref_hlc   TEXT    NOT NULL DEFAULT '',
      UNIQUE (item, ref_id, ref_rev, ref_hlc)
    ) STRICT;

    -- Per revision people wrote: which fields it changed and the stamp of each value it replaced
    -- (main/services/sync/merge.ts). Sealed under a subkey of the master key: field names stay private.
    CREATE TABLE sync_changes (
      record_id  TEXT NOT NULL,
      hlc        TEXT NOT NULL,
      nonce      BLOB NOT NULL,
      sealed     BLOB NOT NULL,
      PRIMARY KEY (record_id, hlc)
    ) STRICT;

    -- Per record: the stamp each field's current value comes from (sealed like sync_changes).
    CREATE TABLE sync_view (
      record_id  TEXT PRIMARY KEY,
      nonce      BLOB NOT NULL,
      sealed     BLOB NOT NULL
    ) STRICT;

    -- Revisions this device wrote only to show the merged state locally; they never travel
    -- (every device computes the same merge from the same revisions).
    CREATE TABLE sync_merges (
      record_id  TEXT NOT NULL,
      hlc        TEXT NOT NULL,
      PRIMARY KEY (record_id, hlc)
    ) STRICT;

    -- Concurrent revisions from other devices that arrived for an (id, revision) this device had
    -- already filled: kept sealed, exactly as received (header columns are the AEAD data), and
    -- merged into a new local revision by the sync layer.
    CREATE TABLE sync_siblings (
      id         TEXT    NOT NULL,
      revision   INTEGER NOT NULL CHECK (revision > 0),
      v          INTEGER NOT NULL,
      kind       TEXT    NOT NULL,
      collection TEXT    NOT NULL REFERENCES collections(id),
      device     TEXT    NOT NULL,
      hlc        TEXT    NOT NULL,
      deleted    INTEGER NOT NULL CHECK (deleted IN (0, 1)),
      nonce      BLOB    NOT NULL,
      ciphertext BLOB    NOT NULL,
      PRIMARY KEY (id, revision, device, hlc)
    ) STRICT;

    -- Long text edited on two devices: both versions are kept (as revisions) and the person
    -- chooses. Refers to the two revisions by (revision, hlc); holds no text itself, and the
    -- field as a keyed hash of its name.
    CREATE TABLE sync_conflicts (
      conflict_id   TEXT    PRIMARY KEY,
      record_id     TEXT    NOT NULL,
      kind          TEXT    NOT NULL,
      field         TEXT    NOT NULL,
      local_rev     INTEGER NOT NULL,
      local_hlc     TEXT    NOT NULL,
      remote_rev    INTEGER NOT NULL,
      remote_hlc    TEXT    NOT NULL,
      merged_rev    INTEGER NOT NULL,
      opened_hlc    TEXT    NOT NULL,
      resolved      INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1))
    ) STRICT;
    CREATE INDEX sync_conflicts_open ON sync_conflicts(resolved, record_id);
  `);
  // Attachment chunks (migration 0002) are written by the case-files service with plain SQL, not
  // through the sealed store: a trigger queues each new chunk, unless it is one arriving from the
  // relay (the engine marks that with the sync_state row 'applying').
  const hasChunks = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachment_chunks'").get() !== undefined;
  if (hasChunks) {
    db.exec(`
      CREATE TRIGGER sync_chunk_enqueue AFTER INSERT ON attachment_chunks
      WHEN EXISTS (SELECT 1 FROM sync_state WHERE key = 'org_id') AND NOT EXISTS (SELECT 1 FROM sync_state WHERE key = 'applying')
      BEGIN
        INSERT OR IGNORE INTO sync_outbox (item, ref_id, ref_rev) VALUES ('chunk', NEW.attachment_id, NEW.seq);
      END;
    `);
  }
}
