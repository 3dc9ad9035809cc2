/** IPC handlers of shared/ipc/features/desktop.contract.ts. */
import type { desktopContract } from '../../../shared/ipc/features/desktop.contract';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';

export function createDesktopHandlers(_ctx: HandlerContext): HandlersFor<typeof desktopContract> {
  return {};
}
