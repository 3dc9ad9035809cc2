/** Channel names of shared/ipc/features/notes.contract.ts (no zod: the preload imports this). */
export const NOTES_CHANNELS = [] as const;
export const NOTES_EVENTS = [] as const;
