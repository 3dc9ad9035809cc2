/** Channel names of shared/ipc/features/desktop.contract.ts (no zod: the preload imports this). */
export const DESKTOP_CHANNELS = [] as const;
export const DESKTOP_EVENTS = [] as const;
