/** IPC channels of the feature: Relay sync, organisations and devices. Merged into shared/ipc/contract.ts. */
export const syncContract = {} as const;
export const syncEvents = {} as const;
