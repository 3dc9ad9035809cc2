/** Channel names of shared/ipc/features/sync.contract.ts (no zod: the preload imports this). */
export const SYNC_CHANNELS = [
  'sync:status',
  'sync:syncNow',
  'sync:createOrg',
  'sync:offerLink',
  'sync:lookupLink',
  'sync:approveLink',
  'sync:devices',
  'sync:removeDevice',
  'sync:conflicts',
  'sync:resolveConflict'
] as const;
export const SYNC_EVENTS = ['sync:status'] as const;
