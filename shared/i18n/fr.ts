import type { Catalogue } from './en';

/** Français. Terminologie : passphrase = phrase de passe, recovery key = clé de récupération, case = dossier. */
import { caseFilesMessages } from './features/case-files';
import { notesMessages } from './features/notes';
import { syncMessages } from './features/sync';
import { desktopMessages } from './features/desktop';
import { directoryMessages } from './features/directory';
import { referralsMessages } from './features/referrals';

export const fr: Catalogue = {
  'app.name': 'Anxin',
  'app.loading': 'Chargement…',
  'app.retry': 'Réessayer',

  'header.language': 'Langue',
  'header.signedInAs': 'Profil : {name}',
  'header.lock': 'Verrouiller',
  'header.lockTitle': 'Verrouiller maintenant (Ctrl+L ou ⌘L)',
  'header.settings': 'Paramètres',
  'header.cases': 'Dossiers',

  'common.cancel': 'Annuler',
  'common.dismiss': 'Fermer',
  'common.showPassphrase': 'Afficher la phrase de passe',
  'common.capsLock': 'La touche Verr. Maj est activée.',

  'lock.reason.manual': 'Anxin a été verrouillé.',
  'lock.reason.shortcut': 'Anxin a été verrouillé avec le raccourci clavier.',
  'lock.reason.idle': 'Anxin s’est verrouillé après une période d’inactivité.',
  'lock.reason.suspend': 'Anxin s’est verrouillé car l’ordinateur s’est mis en veille.',
  'lock.reason.quit': 'Anxin a été verrouillé à la fermeture.',
  'lock.reason.quick-exit': 'Anxin a été verrouillé.',

  'create.title': 'Créer votre profil',
  'create.titleAnother': 'Créer un profil pour une autre personne',
  'create.intro':
    'Vos dossiers sont chiffrés sur cet ordinateur avec une phrase de passe que personne d’autre que vous ne connaît. Personne ne peut les ouvrir sans elle : ni votre organisation, ni l’équipe d’Anxin.',
  'create.name': 'Nom ou initiales',
  'create.nameHelp': 'Affiché sur l’écran de connexion de cet ordinateur. Des initiales ou un surnom suffisent.',
  'create.nameRequired': 'Saisissez un nom ou des initiales.',
  'create.passphrase': 'Phrase de passe',
  'create.passphraseHelp':
    'Choisissez plusieurs mots sans rapport entre eux, que personne d’autre n’associerait, par exemple une courte phrase. Plus elle est longue, plus elle est sûre.',
  'create.confirm': 'Saisissez de nouveau la phrase de passe',
  'create.mismatch': 'Les deux phrases de passe ne correspondent pas encore.',
  'create.submit': 'Créer le profil',
  'create.submitting': 'Création du profil… cela peut prendre quelques secondes.',
  'create.backToUnlock': 'Retour à la connexion',

  'strength.label': 'Solidité de la phrase de passe : {level}',
  'strength.level.0': 'très faible',
  'strength.level.1': 'faible',
  'strength.level.2': 'moyenne',
  'strength.level.3': 'bonne',
  'strength.level.4': 'excellente',
  'strength.notAcceptable': 'Pas encore assez solide.',
  'strength.acceptable': 'Assez solide.',
  'passphrase.hint.too-short': 'Allongez-la : utilisez au moins quatre mots.',
  'passphrase.hint.add-words': 'Ajoutez un ou deux mots sans aucun rapport entre eux.',
  'passphrase.hint.avoid-repeats': 'Évitez de répéter le même mot ou le même caractère.',
  'passphrase.hint.avoid-sequences': 'Évitez les suites comme 1234, abcd ou azerty.',
  'passphrase.hint.common-pattern': 'Évitez les mots courants, les prénoms, les dates et les phrases connues.',

  'recovery.title': 'Votre clé de récupération',
  'recovery.intro':
    'Si vous oubliez un jour votre phrase de passe, cette clé est le seul moyen d’ouvrir vos dossiers. Elle ne s’affiche qu’une seule fois.',
  'recovery.step.paper': 'Recopiez-la à la main sur papier.',
  'recovery.step.away': 'Rangez ce papier en lieu sûr, loin de cet ordinateur.',
  'recovery.step.noCopies': 'Ne la photographiez pas, ne l’envoyez pas par e-mail et ne l’enregistrez dans aucun fichier.',
  'recovery.written': 'Je l’ai recopiée',
  'recovery.confirmTitle': 'Vérifiez votre clé de récupération',
  'recovery.confirmIntro':
    'Saisissez la clé recopiée sur votre papier pour vérifier qu’elle est exacte. Les espaces, les tirets et les majuscules n’ont pas d’importance.',
  'recovery.confirmLabel': 'Clé de récupération',
  'recovery.confirmSubmit': 'Confirmer',
  'recovery.confirming': 'Vérification…',
  'recovery.mismatch':
    'Cela ne correspond pas à la clé affichée. Comparez attentivement votre papier, caractère par caractère, ou affichez la clé de nouveau.',
  'recovery.showAgain': 'Afficher la clé de nouveau',
  'recovery.later': 'Plus tard',
  'recovery.laterWarning':
    'Si vous passez cette étape, la clé ne sera plus jamais affichée et il faudra en créer une nouvelle dans les Paramètres.',
  'recovery.confirmed': 'Votre clé de récupération est confirmée. Gardez le papier en lieu sûr.',
  'recovery.promptTitle': 'Votre clé de récupération n’est pas confirmée',
  'recovery.promptBody':
    'Sans clé de récupération, une phrase de passe oubliée signifie que vos dossiers sont perdus pour de bon. Créez maintenant une nouvelle clé et recopiez-la.',
  'recovery.promptGenerate': 'Créer une nouvelle clé de récupération',
  'recovery.promptLater': 'Me le rappeler plus tard',

  'unlock.title': 'Connexion',
  'unlock.profile': 'Profil',
  'unlock.passphrase': 'Phrase de passe',
  'unlock.submit': 'Déverrouiller',
  'unlock.submitting': 'Déverrouillage…',
  'unlock.forgot': 'Phrase de passe oubliée ? Utilisez votre clé de récupération',
  'unlock.newProfile': 'Nouveau profil pour une autre personne',
  'unlock.retryIn': 'Vous pourrez réessayer dans {seconds} secondes.',

  'recover.title': 'Nouvelle phrase de passe avec la clé de récupération',
  'recover.intro':
    'Saisissez la clé de récupération recopiée sur papier, puis choisissez une nouvelle phrase de passe pour ce profil.',
  'recover.key': 'Clé de récupération',
  'recover.newPassphrase': 'Nouvelle phrase de passe',
  'recover.confirm': 'Saisissez de nouveau la nouvelle phrase de passe',
  'recover.submit': 'Enregistrer et déverrouiller',
  'recover.submitting': 'Enregistrement de la nouvelle phrase de passe…',
  'recover.back': 'Retour à la connexion',
  'recover.malformed': 'Ceci ne ressemble pas à une clé de récupération : elle comporte 32 lettres et chiffres, en 8 groupes de 4. Vérifiez votre papier et réessayez.',

  'settings.title': 'Paramètres',
  'settings.back': 'Retour aux dossiers',
  'settings.passphrase.title': 'Changer de phrase de passe',
  'settings.passphrase.current': 'Phrase de passe actuelle',
  'settings.passphrase.new': 'Nouvelle phrase de passe',
  'settings.passphrase.confirm': 'Saisissez de nouveau la nouvelle phrase de passe',
  'settings.passphrase.submit': 'Changer de phrase de passe',
  'settings.passphrase.submitting': 'Changement en cours…',
  'settings.passphrase.done': 'Votre phrase de passe a été changée. Votre clé de récupération reste valable.',
  'settings.idle.title': 'Verrouillage automatique',
  'settings.idle.label': 'Verrouiller après ce nombre de minutes d’inactivité',
  'settings.idle.help': 'Entre 1 et 240 minutes. Sur un ordinateur partagé, choisissez une durée courte.',
  'settings.idle.submit': 'Enregistrer',
  'settings.idle.invalid': 'Saisissez un nombre entier entre 1 et 240.',
  'settings.idle.done': 'Enregistré. Anxin se verrouillera après {minutes} minutes d’inactivité.',
  'settings.recovery.title': 'Clé de récupération',
  'settings.recovery.body':
    'Créez une nouvelle clé si vous avez perdu le papier ou si vous pensez que quelqu’un d’autre l’a vu. L’ancienne clé cessera de fonctionner.',
  'settings.recovery.submit': 'Créer une nouvelle clé de récupération',
  'settings.recovery.areYouSure': 'L’ancienne clé de récupération cessera immédiatement de fonctionner. Continuer ?',
  'settings.recovery.yes': 'Oui, créer une nouvelle clé',

  'cases.title': 'Dossiers',
  'cases.new': 'Nouveau dossier',
  'cases.search': 'Rechercher un dossier',
  'cases.searchPlaceholder': 'Pseudonyme ou mots du résumé',
  'cases.loading': 'Chargement des dossiers…',
  'cases.empty': 'Aucun dossier pour l’instant. Créez le premier avec « Nouveau dossier ».',
  'cases.noMatches': 'Aucun dossier ne correspond à « {query} ».',
  'cases.updated': 'Mis à jour le {date}',
  'cases.status.open': 'Ouvert',
  'cases.status.active': 'En cours',
  'cases.status.closed': 'Clôturé',

  'caseForm.newTitle': 'Nouveau dossier',
  'caseForm.editTitle': 'Dossier : {name}',
  'caseForm.pseudonym': 'Pseudonyme',
  'caseForm.pseudonymHelp': 'Jamais son vrai nom : choisissez un pseudonyme qui ne permet pas de l’identifier.',
  'caseForm.status': 'Statut',
  'caseForm.summary': 'Résumé',
  'caseForm.save': 'Enregistrer',
  'caseForm.saving': 'Enregistrement…',
  'caseForm.saved': 'Enregistré.',
  'caseForm.unsaved': 'Modifications non enregistrées',
  'caseForm.revision': 'Version {revision} · mise à jour le {date}',
  'caseForm.loading': 'Ouverture du dossier…',
  'caseForm.noSelection': 'Choisissez un dossier dans la liste ou créez-en un nouveau.',
  'caseForm.reload': 'Recharger la dernière version',
  'caseForm.discardTitle': 'Vous avez des modifications non enregistrées',
  'caseForm.discardBody': 'Si vous continuez, vos modifications de ce dossier seront perdues.',
  'caseForm.discard': 'Abandonner les modifications',
  'caseForm.keepEditing': 'Continuer la saisie',

  'validation.pseudonymRequired': 'Saisissez un pseudonyme.',
  'validation.pseudonymTooLong': 'Le pseudonyme peut comporter au maximum {max} caractères.',
  'validation.summaryTooLong': 'Le résumé peut comporter au maximum {max} caractères.',
  'validation.status': 'Choisissez un statut.',

  'error.vault/locked': 'Anxin est verrouillé. Déverrouillez-le avec votre phrase de passe pour continuer.',
  'error.vault/wrong-passphrase':
    'Cette phrase de passe est incorrecte. Vérifiez que la touche Verr. Maj est désactivée et que le clavier est réglé sur la bonne langue. Après plusieurs tentatives erronées, vous devrez patienter avant de réessayer.',
  'error.vault/wrong-recovery-key':
    'Cette clé de récupération est incorrecte. Comparez-la avec votre papier, caractère par caractère (les espaces et les tirets n’ont pas d’importance). Après plusieurs tentatives erronées, vous devrez patienter avant de réessayer.',
  'error.vault/too-many-attempts':
    'Trop de tentatives erronées. Pour votre protection, patientez {seconds} secondes avant de réessayer.',
  'error.vault/kdf-below-floor':
    'Ce profil n’a pas été ouvert car ses paramètres de sécurité sont plus faibles que ce qu’Anxin autorise. Il a peut-être été falsifié. Contactez le ou la responsable informatique de votre organisation.',
  'error.vault/unsupported-format':
    'Ce profil a été enregistré par une autre version d’Anxin et ne peut pas être lu par celle-ci. Mettez Anxin à jour, puis réessayez.',
  'error.vault/corrupt':
    'Les données de ce profil sont endommagées et ne peuvent pas être ouvertes. Ne supprimez rien : contactez le ou la responsable informatique de votre organisation, qui pourra peut-être les restaurer depuis une sauvegarde.',
  'error.vault/profile-exists': 'Un profil portant ce nom existe déjà sur cet ordinateur. Choisissez un autre nom.',
  'error.vault/profile-not-found':
    'Ce profil n’existe plus sur cet ordinateur. Choisissez un autre profil ou créez-en un nouveau.',
  'error.vault/weak-passphrase':
    'Cette phrase de passe est trop facile à deviner. Ajoutez d’autres mots sans rapport entre eux.',
  'error.vault/already-unlocked': 'Un profil est déjà déverrouillé. Verrouillez-le d’abord, puis réessayez.',
  'error.record/not-found': 'Ce dossier est introuvable. Il a peut-être été supprimé sur un autre appareil.',
  'error.record/tampered':
    'Cet enregistrement n’a pas passé le contrôle d’intégrité et n’a pas été ouvert : il a peut-être été modifié en dehors d’Anxin. Rien n’a été changé. Prévenez le ou la responsable informatique de votre organisation.',
  'error.record/conflict':
    'Quelqu’un a modifié ce dossier ailleurs pendant que vous le modifiiez. Rechargez la dernière version — copiez d’abord le texte que vous voulez garder.',
  'error.record/stale-revision':
    'Vous modifiiez une ancienne version de ce dossier. Rechargez la dernière version, puis refaites vos modifications.',
  'error.ipc/invalid-request':
    'Anxin n’a pas pu traiter cette demande car certaines informations ne sont pas valides. Vérifiez les champs et réessayez.',
  'error.ipc/unknown-channel':
    'Cette action n’est pas disponible dans cette version d’Anxin. Redémarrez Anxin ; si le problème persiste, mettez-le à jour.',
  'error.ipc/forbidden-sender':
    'Cette demande a été bloquée car elle ne provenait pas de la fenêtre d’Anxin. Fermez les autres fenêtres et redémarrez Anxin.',
  'error.internal':
    'Une erreur s’est produite dans Anxin. Réessayez ; si cela se reproduit, redémarrez Anxin et prévenez votre responsable informatique.',
  'error.unknown':
    'Une erreur inattendue s’est produite ({code}). Réessayez ; si cela se reproduit, redémarrez Anxin.',
  ...caseFilesMessages.fr,
  ...notesMessages.fr,
  ...syncMessages.fr,
  ...desktopMessages.fr,
  ...directoryMessages.fr,
  ...referralsMessages.fr,
};
