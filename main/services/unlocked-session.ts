/**
 * Everything that exists only while a vault is unlocked: the open database, the sealed store
 * (with its cached keys), the in-memory search index and the services built on them.
 * `close()` drops all of it and wipes the master key.
 */
import path from 'node:path';
import { openDatabase } from '../db/connection';
import { createSealedStore } from './sealed-store';
import { createSearchIndex } from './search-index';
import { createCaseFiles } from './case-files';
import { createTimeline } from './case-files/timeline';
import { createNotesServices } from './notes';
import { wipe } from './crypto';
import { createSyncService } from './sync';
import { createDirectoryService } from './directory';
import { createNetworkService } from './network';
import { createReferralService } from './referrals';
import type { OpenedVault } from './vault';
import type { TimelineSource } from '../../shared/domain/timeline';

export const DATABASE_FILE = 'anxin.db';

export function openUnlockedSession(vault: OpenedVault, now?: () => number) {
  const db = openDatabase(path.join(vault.profileDir, DATABASE_FILE));
  try {
    const store = createSealedStore({ db, masterKey: vault.masterKey, ...(now ? { now } : {}) });
    const index = createSearchIndex();
    // Case files (docs/case-files.md): cases, identity, incidents, consents, risk, plans, tasks,
    // attachments, audit; `load()` builds the caseload registry and the search index.
    const caseFiles = createCaseFiles({ db, store, index, actor: { name: vault.displayName, device: store.deviceId }, ...(now ? { now } : {}) });
    const cases = caseFiles.cases;
    /** Consent checks for other features: consents.check(caseId, scope, { organisationId }). */
    const consents = caseFiles.consents;
    caseFiles.load();
    // Interview notes; story consent is checked through session.consents.
    const notes = createNotesServices({ store, index, cases, consents });
    notes.interviews.indexAll();
    /** Each feature's contribution to a case's timeline (merged newest first by the case files). */
    const timelineSources: TimelineSource[] = [caseFiles.timelineSource, notes.interviews.timeline];
    const timeline = createTimeline(timelineSources);
    /** The safe, slower path: rebuild every in-memory view from the records. */
    const reloadEverything = () => {
      index.clear();
      caseFiles.registry.clear();
      caseFiles.settings.refresh();
      caseFiles.load();
      notes.interviews.indexAll();
    };
    // Multi-device sync (docs/sync.md): hooks the store's writes into the outbox. After remote
    // changes, only the cases and interviews in the touched collections are rebuilt — with live
    // delivery another device's every autosave arrives here, and rebuilding a 10,000-case
    // caseload each time would keep main busy. Anything else (organisation settings, shred
    // tombstones, a deleted case or interview, a collection whose key has not arrived) takes
    // the full reload.
    const sync = createSyncService({
      db,
      store,
      masterKey: vault.masterKey,
      ...(now ? { now } : {}),
      onApplied: (collections) => {
        for (const collection of collections) {
          let done = false;
          try {
            done = caseFiles.cases.reloadCollection(collection) || notes.interviews.reloadCollection(collection) || referrals.syncedCollection(collection);
          } catch {
            done = false;
          }
          if (!done) {
            reloadEverything();
            return;
          }
        }
      }
    });
    // Directory of help services (docs/directory.md): organisation-level, no case data.
    // The network's signed directory shows there as read-only 'network' entries (docs/network.md).
    const directory = createDirectoryService({ store, ...(now ? { now } : {}), networkEntries: () => network.directoryEntries() });
    // The referral network (docs/network.md): referral keys, the signed directory, pinned keys.
    const network = createNetworkService({ store, sync, ...(now ? { now } : {}) });
    // Referrals between organisations (docs/referrals.md): queued steps go out and the
    // organisation's referrals mailbox is read after sync cycles (at most every 10 s) and on referrals:sync.
    const referrals = createReferralService({ db, store, caseFiles, network, actor: { name: vault.displayName, device: store.deviceId }, devices: () => sync.devices(), knownDevices: () => sync.knownDevices(), ...(now ? { now } : {}) });
    sync.onStatus((s) => {
      if (s.state === 'idle') referrals.afterSyncCycle();
    });
    return {
      vault,
      store,
      index,
      cases,
      caseFiles,
      consents,
      notes,
      timelineSources,
      timeline,
      sync,
      directory,
      network,
      referrals,
      close() {
        referrals.shutdown();
        sync.close();
        caseFiles.close();
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
