/** IPC handlers of shared/ipc/features/directory.contract.ts. */
import type { directoryContract } from '../../../shared/ipc/features/directory.contract';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';

export function createDirectoryHandlers(ctx: HandlerContext): HandlersFor<typeof directoryContract> {
  const directory = () => ctx.unlocked().directory;
  return {
    'directory:list': () => directory().list(),
    'directory:search': (filter) => directory().search(filter),
    'directory:add': ({ fields }) => directory().add(fields),
    'directory:update': ({ id, baseRevision, fields }) => directory().update(id, baseRevision, fields),
    'directory:remove': ({ id, baseRevision }) => {
      directory().remove(id, baseRevision);
      return null;
    },
    'directory:loadDemo': () => directory().loadDemo(),
    'directory:removeDemo': () => directory().removeDemo(),
    'directory:import': ({ format, content }) => directory().importFile(format, content),
    'directory:export': ({ format }) => directory().exportFile(format)
  };
}
