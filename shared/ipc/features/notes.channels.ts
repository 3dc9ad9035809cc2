/** Channel names of shared/ipc/features/notes.contract.ts (no zod: the preload imports this). */
export const NOTES_CHANNELS = [
  'notes:templates',
  'notes:templateCopy',
  'notes:templateUpdate',
  'notes:templateDelete',
  'notes:list',
  'notes:create',
  'notes:get',
  'notes:save',
  'notes:finalise',
  'notes:link',
  'notes:createCase',
  'notes:delete',
  'notes:history',
  'notes:revision',
  'notes:diff',
  'notes:storyPrepare',
  'notes:storyExport'
] as const;
export const NOTES_EVENTS = [] as const;
