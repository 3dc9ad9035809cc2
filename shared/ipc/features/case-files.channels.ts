/** Channel names of shared/ipc/features/case-files.contract.ts (no zod: the preload imports this). */
export const CASE_FILES_CHANNELS = ['cases:list', 'cases:get', 'cases:create', 'cases:update', 'cases:delete', 'cases:history'] as const;
export const CASE_FILES_EVENTS = [] as const;
