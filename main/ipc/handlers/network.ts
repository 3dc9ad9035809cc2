/** IPC handlers of the `network:*` channels of shared/ipc/features/referrals.contract.ts (docs/network.md). */
import type { referralsContract } from '../../../shared/ipc/features/referrals.contract';
import type { HandlerContext } from '../context';
import type { HandlersFor } from '../router';

export type NetworkChannel = Extract<keyof typeof referralsContract, `network:${string}`>;
export type NetworkContract = Pick<typeof referralsContract, NetworkChannel>;

export function createNetworkHandlers(ctx: HandlerContext): HandlersFor<NetworkContract> {
  const network = () => ctx.unlocked().network;
  return {
    'network:status': () => network().status(),
    'network:setProfile': ({ profile }) => network().setProfile(profile),
    'network:create': ({ name }) => network().create(name),
    'network:joinRequest': () => network().joinRequest(),
    'network:inspectRequest': ({ text }) => network().inspectRequest(text),
    'network:admit': (req) => network().admit(req),
    'network:remove': async ({ organisationId }) => {
      await network().remove(organisationId);
      return null;
    },
    'network:inspectInvitation': ({ text }) => network().inspectInvitation(text),
    'network:join': (req) => network().join(req),
    'network:refresh': () => network().refresh(),
    'network:organisations': () => network().organisations(),
    'network:acceptKeyChange': (req) => network().acceptKeyChange(req)
  };
}
