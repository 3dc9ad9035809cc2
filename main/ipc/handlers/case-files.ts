/** IPC handlers of the case files feature (shared/ipc/features/case-files.contract.ts). */
import type { caseFilesContract } from '../../../shared/ipc/features/case-files.contract';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';

export function createCaseFilesHandlers(ctx: HandlerContext): HandlersFor<typeof caseFilesContract> {
  const cf = () => ctx.unlocked().caseFiles;
  return {
    'cases:list': () => cf().cases.list(),
    'cases:get': ({ id }) => cf().cases.get(id),
    'cases:create': ({ fields }) => cf().cases.create(fields),
    'cases:update': ({ id, baseRevision, fields }) => cf().cases.update(id, baseRevision, fields),
    'cases:setStatus': ({ id, baseRevision, status, closure }) => cf().cases.setStatus(id, baseRevision, status, closure),
    'cases:delete': ({ id, baseRevision }) => {
      cf().cases.remove(id, baseRevision);
      return null;
    },
    'cases:history': ({ id }) => cf().cases.history(id),
    'cases:reveal': ({ id }) => cf().cases.reveal(id),
    'cases:setIdentity': ({ id, baseRevision, identity }) => cf().cases.setIdentity(id, baseRevision, identity),

    'caseload:list': () => cf().caseload.list(),
    'caseload:search': ({ text, limit }) => cf().caseload.search(text, limit),
    'caseload:settings': () => cf().settings.get(),
    'caseload:setSettings': (s) => cf().settings.set(s),

    'incidents:list': ({ caseId }) => cf().incidents.list(caseId),
    'incidents:save': ({ caseId, id, baseRevision, fields }) => cf().incidents.save(caseId, id, baseRevision, fields),
    'incidents:delete': ({ caseId, id, baseRevision }) => {
      cf().incidents.remove(caseId, id, baseRevision);
      return null;
    },

    'consents:list': ({ caseId }) => cf().consents.list(caseId),
    'consents:record': ({ caseId, consent }) => cf().consents.record(caseId, consent),
    'consents:withdraw': ({ caseId, id, withdrawal }) => cf().consents.withdraw(caseId, id, withdrawal),

    'risk:checklist': () => cf().risk.checklist(),
    'risk:setChecklist': ({ checklist }) => cf().risk.setChecklist(checklist),
    'risk:assess': (input) => cf().risk.assess(input),
    'risk:overview': ({ caseId }) => cf().risk.overview(caseId),

    'plans:get': ({ caseId }) => cf().plans.get(caseId),
    'plans:saveCasePlan': ({ caseId, baseRevision, fields }) => cf().plans.saveCasePlan(caseId, baseRevision, fields),
    'plans:saveSafetyPlan': ({ caseId, baseRevision, fields }) => cf().plans.saveSafetyPlan(caseId, baseRevision, fields),
    'tasks:list': ({ caseId }) => cf().plans.listTasks(caseId),
    'tasks:save': ({ caseId, id, baseRevision, fields }) => cf().plans.saveTask(caseId, id, baseRevision, fields),
    'tasks:delete': ({ caseId, id, baseRevision }) => {
      cf().plans.removeTask(caseId, id, baseRevision);
      return null;
    },
    'tasks:due': ({ days }) => cf().plans.due(days),

    'timeline:list': ({ caseId, kinds }) => {
      const session = ctx.unlocked();
      session.caseFiles.registry.get(caseId); // record/not-found for an unknown case
      return session.timeline.forCase(caseId, kinds ? { kinds } : undefined);
    },
    'audit:list': ({ caseId }) => cf().audit.list(caseId),

    'attachments:list': ({ caseId }) => cf().attachments.list(caseId),
    'attachments:begin': (input) => cf().attachments.begin(input),
    'attachments:append': ({ uploadId, seq, data }) => cf().attachments.append(uploadId, seq, data),
    'attachments:finish': ({ uploadId }) => cf().attachments.finish(uploadId),
    'attachments:abort': ({ uploadId }) => {
      cf().attachments.abort(uploadId);
      return null;
    },
    'attachments:read': ({ caseId, id, offset, length }) => cf().attachments.read(caseId, id, offset, length),
    'attachments:export': (req) =>
      cf().attachments.export(req.caseId, req.id, req.format === 'encrypted' ? { format: 'encrypted', passphrase: req.passphrase } : { format: 'unencrypted' }),
    'attachments:exportRead': ({ exportId, offset, length }) => cf().attachments.exportRead(exportId, offset, length),
    'attachments:delete': ({ caseId, id }) => {
      cf().attachments.remove(caseId, id);
      return null;
    }
  };
}
