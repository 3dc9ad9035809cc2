/**
 * Channel names without the schemas, for the preload (kept tiny: no zod in the sandbox).
 * A unit test checks this list equals the keys of `contract`.
 */
export const CHANNELS = [
  'app:info',
  'prefs:get',
  'prefs:set',
  'vault:listProfiles',
  'vault:status',
  'vault:create',
  'vault:unlock',
  'vault:lock',
  'vault:confirmRecoveryKey',
  'vault:rotateRecoveryKey',
  'vault:changePassphrase',
  'vault:recover',
  'vault:setIdleTimeout',
  'session:activity',
  'cases:list',
  'cases:get',
  'cases:create',
  'cases:update',
  'cases:delete',
  'cases:history',
  'search:query'
] as const;

export const EVENT_NAMES = ['vault:locked'] as const;

/** The one IPC channel main uses to push events to the renderer. */
export const EVENT_CHANNEL = 'anxin:event';
