import type { Catalogue } from './en';

/** Nederlands. Termen: passphrase = wachtwoordzin, recovery key = herstelsleutel, case = dossier. */
import { caseFilesMessages } from './features/case-files';
import { notesMessages } from './features/notes';
import { syncMessages } from './features/sync';
import { desktopMessages } from './features/desktop';
import { directoryMessages } from './features/directory';
import { referralsMessages } from './features/referrals';

export const nl: Catalogue = {
  'app.name': 'Anxin',
  'app.loading': 'Laden…',
  'app.retry': 'Opnieuw proberen',

  'header.language': 'Taal',
  'header.signedInAs': 'Aangemeld als {name}',
  'header.lock': 'Vergrendelen',
  'header.lockTitle': 'Nu vergrendelen (Ctrl+L of ⌘L)',
  'header.settings': 'Instellingen',
  'header.cases': 'Dossiers',

  'common.cancel': 'Annuleren',
  'common.dismiss': 'Sluiten',
  'common.showPassphrase': 'Wachtwoordzin tonen',
  'common.capsLock': 'Caps Lock staat aan.',

  'lock.reason.manual': 'Anxin is vergrendeld.',
  'lock.reason.shortcut': 'Anxin is vergrendeld met de sneltoets.',
  'lock.reason.idle': 'Anxin is automatisch vergrendeld omdat er een tijd niets gebeurde.',
  'lock.reason.suspend': 'Anxin is automatisch vergrendeld omdat de computer in slaapstand ging.',
  'lock.reason.quit': 'Anxin is bij het afsluiten vergrendeld.',
  'lock.reason.quick-exit': 'Anxin is vergrendeld.',

  'create.title': 'Maak je profiel aan',
  'create.titleAnother': 'Profiel aanmaken voor iemand anders',
  'create.intro':
    'Je dossiers worden op deze computer versleuteld met een wachtwoordzin die alleen jij kent. Zonder die zin kan niemand ze openen: je organisatie niet, en het Anxin-team ook niet.',
  'create.name': 'Naam of initialen',
  'create.nameHelp': 'Zichtbaar op het aanmeldscherm van deze computer. Initialen of een bijnaam zijn prima.',
  'create.nameRequired': 'Vul een naam of initialen in.',
  'create.passphrase': 'Wachtwoordzin',
  'create.passphraseHelp':
    'Gebruik een paar woorden die niets met elkaar te maken hebben en die alleen jij zo zou combineren, bijvoorbeeld een korte zin. Hoe langer, hoe sterker.',
  'create.confirm': 'Typ de wachtwoordzin nog een keer',
  'create.mismatch': 'De twee wachtwoordzinnen komen nog niet overeen.',
  'create.submit': 'Profiel aanmaken',
  'create.submitting': 'Je profiel wordt aangemaakt… dit kan een paar seconden duren.',
  'create.backToUnlock': 'Terug naar aanmelden',

  'strength.label': 'Sterkte van de wachtwoordzin: {level}',
  'strength.level.0': 'zeer zwak',
  'strength.level.1': 'zwak',
  'strength.level.2': 'redelijk',
  'strength.level.3': 'sterk',
  'strength.level.4': 'zeer sterk',
  'strength.notAcceptable': 'Nog niet sterk genoeg.',
  'strength.acceptable': 'Sterk genoeg.',
  'passphrase.hint.too-short': 'Maak hem langer: gebruik minstens vier woorden.',
  'passphrase.hint.add-words': 'Voeg nog een of twee woorden toe die niets met elkaar te maken hebben.',
  'passphrase.hint.avoid-repeats': 'Herhaal niet steeds hetzelfde woord of teken.',
  'passphrase.hint.avoid-sequences': 'Vermijd reeksen zoals 1234, abcd of qwerty.',
  'passphrase.hint.common-pattern': 'Vermijd gewone woorden, namen, datums en bekende zinnen.',

  'recovery.title': 'Je herstelsleutel',
  'recovery.intro':
    'Als je ooit je wachtwoordzin vergeet, is deze sleutel de enige manier om je dossiers te openen. Hij wordt maar één keer getoond.',
  'recovery.step.paper': 'Schrijf hem met de hand op papier.',
  'recovery.step.away': 'Bewaar het papier op een veilige plek, niet bij deze computer.',
  'recovery.step.noCopies': 'Maak er geen foto van, mail hem niet en sla hem niet op in een bestand.',
  'recovery.written': 'Ik heb hem opgeschreven',
  'recovery.confirmTitle': 'Controleer je herstelsleutel',
  'recovery.confirmIntro':
    'Typ de sleutel over van je papier, zodat we kunnen controleren of je hem goed hebt opgeschreven. Spaties, streepjes en hoofdletters maken niet uit.',
  'recovery.confirmLabel': 'Herstelsleutel',
  'recovery.confirmSubmit': 'Bevestigen',
  'recovery.confirming': 'Controleren…',
  'recovery.mismatch':
    'Dit komt niet overeen met de getoonde sleutel. Vergelijk je papier zorgvuldig, teken voor teken, of bekijk de sleutel opnieuw.',
  'recovery.showAgain': 'Sleutel opnieuw tonen',
  'recovery.later': 'Nu niet',
  'recovery.laterWarning':
    'Als je dit overslaat, wordt de sleutel nooit meer getoond en moet je in Instellingen een nieuwe maken.',
  'recovery.confirmed': 'Je herstelsleutel is bevestigd. Bewaar het papier goed.',
  'recovery.promptTitle': 'Je herstelsleutel is nog niet bevestigd',
  'recovery.promptBody':
    'Zonder herstelsleutel ben je je dossiers voorgoed kwijt als je je wachtwoordzin vergeet. Maak nu een nieuwe herstelsleutel en schrijf hem op.',
  'recovery.promptGenerate': 'Nieuwe herstelsleutel maken',
  'recovery.promptLater': 'Herinner me later',

  'unlock.title': 'Aanmelden',
  'unlock.profile': 'Profiel',
  'unlock.passphrase': 'Wachtwoordzin',
  'unlock.submit': 'Ontgrendelen',
  'unlock.submitting': 'Ontgrendelen…',
  'unlock.forgot': 'Wachtwoordzin vergeten? Gebruik je herstelsleutel',
  'unlock.newProfile': 'Nieuw profiel voor iemand anders',
  'unlock.retryIn': 'Over {seconds} seconden kun je het opnieuw proberen.',

  'recover.title': 'Nieuwe wachtwoordzin instellen met je herstelsleutel',
  'recover.intro': 'Typ de herstelsleutel die je op papier hebt geschreven en kies daarna een nieuwe wachtwoordzin voor dit profiel.',
  'recover.key': 'Herstelsleutel',
  'recover.newPassphrase': 'Nieuwe wachtwoordzin',
  'recover.confirm': 'Typ de nieuwe wachtwoordzin nog een keer',
  'recover.submit': 'Opslaan en ontgrendelen',
  'recover.submitting': 'Nieuwe wachtwoordzin wordt ingesteld…',
  'recover.back': 'Terug naar aanmelden',
  'recover.malformed': 'Dit lijkt geen herstelsleutel: die bestaat uit 32 letters en cijfers, in 8 groepen van 4. Controleer je papier en probeer het opnieuw.',

  'settings.title': 'Instellingen',
  'settings.back': 'Terug naar dossiers',
  'settings.passphrase.title': 'Wachtwoordzin wijzigen',
  'settings.passphrase.current': 'Huidige wachtwoordzin',
  'settings.passphrase.new': 'Nieuwe wachtwoordzin',
  'settings.passphrase.confirm': 'Typ de nieuwe wachtwoordzin nog een keer',
  'settings.passphrase.submit': 'Wachtwoordzin wijzigen',
  'settings.passphrase.submitting': 'Wachtwoordzin wordt gewijzigd…',
  'settings.passphrase.done': 'Je wachtwoordzin is gewijzigd. Je herstelsleutel blijft geldig.',
  'settings.idle.title': 'Automatisch vergrendelen',
  'settings.idle.label': 'Vergrendelen na zoveel minuten zonder activiteit',
  'settings.idle.help': 'Tussen 1 en 240 minuten. Houd dit kort op een gedeelde computer.',
  'settings.idle.submit': 'Opslaan',
  'settings.idle.invalid': 'Vul een geheel getal tussen 1 en 240 in.',
  'settings.idle.done': 'Opgeslagen. Anxin vergrendelt na {minutes} minuten zonder activiteit.',
  'settings.recovery.title': 'Herstelsleutel',
  'settings.recovery.body':
    'Maak een nieuwe herstelsleutel als je het papier kwijt bent of denkt dat iemand anders het heeft gezien. De oude sleutel werkt dan niet meer.',
  'settings.recovery.submit': 'Nieuwe herstelsleutel maken',
  'settings.recovery.areYouSure': 'De oude herstelsleutel werkt meteen niet meer. Doorgaan?',
  'settings.recovery.yes': 'Ja, nieuwe sleutel maken',

  'cases.title': 'Dossiers',
  'cases.new': 'Nieuw dossier',
  'cases.search': 'Dossiers zoeken',
  'cases.searchPlaceholder': 'Schuilnaam of samenvatting',
  'cases.loading': 'Dossiers laden…',
  'cases.empty': 'Nog geen dossiers. Maak het eerste aan met ‘Nieuw dossier’.',
  'cases.noMatches': 'Geen dossiers gevonden voor ‘{query}’.',
  'cases.updated': 'Bijgewerkt op {date}',
  'cases.status.open': 'Open',
  'cases.status.active': 'Lopend',
  'cases.status.closed': 'Afgesloten',

  'caseForm.newTitle': 'Nieuw dossier',
  'caseForm.editTitle': 'Dossier: {name}',
  'caseForm.pseudonym': 'Schuilnaam',
  'caseForm.pseudonymHelp': 'Nooit haar echte naam: kies een schuilnaam waaraan niemand haar kan herkennen.',
  'caseForm.status': 'Status',
  'caseForm.summary': 'Samenvatting',
  'caseForm.save': 'Opslaan',
  'caseForm.saving': 'Opslaan…',
  'caseForm.saved': 'Opgeslagen.',
  'caseForm.unsaved': 'Niet-opgeslagen wijzigingen',
  'caseForm.revision': 'Versie {revision} · bijgewerkt op {date}',
  'caseForm.loading': 'Dossier openen…',
  'caseForm.noSelection': 'Kies een dossier uit de lijst of maak een nieuw dossier aan.',
  'caseForm.reload': 'Nieuwste versie laden',
  'caseForm.discardTitle': 'Je hebt niet-opgeslagen wijzigingen',
  'caseForm.discardBody': 'Als je doorgaat, gaan je wijzigingen in dit dossier verloren.',
  'caseForm.discard': 'Wijzigingen weggooien',
  'caseForm.keepEditing': 'Verder bewerken',

  'validation.pseudonymRequired': 'Vul een schuilnaam in.',
  'validation.pseudonymTooLong': 'De schuilnaam mag hoogstens {max} tekens hebben.',
  'validation.summaryTooLong': 'De samenvatting mag hoogstens {max} tekens hebben.',
  'validation.status': 'Kies een status.',

  'error.vault/locked': 'Anxin is vergrendeld. Ontgrendel met je wachtwoordzin om verder te gaan.',
  'error.vault/wrong-passphrase':
    'Deze wachtwoordzin klopt niet. Controleer of Caps Lock uit staat en of je toetsenbord op de juiste taal staat. Na een aantal foute pogingen moet je even wachten voordat je het opnieuw kunt proberen.',
  'error.vault/wrong-recovery-key':
    'Deze herstelsleutel klopt niet. Vergelijk hem teken voor teken met je papier (spaties en streepjes maken niet uit). Na een aantal foute pogingen moet je even wachten voordat je het opnieuw kunt proberen.',
  'error.vault/too-many-attempts':
    'Te veel foute pogingen. Wacht voor je eigen veiligheid {seconds} seconden en probeer het dan opnieuw.',
  'error.vault/kdf-below-floor':
    'Dit profiel is niet geopend omdat de beveiligingsinstellingen zwakker zijn dan Anxin toestaat. Er is mogelijk mee geknoeid. Neem contact op met de technische contactpersoon van je organisatie.',
  'error.vault/unsupported-format':
    'Dit profiel is opgeslagen door een andere versie van Anxin en kan door deze versie niet worden gelezen. Werk Anxin bij en probeer het opnieuw.',
  'error.vault/corrupt':
    'De gegevens van dit profiel zijn beschadigd en kunnen niet worden geopend. Verwijder niets: neem contact op met de technische contactpersoon van je organisatie, die ze misschien uit een back-up kan terugzetten.',
  'error.vault/profile-exists': 'Er bestaat al een profiel met deze naam op deze computer. Kies een andere naam.',
  'error.vault/profile-not-found':
    'Dit profiel bestaat niet meer op deze computer. Kies een ander profiel of maak een nieuw profiel aan.',
  'error.vault/weak-passphrase':
    'Deze wachtwoordzin is te makkelijk te raden. Voeg meer woorden toe die niets met elkaar te maken hebben.',
  'error.vault/already-unlocked': 'Er is al een profiel ontgrendeld. Vergrendel dat eerst en probeer het dan opnieuw.',
  'error.record/not-found': 'Dit dossier is niet gevonden. Misschien is het op een ander apparaat verwijderd.',
  'error.record/tampered':
    'Dit gegeven heeft de integriteitscontrole niet doorstaan en is niet geopend: het is mogelijk buiten Anxin gewijzigd. Er is niets veranderd. Meld dit bij de technische contactpersoon van je organisatie.',
  'error.record/conflict':
    'Iemand heeft dit dossier ergens anders gewijzigd terwijl jij het bewerkte. Laad de nieuwste versie — kopieer eerst de tekst die je wilt bewaren.',
  'error.record/stale-revision':
    'Je bewerkte een oudere versie van dit dossier. Laad de nieuwste versie en breng je wijzigingen opnieuw aan.',
  'error.ipc/invalid-request':
    'Anxin kon dit niet verwerken omdat een deel van de gegevens ongeldig is. Controleer de velden en probeer het opnieuw.',
  'error.ipc/unknown-channel':
    'Deze actie is niet beschikbaar in deze versie van Anxin. Start Anxin opnieuw; blijft het gebeuren, werk het dan bij.',
  'error.ipc/forbidden-sender':
    'Dit verzoek is geblokkeerd omdat het niet uit het Anxin-venster kwam. Sluit andere vensters en start Anxin opnieuw.',
  'error.internal':
    'Er ging iets mis in Anxin. Probeer het opnieuw; blijft het gebeuren, start Anxin dan opnieuw en meld het bij je technische contactpersoon.',
  'error.unknown':
    'Er is een onverwachte fout opgetreden ({code}). Probeer het opnieuw; blijft het gebeuren, start Anxin dan opnieuw.',
  ...caseFilesMessages.nl,
  ...notesMessages.nl,
  ...syncMessages.nl,
  ...desktopMessages.nl,
  ...directoryMessages.nl,
  ...referralsMessages.nl,
};
