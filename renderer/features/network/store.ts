/**
 * The network as the UI holds it on the Network screen: this organisation's status and
 * profile, the organisations of the signed directory with their pin state, and the steps of
 * joining (join request, invitation) or, for the coordinator, admitting. Invitations and join
 * requests are opaque signed text; keys stay in main. Emptied when the screen closes and at lock.
 */
import { create } from 'zustand';
import type { InvitationPreview, JoinRequestPreview, NetworkOrganisation, NetworkStatus, OrganisationProfileInput } from '../../../shared/domain/referrals/schemas';
import type { MessageKey } from '../../../shared/i18n';
import type { AppErrorInfo } from '../../../shared/result';
import { getApi } from '../../bridge';
import { busyRunner, handleLockedError, settle } from '../../app/notices';

type NetworkState = {
  status: NetworkStatus | null;
  organisations: NetworkOrganisation[];
  busy: boolean;
  error: AppErrorInfo | null;
  /** A short confirmation shown on the screen. */
  notice: MessageKey | null;
  joinRequest: { text: string; fingerprint: string } | null;
  invitation: { text: string; preview: InvitationPreview } | null;
  request: { text: string; preview: JoinRequestPreview } | null;
  admitted: { invitation: string; organisation: NetworkOrganisation } | null;
  lastRefresh: { organisations: number; changedKeys: number } | null;

  load: () => Promise<void>;
  /** The status alone, quietly (the screen polls it: background refresh outcomes). */
  reloadStatus: () => Promise<void>;
  saveProfile: (profile: OrganisationProfileInput) => Promise<boolean>;
  create: (name: string) => Promise<boolean>;
  makeJoinRequest: () => Promise<void>;
  inspectInvitation: (text: string) => Promise<void>;
  join: (fingerprint: string) => Promise<boolean>;
  cancelInvitation: () => void;
  inspectRequest: (text: string) => Promise<void>;
  /** `replaceKey`: the organisation is listed with other keys and the coordinator compared the new fingerprint. */
  admit: (fingerprint: string, validUntil: string, replaceKey?: boolean) => Promise<boolean>;
  cancelRequest: () => void;
  closeAdmitted: () => void;
  refresh: () => Promise<void>;
  acceptKeyChange: (organisationId: string, fingerprint: string) => Promise<boolean>;
  remove: (organisationId: string) => Promise<void>;
  dismissError: () => void;
  reset: () => void;
};

const initial = {
  status: null,
  organisations: [] as NetworkOrganisation[],
  busy: false,
  error: null,
  notice: null,
  joinRequest: null,
  invitation: null,
  request: null,
  admitted: null,
  lastRefresh: null
};

export const useNetwork = create<NetworkState>()((set, get) => {
  const run = busyRunner(set);

  async function loadOrganisations(status: NetworkStatus): Promise<void> {
    if (!status.network) return set({ organisations: [] });
    const r = await settle(() => getApi().network.organisations({}));
    if (r.ok) set({ organisations: r.value });
    else if (!handleLockedError(r.error)) set({ error: r.error });
  }

  return {
    ...initial,

    async load() {
      const r = await settle(() => getApi().network.status({}));
      if (!r.ok) {
        if (!handleLockedError(r.error)) set({ error: r.error });
        return;
      }
      set({ status: r.value });
      await loadOrganisations(r.value);
    },

    async reloadStatus() {
      const r = await settle(() => getApi().network.status({}));
      // A failed poll is not an error to show: the next one (or an action) tries again.
      if (r.ok) set({ status: r.value });
      else handleLockedError(r.error);
    },

    async saveProfile(profile) {
      const status = await run(() => getApi().network.setProfile({ profile }));
      if (!status) return false;
      set({ status, notice: 'network.profile.saved' });
      await loadOrganisations(status);
      return true;
    },

    async create(name) {
      const status = await run(() => getApi().network.create({ name }));
      if (!status) return false;
      set({ status, notice: 'network.create.done' });
      await loadOrganisations(status);
      return true;
    },

    async makeJoinRequest() {
      const value = await run(() => getApi().network.joinRequest({}));
      if (value) set({ joinRequest: value });
    },

    async inspectInvitation(text) {
      const preview = await run(() => getApi().network.inspectInvitation({ text }));
      if (preview) set({ invitation: { text, preview } });
    },

    async join(fingerprint) {
      const invitation = get().invitation;
      if (!invitation) return false;
      const status = await run(() => getApi().network.join({ text: invitation.text, fingerprint }));
      if (!status) return false;
      set({ status, invitation: null, joinRequest: null, notice: 'network.join.done' });
      // The directory is on the relay: fetch it at once so the partners appear.
      await run(() => getApi().network.refresh({}));
      await get().load();
      return true;
    },

    cancelInvitation: () => set({ invitation: null, error: null }),

    async inspectRequest(text) {
      const preview = await run(() => getApi().network.inspectRequest({ text }));
      if (preview) set({ request: { text, preview }, admitted: null });
    },

    async admit(fingerprint, validUntil, replaceKey = false) {
      const request = get().request;
      if (!request) return false;
      const value = await run(() => getApi().network.admit({ text: request.text, fingerprint, validUntil, replaceKey }));
      if (!value) return false;
      set({ admitted: value, request: null });
      await get().load();
      return true;
    },

    cancelRequest: () => set({ request: null, error: null }),
    closeAdmitted: () => set({ admitted: null }),

    async refresh() {
      const value = await run(() => getApi().network.refresh({}));
      if (value) set({ lastRefresh: value });
      await get().load();
    },

    async acceptKeyChange(organisationId, fingerprint) {
      const org = await run(() => getApi().network.acceptKeyChange({ organisationId, fingerprint }));
      if (!org) return false;
      set({ notice: 'network.keyChanged.accepted' });
      await get().load();
      return true;
    },

    async remove(organisationId) {
      const done = await run(() => getApi().network.remove({ organisationId }));
      if (done !== undefined) await get().load();
    },

    dismissError: () => set({ error: null }),
    reset: () => set({ ...initial })
  };
});

/** Mounted by the Network screen: drop everything at lock. */
export function subscribeNetwork(): () => void {
  return getApi().onEvent('vault:locked', () => useNetwork.getState().reset());
}
