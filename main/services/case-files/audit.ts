/**
 * The per-case audit log: each entry is its own sealed record of kind 'audit' in the case's
 * collection, written once and never updated (append-only by construction: the service has no
 * edit or delete verb). Shredding a case destroys its log with it; the shred itself is recorded
 * in the organisation's tombstone (settings.ts).
 */
import type { AuditAction, AuditEntry } from '../../../shared/domain/case-file';
import type { CaseFileDeps } from './deps';
import { KIND } from './kinds';

type AuditBody = { action: AuditAction; actor: string; device: string; at: string; target: string; detail: string };

export function createAuditLog(deps: CaseFileDeps) {
  const { store, registry, actor, now } = deps;
  return {
    append(caseId: string, action: AuditAction, target = '', detail = ''): void {
      const c = registry.get(caseId);
      const body: AuditBody = { action, actor: actor.name, device: actor.device, at: new Date(now()).toISOString(), target, detail };
      store.put({ kind: KIND.audit, collection: c.collection, body });
    },

    /** Newest first. */
    list(caseId: string): AuditEntry[] {
      const c = registry.get(caseId);
      return store
        .listInCollection<AuditBody>(c.collection, KIND.audit)
        .sort((a, b) => (a.header.hlc < b.header.hlc ? 1 : a.header.hlc > b.header.hlc ? -1 : 0))
        .map(({ header, body }) => ({ id: header.id, caseId, ...body }));
    }
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
