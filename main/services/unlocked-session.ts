/**
 * Everything that exists only while a vault is unlocked: the open database, the sealed store
 * (with its cached keys), the in-memory search index and the services built on them.
 * `close()` drops all of it and wipes the master key.
 */
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { createSealedStore } from './sealed-store';
import { createSearchIndex } from './search-index';
import { createCaseService } from './cases';
import { wipe } from './crypto';
import type { OpenedVault } from './vault';

export const DATABASE_FILE = 'anxin.db';

export function openUnlockedSession(vault: OpenedVault, now?: () => number) {
  const db = openDatabase(path.join(vault.profileDir, DATABASE_FILE));
  try {
    const store = createSealedStore({ db, masterKey: vault.masterKey, ...(now ? { now } : {}) });
    const index = createSearchIndex();
    const cases = createCaseService({ store, index });
    cases.indexAll();
    return {
      vault,
      store,
      index,
      cases,
      close() {
        index.clear();
        store.close();
        db.close();
        wipe(vault.masterKey);
      }
    };
  } catch (e) {
    db.close();
    throw e;
  }
}
export type UnlockedSession = ReturnType<typeof openUnlockedSession>;
