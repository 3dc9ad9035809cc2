/**
 * 0002: case files (main/services/case-files/).
 *
 * - attachment_chunks: the sealed content of attachments, crypto_secretstream in 64 KiB
 *   messages. Only ciphertext; the stream key and header live in the attachment's sealed
 *   metadata record. `collection` (the case's collection id, already a routing column of
 *   `records`) lets crypto-shredding drop a case's chunks in one statement.
 * - records_by_collection: lists the records of one case without opening every case's.
 */
import type { Database } from 'better-sqlite3';

export const version = 2;
export const name = 'case-files';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE attachment_chunks (
      attachment_id TEXT    NOT NULL,
      seq           INTEGER NOT NULL CHECK (seq >= 0),
      collection    TEXT    NOT NULL,
      data          BLOB    NOT NULL,
      PRIMARY KEY (attachment_id, seq)
    ) STRICT;
    CREATE INDEX attachment_chunks_by_collection ON attachment_chunks(collection);

    CREATE INDEX records_by_collection ON records(collection, kind, id, revision);
  `);
}
