import { caseFilesMessages } from './features/case-files';
import { notesMessages } from './features/notes';
import { syncMessages } from './features/sync';
import { desktopMessages } from './features/desktop';
import { directoryMessages } from './features/directory';
import { referralsMessages } from './features/referrals';
/**
 * English: the reference catalogue. Every other catalogue has exactly these keys
 * (checked by the type `Catalogue` and by tests/unit/i18n.test.ts).
 * Placeholders are `{name}`; every translation must use the same set.
 */
export const en = {
  'app.name': 'Anxin',
  'app.loading': 'Loading…',
  'app.retry': 'Try again',

  'header.language': 'Language',
  'header.signedInAs': 'Signed in as {name}',
  'header.lock': 'Lock',
  'header.lockTitle': 'Lock now (Ctrl+L or ⌘L)',
  'header.settings': 'Settings',
  'header.cases': 'Cases',

  'common.cancel': 'Cancel',
  'common.dismiss': 'Dismiss',
  'common.showPassphrase': 'Show passphrase',
  'common.capsLock': 'Caps Lock is on.',

  'lock.reason.manual': 'Anxin was locked.',
  'lock.reason.shortcut': 'Anxin was locked with the keyboard shortcut.',
  'lock.reason.idle': 'Anxin locked itself after a period without activity.',
  'lock.reason.suspend': 'Anxin locked itself because the computer went to sleep.',
  'lock.reason.quit': 'Anxin was locked when it closed.',
  'lock.reason.quick-exit': 'Anxin was locked.',

  'create.title': 'Create your profile',
  'create.titleAnother': 'Create a profile for another person',
  'create.intro':
    'Your case files are encrypted on this computer with a passphrase that only you know. Nobody can open them without it — not your organisation, and not the Anxin team.',
  'create.name': 'Name or initials',
  'create.nameHelp': 'Shown on the sign-in screen of this computer. Initials or a nickname are fine.',
  'create.nameRequired': 'Enter a name or initials.',
  'create.passphrase': 'Passphrase',
  'create.passphraseHelp':
    'Use several unrelated words that only you would put together, such as a short sentence. Longer is stronger.',
  'create.confirm': 'Type the passphrase again',
  'create.mismatch': 'The two passphrases do not match yet.',
  'create.submit': 'Create profile',
  'create.submitting': 'Creating your profile… this can take a few seconds.',
  'create.backToUnlock': 'Back to sign-in',

  'strength.label': 'Passphrase strength: {level}',
  'strength.level.0': 'very weak',
  'strength.level.1': 'weak',
  'strength.level.2': 'fair',
  'strength.level.3': 'strong',
  'strength.level.4': 'very strong',
  'strength.notAcceptable': 'Not strong enough yet.',
  'strength.acceptable': 'Strong enough.',
  'passphrase.hint.too-short': 'Make it longer: use at least four words.',
  'passphrase.hint.add-words': 'Add another word or two that have nothing to do with each other.',
  'passphrase.hint.avoid-repeats': 'Avoid repeating the same word or character.',
  'passphrase.hint.avoid-sequences': 'Avoid sequences such as 1234, abcd or qwerty.',
  'passphrase.hint.common-pattern': 'Avoid common words, names, dates and well-known phrases.',

  'recovery.title': 'Your recovery key',
  'recovery.intro':
    'If you ever forget your passphrase, this key is the only way to open your files. It is shown only once.',
  'recovery.step.paper': 'Write it on paper, by hand.',
  'recovery.step.away': 'Keep the paper somewhere safe, away from this computer.',
  'recovery.step.noCopies': 'Do not photograph it, e-mail it or save it in a file.',
  'recovery.written': 'I have written it down',
  'recovery.confirmTitle': 'Check your recovery key',
  'recovery.confirmIntro':
    'Type the key from your paper to check that it was copied correctly. Spaces, dashes and capital letters do not matter.',
  'recovery.confirmLabel': 'Recovery key',
  'recovery.confirmSubmit': 'Confirm',
  'recovery.confirming': 'Checking…',
  'recovery.mismatch':
    'This does not match the key that was shown. Compare your paper carefully, character by character, or show the key again.',
  'recovery.showAgain': 'Show the key again',
  'recovery.later': 'Not now',
  'recovery.laterWarning':
    'If you skip this, the key is hidden for good and you will need to create a new one in Settings.',
  'recovery.confirmed': 'Your recovery key is confirmed. Keep the paper safe.',
  'recovery.promptTitle': 'Your recovery key is not confirmed',
  'recovery.promptBody':
    'Without a recovery key, a forgotten passphrase means your files are lost for good. Create a new recovery key now and write it down.',
  'recovery.promptGenerate': 'Create a new recovery key',
  'recovery.promptLater': 'Remind me later',

  'unlock.title': 'Sign in',
  'unlock.profile': 'Profile',
  'unlock.passphrase': 'Passphrase',
  'unlock.submit': 'Unlock',
  'unlock.submitting': 'Unlocking…',
  'unlock.forgot': 'Forgot your passphrase? Use your recovery key',
  'unlock.newProfile': 'New profile for another person',
  'unlock.retryIn': 'You can try again in {seconds} seconds.',

  'recover.title': 'Set a new passphrase with your recovery key',
  'recover.intro': 'Type the recovery key you wrote on paper, then choose a new passphrase for this profile.',
  'recover.key': 'Recovery key',
  'recover.newPassphrase': 'New passphrase',
  'recover.confirm': 'Type the new passphrase again',
  'recover.submit': 'Set new passphrase and unlock',
  'recover.submitting': 'Setting the new passphrase…',
  'recover.back': 'Back to sign-in',
  'recover.malformed': 'This does not look like a recovery key: it has 32 letters and digits, written in 8 groups of 4. Check your paper and try again.',

  'settings.title': 'Settings',
  'settings.back': 'Back to cases',
  'settings.passphrase.title': 'Change passphrase',
  'settings.passphrase.current': 'Current passphrase',
  'settings.passphrase.new': 'New passphrase',
  'settings.passphrase.confirm': 'Type the new passphrase again',
  'settings.passphrase.submit': 'Change passphrase',
  'settings.passphrase.submitting': 'Changing passphrase…',
  'settings.passphrase.done': 'Your passphrase has been changed. Your recovery key still works.',
  'settings.idle.title': 'Automatic lock',
  'settings.idle.label': 'Lock after this many minutes without activity',
  'settings.idle.help': 'Between 1 and 240 minutes. On a shared computer, keep this short.',
  'settings.idle.submit': 'Save',
  'settings.idle.invalid': 'Enter a whole number between 1 and 240.',
  'settings.idle.done': 'Saved. Anxin will lock after {minutes} minutes without activity.',
  'settings.recovery.title': 'Recovery key',
  'settings.recovery.body':
    'Create a new recovery key if you have lost the paper or think someone else has seen it. The old key will stop working.',
  'settings.recovery.submit': 'Create a new recovery key',
  'settings.recovery.areYouSure': 'The old recovery key will stop working immediately. Continue?',
  'settings.recovery.yes': 'Yes, create a new key',

  'cases.title': 'Cases',
  'cases.new': 'New case',
  'cases.search': 'Search cases',
  'cases.searchPlaceholder': 'Search by pseudonym or summary',
  'cases.loading': 'Loading cases…',
  'cases.empty': 'No cases yet. Create the first one with “New case”.',
  'cases.noMatches': 'No cases match “{query}”.',
  'cases.updated': 'Updated {date}',
  'cases.status.open': 'Open',
  'cases.status.active': 'Active',
  'cases.status.closed': 'Closed',

  'caseForm.newTitle': 'New case',
  'caseForm.editTitle': 'Case: {name}',
  'caseForm.pseudonym': 'Pseudonym',
  'caseForm.pseudonymHelp': 'Never her real name: choose a pseudonym that cannot identify her.',
  'caseForm.status': 'Status',
  'caseForm.summary': 'Summary',
  'caseForm.save': 'Save',
  'caseForm.saving': 'Saving…',
  'caseForm.saved': 'Saved.',
  'caseForm.unsaved': 'Unsaved changes',
  'caseForm.revision': 'Version {revision} · updated {date}',
  'caseForm.loading': 'Opening case…',
  'caseForm.noSelection': 'Choose a case from the list, or create a new one.',
  'caseForm.reload': 'Reload latest version',
  'caseForm.discardTitle': 'You have unsaved changes',
  'caseForm.discardBody': 'If you continue, your changes to this case will be lost.',
  'caseForm.discard': 'Discard changes',
  'caseForm.keepEditing': 'Keep editing',

  'validation.pseudonymRequired': 'Enter a pseudonym.',
  'validation.pseudonymTooLong': 'The pseudonym can have at most {max} characters.',
  'validation.summaryTooLong': 'The summary can have at most {max} characters.',
  'validation.status': 'Choose a status.',

  'error.vault/locked': 'Anxin is locked. Unlock it with your passphrase to continue.',
  'error.vault/wrong-passphrase':
    'That passphrase is not correct. Check that Caps Lock is off and that your keyboard is set to the right language. After several wrong attempts you will have to wait before you can try again.',
  'error.vault/wrong-recovery-key':
    'That recovery key is not correct. Compare it with your paper character by character (spaces and dashes do not matter). After several wrong attempts you will have to wait before you can try again.',
  'error.vault/too-many-attempts':
    'Too many wrong attempts. For your protection, wait {seconds} seconds before trying again.',
  'error.vault/kdf-below-floor':
    'This profile was not opened because its security settings are weaker than Anxin allows. It may have been tampered with. Contact your organisation’s technical contact.',
  'error.vault/unsupported-format':
    'This profile was saved by a different version of Anxin and cannot be read by this one. Update Anxin, then try again.',
  'error.vault/corrupt':
    'This profile’s data is damaged and cannot be opened. Do not delete anything: contact your organisation’s technical contact, who may be able to restore it from a backup.',
  'error.vault/profile-exists': 'A profile with this name already exists on this computer. Choose a different name.',
  'error.vault/profile-not-found':
    'This profile no longer exists on this computer. Choose another profile or create a new one.',
  'error.vault/weak-passphrase':
    'This passphrase is too easy to guess. Add more words that have nothing to do with each other.',
  'error.vault/already-unlocked': 'A profile is already unlocked. Lock it first, then try again.',
  'error.record/not-found': 'This case could not be found. It may have been deleted on another device.',
  'error.record/tampered':
    'This record failed its integrity check and was not opened: it may have been altered outside Anxin. Nothing was changed. Tell your organisation’s technical contact.',
  'error.record/conflict':
    'Someone changed this case elsewhere while you were editing it. Reload the latest version — copy any text you want to keep first.',
  'error.record/stale-revision':
    'You were editing an older version of this case. Reload the latest version, then make your changes again.',
  'error.ipc/invalid-request':
    'Anxin could not process this because some of the information is not valid. Check the fields and try again.',
  'error.ipc/unknown-channel':
    'This action is not available in this version of Anxin. Restart Anxin; if it keeps happening, update it.',
  'error.ipc/forbidden-sender':
    'This request was blocked because it did not come from the Anxin window. Close other windows and restart Anxin.',
  'error.internal':
    'Something went wrong inside Anxin. Try again; if it keeps happening, restart Anxin and tell your technical contact.',
  'error.unknown': 'An unexpected error occurred ({code}). Try again; if it keeps happening, restart Anxin.',
  ...caseFilesMessages.en,
  ...notesMessages.en,
  ...syncMessages.en,
  ...desktopMessages.en,
  ...directoryMessages.en,
  ...referralsMessages.en,
} as const;

export type MessageKey = keyof typeof en;
export type Catalogue = { readonly [K in MessageKey]: string };
