/** Sync status, devices and conflicts as the renderer sees them (zod; shared/ipc/features/sync.contract.ts). */
import { z } from 'zod';
import { ERROR_CODES } from '../../errors';

export const SyncState = z.enum(['off', 'linking', 'idle', 'syncing', 'offline', 'error', 'removed']);
export type SyncState = z.infer<typeof SyncState>;

export const SyncStatus = z.strictObject({
  state: SyncState,
  orgId: z.string().nullable(),
  deviceId: z.string(),
  role: z.enum(['admin', 'member']).nullable(),
  relayUrl: z.string().nullable(),
  /** ISO time of the last cycle that reached the relay and finished. */
  lastSyncAt: z.string().nullable(),
  /** Local changes not yet acknowledged by the relay. */
  pending: z.number().int().min(0),
  /** Long-text conflicts waiting for a person. */
  conflicts: z.number().int().min(0),
  /** Envelopes from the relay that did not authenticate (never applied). */
  rejected: z.number().int().min(0),
  /** Remote clocks more than a day ahead were clamped. */
  clockWarnings: z.number().int().min(0),
  errorCode: z.enum(ERROR_CODES).nullable(),
  /** When the next attempt is due after an error (ISO), for "retrying in…" */
  retryAt: z.string().nullable()
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const DeviceInfo = z.strictObject({
  deviceId: z.string(),
  label: z.string(),
  role: z.enum(['admin', 'member']),
  status: z.enum(['active', 'removed']),
  fingerprint: z.string(),
  thisDevice: z.boolean()
});
export type DeviceInfo = z.infer<typeof DeviceInfo>;

export const LinkOffer = z.strictObject({
  /** The one-time code the new device shows (to type on the admin device). */
  code: z.string(),
  /** Fingerprint of this device's keys, compared aloud with the admin device's screen. */
  fingerprint: z.string(),
  expiresAt: z.string()
});
export type LinkOffer = z.infer<typeof LinkOffer>;

export const LinkCandidate = z.strictObject({ deviceId: z.string(), fingerprint: z.string() });
export type LinkCandidate = z.infer<typeof LinkCandidate>;

export const ConflictInfo = z.strictObject({
  conflictId: z.string(),
  recordId: z.string(),
  kind: z.string(),
  field: z.string(),
  /** What this device had. */
  local: z.strictObject({ text: z.string(), at: z.string(), device: z.string() }),
  /** What arrived from another device. */
  remote: z.strictObject({ text: z.string(), at: z.string(), device: z.string() }),
  /** Shown now until the person chooses (the later of the two). */
  current: z.string()
});
export type ConflictInfo = z.infer<typeof ConflictInfo>;
