/** IPC handlers of the case files feature (shared/ipc/features/case-files.contract.ts). */
import type { caseFilesContract } from '../../../shared/ipc/features/case-files.contract';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';

export function createCaseFilesHandlers(ctx: HandlerContext): HandlersFor<typeof caseFilesContract> {
  return {
    'cases:list': () => ctx.unlocked().cases.list(),
    'cases:get': ({ id }) => ctx.unlocked().cases.get(id),
    'cases:create': ({ fields }) => ctx.unlocked().cases.create(fields),
    'cases:update': ({ id, baseRevision, fields }) => ctx.unlocked().cases.update(id, baseRevision, fields),
    'cases:delete': ({ id, baseRevision }) => {
      ctx.unlocked().cases.remove(id, baseRevision);
      return null;
    },
    'cases:history': ({ id }) => ctx.unlocked().cases.history(id)
  };
}
