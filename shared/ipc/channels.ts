/**
 * Channel names without the schemas, for the preload (kept tiny: no zod in the sandbox).
 * A unit test checks this list equals the keys of `contract` (and events likewise).
 */
import { CASE_FILES_CHANNELS, CASE_FILES_EVENTS } from './features/case-files.channels';
import { NOTES_CHANNELS, NOTES_EVENTS } from './features/notes.channels';
import { SYNC_CHANNELS, SYNC_EVENTS } from './features/sync.channels';
import { DESKTOP_CHANNELS, DESKTOP_EVENTS } from './features/desktop.channels';
import { DIRECTORY_CHANNELS, DIRECTORY_EVENTS } from './features/directory.channels';
import { REFERRALS_CHANNELS, REFERRALS_EVENTS } from './features/referrals.channels';

const CORE_CHANNELS = [
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
  'session:quickExit',
  'search:query'
] as const;

export const CHANNELS = [...CORE_CHANNELS, ...CASE_FILES_CHANNELS, ...NOTES_CHANNELS, ...SYNC_CHANNELS, ...DESKTOP_CHANNELS, ...DIRECTORY_CHANNELS, ...REFERRALS_CHANNELS] as const;

export const EVENT_NAMES = ['vault:locked', ...CASE_FILES_EVENTS, ...NOTES_EVENTS, ...SYNC_EVENTS, ...DESKTOP_EVENTS, ...DIRECTORY_EVENTS, ...REFERRALS_EVENTS] as const;

/** The one IPC channel main uses to push events to the renderer. */
export const EVENT_CHANNEL = 'anxin:event';
