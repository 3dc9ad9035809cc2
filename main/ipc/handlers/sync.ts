/** IPC handlers of shared/ipc/features/sync.contract.ts. */
import type { syncContract } from '../../../shared/ipc/features/sync.contract';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';

export function createSyncHandlers(_ctx: HandlerContext): HandlersFor<typeof syncContract> {
  return {};
}
