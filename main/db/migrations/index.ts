/**
 * Numbered schema migrations, applied in order by openDatabase(). Each one runs in its own
 * transaction together with the PRAGMA user_version bump, so a crash leaves the database at
 * the previous version or the next, never in between. Never edit a released migration: add one.
 */
import type { Database } from 'better-sqlite3';
import * as m0001 from './0001-init';
import * as m0002 from './0002-case-files';
import * as m0004 from './0004-sync';
import * as m0005 from './0005-referrals';

export type Migration = { version: number; name: string; up(db: Database): void };

/** In ascending version order. Numbers are reserved per feature, so a gap can exist between releases. */
export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0004, m0005];

/** The schema version this build writes; a database newer than this is refused. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));
