/** IPC channels of the feature: Relay sync, organisations and devices. Merged into shared/ipc/contract.ts. */
import { z } from 'zod';
import { ConflictInfo, DeviceInfo, LinkCandidate, LinkOffer, SyncStatus } from '../../domain/sync/sync';
import { Empty, Void } from '../schema-helpers';

const RelayUrl = z.string().trim().min(1).max(300);
const DeviceLabel = z.string().trim().min(1).max(64);
const LinkCode = z.string().trim().min(10).max(20);
const Fingerprint = z.string().regex(/^\d{5}( \d{5}){11}$/);

export const syncContract = {
  'sync:status': { request: Empty, response: SyncStatus },
  'sync:syncNow': { request: Empty, response: SyncStatus },
  /** The first device of an organisation; it becomes an admin. */
  'sync:createOrg': { request: z.strictObject({ relayUrl: RelayUrl, label: DeviceLabel }), response: SyncStatus },
  /** New device: shows a one-time code and its fingerprint, then waits for an admin. */
  'sync:offerLink': { request: z.strictObject({ relayUrl: RelayUrl }), response: LinkOffer },
  /** Admin device: who is behind this code (fingerprint to compare). */
  'sync:lookupLink': { request: z.strictObject({ code: LinkCode }), response: LinkCandidate },
  'sync:approveLink': {
    request: z.strictObject({ code: LinkCode, fingerprint: Fingerprint, role: z.enum(['admin', 'member']), label: DeviceLabel }),
    response: Void
  },
  'sync:devices': { request: Empty, response: z.array(DeviceInfo) },
  /** Admin device: removes a device and rotates the organisation key. */
  'sync:removeDevice': { request: z.strictObject({ deviceId: z.string().regex(/^[0-9a-f]{16}$/) }), response: Void },
  'sync:conflicts': { request: Empty, response: z.array(ConflictInfo) },
  'sync:resolveConflict': {
    request: z.strictObject({
      conflictId: z.string().regex(/^[0-9a-f]{32}$/),
      choice: z.enum(['local', 'remote', 'manual']),
      text: z.string().max(20_000).optional()
    }),
    response: Void
  }
} as const;

export const syncEvents = {
  /** After every change of the sync status (a cycle started or ended, an error, a new conflict). */
  'sync:status': SyncStatus
} as const;
