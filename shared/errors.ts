/**
 * Stable error codes. The renderer translates each one (shared/i18n: `error.<code>`);
 * the code never changes meaning once released.
 */
export const ERROR_CODES = [
  'vault/locked',
  'vault/wrong-passphrase',
  'vault/wrong-recovery-key',
  'vault/too-many-attempts',
  'vault/kdf-below-floor',
  'vault/unsupported-format',
  'vault/corrupt',
  'vault/profile-exists',
  'vault/profile-not-found',
  'vault/weak-passphrase',
  'vault/already-unlocked',
  'record/not-found',
  'record/tampered',
  'record/conflict',
  'record/stale-revision',
  'ipc/invalid-request',
  'ipc/unknown-channel',
  'ipc/forbidden-sender',
  'update/disabled',
  'update/invalid-feed-url',
  'update/offline',
  'update/feed-unavailable',
  'update/malformed-feed',
  'update/tampered',
  'update/not-downloaded',
  'update/unsaved-work',
  'sync/not-configured',
  'sync/already-member',
  'sync/not-admin',
  'sync/relay-unreachable',
  'sync/relay-error',
  'sync/device-removed',
  'sync/bad-envelope',
  'sync/too-large',
  'sync/link-code-invalid',
  'sync/key-mismatch',
  'sync/conflict-not-found',
  'notes/builtin-template',
  'notes/not-linked',
  'notes/no-story-consent',
  'case/closure-required',
  'attachment/corrupt',
  'attachment/upload-invalid',
  'export/unreadable',
  'directory/duplicate',
  'directory/read-only',
  'directory/import-unreadable',
  'network/not-ready',
  'network/not-joined',
  'network/not-coordinator',
  'network/already-joined',
  'network/invalid-token',
  'network/bad-signature',
  'network/fingerprint-mismatch',
  'network/unknown-organisation',
  'network/key-changed',
  'network/entry-expired',
  'network/profile-missing',
  'referral/no-consent',
  'referral/forged',
  'referral/wrong-recipient',
  'referral/tampered',
  'referral/replayed',
  'referral/invalid-state',
  'referral/expired',
  'referral/not-found',
  'referral/service-closed',
  'internal'
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Thrown inside main services; turned into `{ ok: false, error }` at the IPC boundary. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, string | number | boolean>
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
