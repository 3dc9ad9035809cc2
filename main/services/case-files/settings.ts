/**
 * Organisation-level data of the case files feature, in one collection of its own (the
 * "settings collection", found through its 'casefile-settings' record, created on first use):
 * - the settings record: retention period and the organisation's own risk checklist (or null);
 * - shred tombstones ('case-shred'): one per crypto-shredded case, naming the case and its
 *   collection, so every device that syncs them destroys its copy too (applyTombstones).
 */
import { RiskChecklist, type CaseFileSettings, DEFAULT_CASE_FILE_SETTINGS, DEFAULT_RISK_CHECKLIST } from '../../../shared/domain/case-file';
import type { SealedStore, StoredRecord } from '../sealed-store';
import { KIND } from './kinds';

type SettingsBody = CaseFileSettings & { checklist: RiskChecklist | null };
export type ShredBody = { caseId: string; collection: string; at: string; actor: string; device: string };

export function createCaseFileSettings(deps: { store: SealedStore; now: () => number }) {
  const { store } = deps;

  const DEFAULTS: SettingsBody = { ...DEFAULT_CASE_FILE_SETTINGS, checklist: null };

  function find(): StoredRecord<SettingsBody> | null {
    const all = store.list<SettingsBody>(KIND.settings);
    // Two devices may each have created one before they synced: the lowest id wins everywhere.
    return all.length > 0 ? all.sort((a, b) => a.header.id.localeCompare(b.header.id))[0]! : null;
  }
  // Reading never writes: the settings collection is created by the first write.
  let cached: StoredRecord<SettingsBody> | null | undefined;
  const current = (): StoredRecord<SettingsBody> | null => (cached === undefined ? (cached = find()) : cached);
  const body = (): SettingsBody => current()?.body ?? DEFAULTS;

  function ensure(): StoredRecord<SettingsBody> {
    const h = current();
    if (h) return h;
    return store.transaction(() => {
      const header = store.put({ kind: KIND.settings, collection: store.createCollection(), body: DEFAULTS });
      cached = { header, body: DEFAULTS };
      return cached;
    });
  }

  /** Runs a write; if its transaction rolls back, the cached head is forgotten with it. */
  function guarded<R>(fn: () => R): R {
    try {
      return store.transaction(fn);
    } catch (e) {
      cached = undefined;
      throw e;
    }
  }

  function write(patch: Partial<SettingsBody>): SettingsBody {
    return guarded(() => {
      const h = ensure();
      const next: SettingsBody = { ...h.body, ...patch };
      const header = store.put({ id: h.header.id, kind: KIND.settings, collection: h.header.collection, body: next, baseRevision: h.header.revision });
      cached = { header, body: next };
      return next;
    });
  }

  return {
    get(): CaseFileSettings {
      return { retentionMonths: body().retentionMonths };
    },
    set(s: CaseFileSettings): CaseFileSettings {
      const b = write({ retentionMonths: s.retentionMonths });
      return { retentionMonths: b.retentionMonths };
    },
    /** The checklist in force: the organisation's own (if valid), else the default. */
    checklist(): RiskChecklist {
      const own = body().checklist;
      if (own) {
        const parsed = RiskChecklist.safeParse(own);
        if (parsed.success) return parsed.data;
      }
      return DEFAULT_RISK_CHECKLIST;
    },
    setChecklist(checklist: RiskChecklist | null): RiskChecklist {
      write({ checklist });
      return checklist ?? DEFAULT_RISK_CHECKLIST;
    },
    addShred(body: ShredBody): void {
      guarded(() => store.put({ kind: KIND.shred, collection: ensure().header.collection, body }));
    },
    shreds(): ShredBody[] {
      return store.list<ShredBody>(KIND.shred).map((r) => r.body);
    },
    /** Forget the cached head (after a sync import changed it). */
    refresh(): void {
      cached = undefined;
    }
  };
}

export type CaseFileSettingsService = ReturnType<typeof createCaseFileSettings>;
