/**
 * Referrals as the UI holds them while the Referrals views are open: the status board (sent and
 * received), the referral being read, the composer's preparation, and the letter templates.
 * Everything is plaintext the service chose to show; no key ever reaches the renderer. The
 * store is emptied when the views close and at lock; `referrals:changed` reloads it.
 * The composer's preparation holds the survivor's legal identity only while Identity is ticked:
 * ticking it asks the service for it (an audited reveal), unticking drops it from here.
 */
import { create } from 'zustand';
import type { LetterTemplate, LetterTemplateFields, NetworkOrganisation, ReferralAuditEntry, ReferralDetail, ReferralInbox, ReferralSummary } from '../../../shared/domain/referrals/schemas';
import type { RequestOf, ResponseOf } from '../../../shared/ipc/contract';
import type { AppErrorInfo, Result } from '../../../shared/result';
import { getApi } from '../../bridge';
import { handleLockedError, settle, useNotices } from '../../app/notices';

export type BoardTab = 'sent' | 'received';
export type Prepared = ResponseOf<'referrals:prepare'>;
export type SendRequest = RequestOf<'referrals:send'>;

/** The case a referral is being written from (set by the case file's Refer button). */
export type ComposeTarget = { caseId: string; pseudonym: string };

/** The verbs of the detail view: each writes one signed step. */
export type StepAction =
  | { kind: 'accept' }
  | { kind: 'decline'; text: string }
  | { kind: 'request-info'; text: string }
  | { kind: 'provide-info'; text: string }
  | { kind: 'progress'; text: string }
  | { kind: 'close'; text: string }
  | { kind: 'withdraw'; text: string };

type ReferralsState = {
  sent: ReferralSummary[];
  received: ReferralSummary[];
  loaded: boolean;
  tab: BoardTab;
  selectedId: string | null;
  detail: ReferralDetail | null;
  /** Errors of the board and the detail view (shown where they happened). */
  error: AppErrorInfo | null;
  busy: boolean;
  lastSync: ResponseOf<'referrals:sync'> | null;
  /** After Accept: the linked case on this side. */
  acceptedCaseId: string | null;
  /** Which device of the organisation receives referrals (null until read, or when it could not be). */
  inbox: ReferralInbox | null;
  /** Refused messages that belong to no referral held here (newest first; referrals:refused). */
  refused: ReferralAuditEntry[];

  composing: ComposeTarget | null;
  organisations: NetworkOrganisation[];
  /** This organisation's name (the letter's sender). */
  selfName: string;
  /** The directory the composer chooses from was last verified more than DIRECTORY_STALE_DAYS ago (null: not stale). */
  directoryStale: { refreshedAt: string | null } | null;
  prepared: Prepared | null;
  composeError: AppErrorInfo | null;
  /** Identity was ticked and is being read (an audited reveal in the main process). */
  identityPending: boolean;

  templates: LetterTemplate[];
  templatesLoaded: boolean;
  templateError: AppErrorInfo | null;

  load: () => Promise<void>;
  setTab: (tab: BoardTab) => void;
  select: (id: string) => Promise<void>;
  closeDetail: () => void;
  syncNow: () => Promise<void>;
  loadInbox: () => Promise<void>;
  /** Makes this device the one that receives the organisation's referrals (after confirmation). */
  receiveHere: () => Promise<boolean>;
  act: (id: string, action: StepAction) => Promise<boolean>;
  letterPdf: (id: string) => Promise<ResponseOf<'referrals:letterPdf'> | null>;
  dismissError: () => void;

  startCompose: (target: ComposeTarget) => void;
  cancelCompose: () => void;
  loadOrganisations: () => Promise<void>;
  /** Fetches and verifies the network directory again (network:refresh), then reloads the organisations. */
  refreshDirectory: () => Promise<void>;
  prepare: (caseId: string, organisationId: string) => Promise<Prepared | null>;
  clearPrepared: () => void;
  /** Identity ticked: reads it (audited as 'revealed') into `prepared.available`. False when it failed or was unticked meanwhile. */
  revealIdentity: (caseId: string, organisationId: string) => Promise<boolean>;
  /** Identity unticked: drops it from `prepared` (and ignores a reveal still on its way). */
  dropIdentity: () => void;
  send: (request: SendRequest) => Promise<ReferralSummary | null>;

  loadTemplates: () => Promise<void>;
  saveTemplate: (id: string | null, baseRevision: number | null, fields: LetterTemplateFields) => Promise<LetterTemplate | null>;
  deleteTemplate: (template: LetterTemplate) => Promise<boolean>;
  reset: () => void;
};

const initial = {
  sent: [] as ReferralSummary[],
  received: [] as ReferralSummary[],
  loaded: false,
  tab: 'sent' as BoardTab,
  selectedId: null,
  detail: null,
  error: null,
  busy: false,
  lastSync: null,
  acceptedCaseId: null,
  inbox: null as ReferralInbox | null,
  refused: [] as ReferralAuditEntry[],
  composing: null,
  organisations: [] as NetworkOrganisation[],
  selfName: '',
  directoryStale: null as { refreshedAt: string | null } | null,
  prepared: null,
  composeError: null,
  identityPending: false,
  templates: [] as LetterTemplate[],
  templatesLoaded: false,
  templateError: null
};

/** Newest first; overdue ones first of all (they need someone's attention). */
function order(list: ReferralSummary[]): ReferralSummary[] {
  return [...list].sort((a, b) => Number(b.overdue) - Number(a.overdue) || b.updatedAt.localeCompare(a.updatedAt));
}

export const useReferrals = create<ReferralsState>()((set, get) => {
  /** Bumped whenever a pending identity reveal must no longer land (unticked, re-prepared, closed). */
  let identityTicket = 0;
  const forgetIdentity = () => {
    identityTicket++;
    return { identityPending: false };
  };

  /** A failed call: a lock drops everything, anything else lands in the given error slot. */
  function fail(error: AppErrorInfo, slot: 'error' | 'composeError' | 'templateError' = 'error'): null {
    if (!handleLockedError(error)) set({ [slot]: error } as Partial<ReferralsState>);
    return null;
  }

  async function step(id: string, action: StepAction): Promise<Result<ReferralSummary>> {
    const api = getApi().referrals;
    switch (action.kind) {
      case 'accept': {
        const r = await settle(() => api.accept({ id }));
        if (!r.ok) return r;
        set({ acceptedCaseId: r.value.caseId });
        return { ok: true, value: r.value.summary };
      }
      case 'decline':
        return settle(() => api.decline({ id, reason: action.text }));
      case 'request-info':
        return settle(() => api.requestInfo({ id, question: action.text }));
      case 'provide-info':
        return settle(() => api.provideInfo({ id, text: action.text }));
      case 'progress':
        return settle(() => api.progress({ id, note: action.text }));
      case 'close':
        return settle(() => api.close({ id, note: action.text }));
      case 'withdraw':
        return settle(() => api.withdraw({ id, reason: action.text }));
    }
  }

  return {
    ...initial,

    async load() {
      const r = await settle(() => getApi().referrals.list({}));
      if (!r.ok) return void fail(r.error);
      set({ sent: order(r.value.sent), received: order(r.value.received), loaded: true });
      void get().loadInbox();
      void settle(() => getApi().referrals.refused({})).then((x) => (x.ok ? set({ refused: x.value }) : fail(x.error)));
      const id = get().selectedId;
      if (id) {
        const d = await settle(() => getApi().referrals.get({ id }));
        // Gone (withdrawn and deleted here, expired): back to the board, saying why.
        if (!d.ok) {
          set({ selectedId: null, detail: null });
          return void fail(d.error);
        }
        if (get().selectedId === id) set({ detail: d.value });
      }
    },

    setTab: (tab) => set({ tab }),

    async select(id) {
      set({ selectedId: id, detail: null, error: null, acceptedCaseId: null });
      const r = await settle(() => getApi().referrals.get({ id }));
      if (!r.ok) {
        set({ selectedId: null });
        return void fail(r.error);
      }
      if (get().selectedId === id) set({ detail: r.value });
    },

    closeDetail: () => set({ selectedId: null, detail: null, error: null, acceptedCaseId: null }),

    async syncNow() {
      set({ busy: true, error: null });
      const r = await settle(() => getApi().referrals.sync({}));
      set({ busy: false });
      if (!r.ok) return void fail(r.error);
      set({ lastSync: r.value });
      await get().load();
    },

    async loadInbox() {
      const r = await settle(() => getApi().referrals.inbox({}));
      // Only a hint under the board: a failure (other than a lock) just leaves it out.
      if (!r.ok) return void (handleLockedError(r.error) || set({ inbox: null }));
      set({ inbox: r.value });
    },

    async receiveHere() {
      set({ busy: true, error: null });
      const r = await settle(() => getApi().referrals.receiveHere({}));
      set({ busy: false });
      if (!r.ok) {
        await get().loadInbox();
        return fail(r.error) ?? false;
      }
      set({ inbox: r.value });
      return true;
    },

    async act(id, action) {
      set({ busy: true, error: null });
      const r = await step(id, action);
      set({ busy: false });
      if (!r.ok) return fail(r.error) ?? false;
      await get().load();
      return true;
    },

    async letterPdf(id) {
      const r = await settle(() => getApi().referrals.letterPdf({ id }));
      return r.ok ? r.value : fail(r.error);
    },

    dismissError: () => set({ error: null }),

    startCompose: (target) => set({ ...forgetIdentity(), composing: target, prepared: null, composeError: null, selectedId: null, detail: null }),
    cancelCompose: () => set({ ...forgetIdentity(), composing: null, prepared: null, composeError: null }),

    async loadOrganisations() {
      const [r, status] = await Promise.all([settle(() => getApi().network.organisations({})), settle(() => getApi().network.status({}))]);
      if (!r.ok) return void fail(r.error, 'composeError');
      const selfName = r.value.find((o) => o.self)?.profile.name || (status.ok ? (status.value.profile?.name ?? '') : '');
      const network = status.ok ? status.value.network : null;
      set({ organisations: r.value, selfName, directoryStale: network?.stale ? { refreshedAt: network.refreshedAt } : null });
    },

    async refreshDirectory() {
      set({ busy: true, composeError: null });
      const r = await settle(() => getApi().network.refresh({}));
      set({ busy: false });
      if (!r.ok) return void fail(r.error, 'composeError');
      await get().loadOrganisations();
    },

    /** Without the identity (nothing is revealed): `identityRecorded` says whether there is one. */
    async prepare(caseId, organisationId) {
      set({ ...forgetIdentity(), prepared: null, composeError: null });
      const r = await settle(() => getApi().referrals.prepare({ caseId, organisationId }));
      if (!r.ok) return fail(r.error, 'composeError');
      set({ prepared: r.value });
      return r.value;
    },

    clearPrepared: () => set({ ...forgetIdentity(), prepared: null, composeError: null }),

    async revealIdentity(caseId, organisationId) {
      const ticket = ++identityTicket;
      set({ identityPending: true, composeError: null });
      const r = await settle(() => getApi().referrals.prepare({ caseId, organisationId, includeIdentity: true }));
      if (ticket !== identityTicket) return false;
      set({ identityPending: false });
      if (!r.ok) return fail(r.error, 'composeError') ?? false;
      const p = get().prepared;
      const identity = r.value.available.identity;
      if (!p || p.receiver.organisationId !== organisationId || get().composing?.caseId !== caseId || identity === undefined) return false;
      // Only the identity joins the preparation: its reference, consent and the rest stay as they were.
      set({ prepared: { ...p, identityRecorded: r.value.identityRecorded, available: { ...p.available, identity } } });
      return true;
    },

    dropIdentity() {
      const p = get().prepared;
      if (!p || p.available.identity === undefined) return void set(forgetIdentity());
      const { identity: _identity, ...available } = p.available;
      void _identity;
      set({ ...forgetIdentity(), prepared: { ...p, available } });
    },

    async send(request) {
      set({ busy: true, composeError: null });
      const r = await settle(() => getApi().referrals.send(request));
      set({ busy: false });
      if (!r.ok) return fail(r.error, 'composeError');
      set({ ...forgetIdentity(), composing: null, prepared: null, tab: 'sent' });
      useNotices.getState().showInfo(r.value.status === 'queued' ? 'referrals.compose.queued' : 'referrals.compose.sent');
      await get().load();
      return r.value;
    },

    async loadTemplates() {
      const r = await settle(() => getApi().referrals.templates({}));
      if (!r.ok) return void fail(r.error, 'templateError');
      set({ templates: r.value, templatesLoaded: true });
    },

    async saveTemplate(id, baseRevision, fields) {
      set({ templateError: null });
      const r = await settle(() => getApi().referrals.saveTemplate({ id, baseRevision, fields }));
      if (!r.ok) return fail(r.error, 'templateError');
      await get().loadTemplates();
      return r.value;
    },

    async deleteTemplate(template) {
      set({ templateError: null });
      const r = await settle(() => getApi().referrals.deleteTemplate({ id: template.id, baseRevision: template.revision }));
      if (!r.ok) return fail(r.error, 'templateError') ?? false;
      await get().loadTemplates();
      return true;
    },

    reset: () => set({ ...forgetIdentity(), ...initial })
  };
});

/** Mounted by the Referrals views: reload on `referrals:changed`, drop everything at lock. */
export function subscribeReferrals(): () => void {
  const api = getApi();
  const offChanged = api.onEvent('referrals:changed', () => void useReferrals.getState().load());
  const offLock = api.onEvent('vault:locked', () => useReferrals.getState().reset());
  return () => {
    offChanged();
    offLock();
  };
}
