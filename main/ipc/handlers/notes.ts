/** IPC handlers of shared/ipc/features/notes.contract.ts. */
import type { notesContract } from '../../../shared/ipc/features/notes.contract';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';

export function createNotesHandlers(_ctx: HandlerContext): HandlersFor<typeof notesContract> {
  return {};
}
