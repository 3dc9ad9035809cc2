/** IPC channels of the feature: Desktop integration and updates. Merged into shared/ipc/contract.ts. */
export const desktopContract = {} as const;
export const desktopEvents = {} as const;
