/**
 * The case files feature's services, built together for one unlocked session
 * (main/services/unlocked-session.ts). See docs/case-files.md.
 */
import type { Database } from 'better-sqlite3';
import type { SealedStore } from '../sealed-store';
import type { SearchIndex } from '../search-index';
import { createCaseService } from '../cases';
import { createAttachmentService } from './attachments';
import { createAuditLog } from './audit';
import { createCaseload } from './caseload';
import { createConsentService } from './consents';
import type { Actor, CaseFileDeps } from './deps';
import { createIncidentService } from './incidents';
import { createPlanService } from './plans';
import { createCaseRegistry } from './registry';
import { createRiskService } from './risk';
import { createCaseFileSettings } from './settings';
import { caseFilesTimelineSource } from './timeline';

export function createCaseFiles(opts: { db: Database; store: SealedStore; index: SearchIndex; actor: Actor; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const registry = createCaseRegistry(opts.index);
  const deps: CaseFileDeps = { db: opts.db, store: opts.store, registry, actor: opts.actor, now };
  const audit = createAuditLog(deps);
  const settings = createCaseFileSettings({ store: opts.store, now });
  const attachments = createAttachmentService(deps, audit);
  const cases = createCaseService({ store: opts.store, index: opts.index, registry, audit, settings, actor: opts.actor, now });
  const incidents = createIncidentService(deps, audit);
  const consents = createConsentService(deps, audit);
  const risk = createRiskService(deps, audit, settings);
  const plans = createPlanService(deps, audit);
  const caseload = createCaseload({ registry, settings, index: opts.index, now });
  const timelineSource = caseFilesTimelineSource({ store: opts.store, registry, incidents, consents, risk, plans, attachments });

  return {
    registry,
    audit,
    settings,
    cases,
    incidents,
    consents,
    risk,
    plans,
    attachments,
    caseload,
    timelineSource,
    /** After unlock: honour shred tombstones, drop orphan upload chunks, build registry and index. */
    load(): number {
      cases.applyTombstones();
      attachments.dropOrphanChunks();
      return cases.indexAll();
    },
    close(): void {
      attachments.close();
      registry.clear();
    }
  };
}

export type CaseFiles = ReturnType<typeof createCaseFiles>;
