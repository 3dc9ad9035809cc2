/** Channel names of shared/ipc/features/directory.contract.ts (no zod: the preload imports this). */
export const DIRECTORY_CHANNELS = [
  'directory:list',
  'directory:search',
  'directory:add',
  'directory:update',
  'directory:remove',
  'directory:loadDemo',
  'directory:removeDemo',
  'directory:import',
  'directory:export'
] as const;
export const DIRECTORY_EVENTS = [] as const;
