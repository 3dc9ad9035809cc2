/**
 * 0001: the sealed record store (main/services/sealed-store.ts).
 *
 * Tables hold ciphertext plus the minimum routing metadata needed to find and order records.
 * Nothing a caseworker types is ever stored in a column: bodies are sealed, and the routing
 * columns of `records` are exactly the fields of the record header, which is the AEAD
 * associated data — so editing any of them makes the row fail to open.
 */
import type { Database } from 'better-sqlite3';

export const version = 1;
export const name = 'init';

export function up(db: Database): void {
  db.exec(`
    -- Small settings: device id, current organisation key id, last HLC timestamp.
    CREATE TABLE meta (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    -- Keys wrapped under a subkey of the vault's master key (the organisation key).
    CREATE TABLE keyring (
      id       TEXT PRIMARY KEY,
      purpose  TEXT NOT NULL,
      nonce    BLOB NOT NULL,
      wrapped  BLOB NOT NULL
    ) STRICT;

    -- One random key per collection (e.g. one case), wrapped by an organisation key.
    -- Destroying this row is crypto-shredding every record of the collection.
    CREATE TABLE collections (
      id       TEXT PRIMARY KEY,
      key_id   TEXT NOT NULL REFERENCES keyring(id),
      nonce    BLOB NOT NULL,
      wrapped  BLOB NOT NULL
    ) STRICT;

    -- Every revision of every record; full history is kept. Columns v..deleted are the header.
    CREATE TABLE records (
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
      PRIMARY KEY (id, revision)
    ) STRICT;

    -- Head lookup: the newest revision of an id comes from the primary key (id, revision);
    -- this index lists the heads of one kind without touching other kinds' rows. Kept as an
    -- index (not a separate heads table) so the head is always derived from the rows
    -- themselves and there is no second copy to drift or to be edited.
    CREATE INDEX records_by_kind ON records(kind, id, revision);
  `);
}
