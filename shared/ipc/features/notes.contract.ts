/** IPC channels of the feature: Interview notes. Merged into shared/ipc/contract.ts. */
export const notesContract = {} as const;
export const notesEvents = {} as const;
