/** IPC handlers of shared/ipc/features/sync.contract.ts. */
import type { syncContract } from '../../../shared/ipc/features/sync.contract';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';
import type { UnlockedSession } from '../../services/unlocked-session';

export function createSyncHandlers(ctx: HandlerContext): HandlersFor<typeof syncContract> {
  // Status events start flowing for a session once the renderer first asks about sync.
  const subscribed = new WeakSet<UnlockedSession>();
  const sync = () => {
    const session = ctx.unlocked();
    if (!subscribed.has(session)) {
      subscribed.add(session);
      session.sync.onStatus((s) => ctx.emit('sync:status', s));
    }
    return session.sync;
  };
  return {
    'sync:status': () => sync().status(),
    'sync:syncNow': () => sync().syncNow(),
    'sync:createOrg': ({ relayUrl, label }) => sync().createOrganisation({ relayUrl, label }),
    'sync:offerLink': ({ relayUrl }) => sync().offerLink({ relayUrl }),
    'sync:lookupLink': ({ code }) => sync().lookupLink(code),
    'sync:approveLink': async (input) => {
      await sync().approveLink(input);
      return null;
    },
    'sync:devices': () => sync().devices(),
    'sync:removeDevice': async ({ deviceId }) => {
      await sync().removeDevice(deviceId);
      return null;
    },
    'sync:conflicts': () => sync().conflicts(),
    'sync:resolveConflict': (input) => {
      sync().resolveConflict({ conflictId: input.conflictId, choice: input.choice, ...(input.text !== undefined ? { text: input.text } : {}) });
      return null;
    }
  };
}
