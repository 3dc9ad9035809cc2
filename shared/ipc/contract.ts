/**
 * The one IPC contract: channel -> request and response schemas. Main validates every
 * request against it (Electron IPC and the browser host alike); the preload API type and the
 * renderer bridge are derived from it. Channel names are `domain:verb`.
 */
import { z } from 'zod';
import { RecordId } from '../domain/case';
import { LOCALES } from '../i18n/locales';

import { Empty, Void } from './schema-helpers';
import { caseFilesContract, caseFilesEvents } from './features/case-files.contract';
import { notesContract, notesEvents } from './features/notes.contract';
import { syncContract, syncEvents } from './features/sync.contract';
import { desktopContract, desktopEvents } from './features/desktop.contract';
import { directoryContract, directoryEvents } from './features/directory.contract';
import { referralsContract, referralsEvents } from './features/referrals.contract';

export const ProfileId = z.string().regex(/^[0-9a-f]{16}$/);
export const Passphrase = z.string().min(1).max(1024);
export const RecoveryKeyText = z.string().min(1).max(200);

export const ProfileSummary = z.strictObject({
  id: ProfileId,
  displayName: z.string(),
  createdAt: z.string()
});

export const VaultStatus = z.strictObject({
  state: z.enum(['locked', 'unlocked']),
  profileId: ProfileId.nullable(),
  displayName: z.string().nullable(),
  /** False until the person has typed back the recovery key shown at creation. */
  recoveryKeyConfirmed: z.boolean(),
  idleTimeoutMinutes: z.number().int()
});
export type VaultStatus = z.infer<typeof VaultStatus>;

export const LockReason = z.enum(['manual', 'shortcut', 'idle', 'suspend', 'quit', 'quick-exit']);
export type LockReason = z.infer<typeof LockReason>;

export const SearchHit = z.strictObject({
  id: RecordId,
  kind: z.string(),
  title: z.string(),
  score: z.number()
});

export const Preferences = z.strictObject({ locale: z.enum(LOCALES).nullable() });
export type Preferences = z.infer<typeof Preferences>;

/** Channels of the foundation; each feature adds its own from shared/ipc/features/. */
const coreContract = {
  'app:info': {
    request: Empty,
    response: z.strictObject({ version: z.string(), shell: z.enum(['electron', 'browser']) })
  },
  /** Device-wide UI preferences (not per profile: the unlock screen needs them). */
  'prefs:get': { request: Empty, response: Preferences },
  'prefs:set': { request: z.strictObject({ locale: z.enum(LOCALES) }), response: Preferences },
  'vault:listProfiles': { request: Empty, response: z.array(ProfileSummary) },
  'vault:status': { request: Empty, response: VaultStatus },
  'vault:create': {
    request: z.strictObject({ displayName: z.string().trim().min(1).max(60), passphrase: Passphrase }),
    /** The recovery key is shown once, then must be typed back (vault:confirmRecoveryKey). */
    response: z.strictObject({ status: VaultStatus, recoveryKey: z.string() })
  },
  'vault:unlock': { request: z.strictObject({ profileId: ProfileId, passphrase: Passphrase }), response: VaultStatus },
  'vault:lock': { request: z.strictObject({ reason: z.enum(['manual', 'shortcut']) }), response: VaultStatus },
  'vault:confirmRecoveryKey': { request: z.strictObject({ recoveryKey: RecoveryKeyText }), response: VaultStatus },
  'vault:rotateRecoveryKey': { request: Empty, response: z.strictObject({ recoveryKey: z.string() }) },
  'vault:changePassphrase': {
    request: z.strictObject({ currentPassphrase: Passphrase, newPassphrase: Passphrase }),
    response: Void
  },
  'vault:recover': {
    request: z.strictObject({ profileId: ProfileId, recoveryKey: RecoveryKeyText, newPassphrase: Passphrase }),
    response: VaultStatus
  },
  'vault:setIdleTimeout': { request: z.strictObject({ minutes: z.number().int().min(1).max(240) }), response: VaultStatus },
  'session:activity': { request: Empty, response: Void },
  'search:query': {
    request: z.strictObject({ text: z.string().max(200), limit: z.number().int().min(1).max(200).optional() }),
    response: z.array(SearchHit)
  },
  /** Quick exit: lock at once and blank the window, no confirmation. */
  'session:quickExit': { request: Empty, response: Void },
} as const;

export const contract = {
  ...coreContract,
  ...caseFilesContract,
  ...notesContract,
  ...syncContract,
  ...desktopContract,
  ...directoryContract,
  ...referralsContract
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = z.input<Contract[C]['request']>;
export type ResponseOf<C extends Channel> = z.output<Contract[C]['response']>;

/** Events main pushes to the renderer (no request/response; one-way). */
export const events = {
  'vault:locked': z.strictObject({ reason: LockReason }),
  ...caseFilesEvents,
  ...notesEvents,
  ...syncEvents,
  ...desktopEvents,
  ...directoryEvents,
  ...referralsEvents
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
