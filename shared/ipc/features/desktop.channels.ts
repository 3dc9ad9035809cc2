/** Channel names of shared/ipc/features/desktop.contract.ts (no zod: the preload imports this). */
export const DESKTOP_CHANNELS = [
  'desktop:updateStatus',
  'desktop:checkForUpdates',
  'desktop:getUpdateSettings',
  'desktop:setUpdateSettings',
  'desktop:installUpdate',
  'desktop:reportUnsavedWork'
] as const;
export const DESKTOP_EVENTS = ['desktop:updateStatus', 'desktop:quickExit'] as const;
