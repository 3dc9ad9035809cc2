/**
 * The one way to open the app's SQLite database (better-sqlite3, synchronous).
 *
 * Settings and why:
 * - WAL + synchronous=FULL: a write acknowledged by commit survives SIGKILL and power loss.
 * - foreign_keys=ON: records cannot point at a collection that does not exist.
 * - temp_store=MEMORY: sorts and temporary tables never spill to temp files on disk.
 * - secure_delete=ON: freed pages are zeroed, so old ciphertext and metadata do not linger.
 * - busy_timeout: a second connection (e.g. a backup) waits instead of failing at once.
 */
import Database from 'better-sqlite3';
import { AppError } from '../../shared/errors';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations';

export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    if (db.pragma('journal_mode', { simple: true }) !== 'wal') throw new Error('could not enable WAL');
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    // Written by a newer Anxin: guessing at its schema could corrupt it. Refuse, loudly.
    throw new AppError('vault/unsupported-format', `database schema ${current} is newer than this app understands (${SCHEMA_VERSION})`, {
      found: current,
      supported: SCHEMA_VERSION
    });
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
