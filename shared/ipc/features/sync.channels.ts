/** Channel names of shared/ipc/features/sync.contract.ts (no zod: the preload imports this). */
export const SYNC_CHANNELS = [] as const;
export const SYNC_EVENTS = [] as const;
