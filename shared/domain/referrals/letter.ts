/**
 * Referral letters (docs/referrals.md, "Letters"): the built-in bilingual templates, the
 * {{placeholder}} filler, the values a letter is filled with, and the labels printed on the PDF.
 *
 * A letter is always written twice: in Chinese (for the survivor and Chinese-speaking staff) and
 * in the receiving organisation's language (en, fr or nl). The built-in texts are our own wording
 * and deliberately careful: they say exactly what the sealed referral contains and on what basis
 * (consent, or an audited override), they invent nothing about her, and they tell the receiver to
 * reach her only in the safe way the referral file describes — or through us.
 *
 * Pure TypeScript: used by the renderer (compose, preview) and by main (PDF).
 */
import { translate, isMessageKey, type Locale } from '../../i18n';
import type { Letter, LetterLanguage, LetterTemplate, LetterTemplateFields, ShareField } from './schemas';

/** The four languages a template is written in: Chinese plus every possible receiver language. */
export const LETTER_TEXT_LANGUAGES = ['zh', 'en', 'fr', 'nl'] as const;
export type LetterTextLanguage = (typeof LETTER_TEXT_LANGUAGES)[number];

/**
 * The placeholders the built-in templates use; letterValues() provides every one of them.
 * - receiverName / serviceName: the receiving organisation and the chosen service;
 * - senderName: the sending organisation; senderContact: whom the receiver calls with questions;
 * - pseudonym / languages: always shared; sharedItems: what else the referral carries, in words;
 * - consent: one sentence on the basis for sharing (her consent, or an audited override);
 * - reference / date: the referral's reference number and date (formatted per language).
 */
export const LETTER_PLACEHOLDERS = [
  'receiverName',
  'serviceName',
  'senderName',
  'senderContact',
  'pseudonym',
  'languages',
  'sharedItems',
  'consent',
  'reference',
  'date'
] as const;
export type LetterPlaceholder = (typeof LETTER_PLACEHOLDERS)[number];
/** Values by placeholder name; a name without a value stays visible as {{name}} in the letter. */
export type LetterValues = Readonly<Record<string, string | undefined>>;

const PLACEHOLDER_RE = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** The placeholder names used in a text, each once, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1]!))];
}

/** Placeholders in a text that letterValues() does not fill (typos in an organisation's template). */
export function unknownPlaceholders(text: string): string[] {
  return placeholdersIn(text).filter((name) => !(LETTER_PLACEHOLDERS as readonly string[]).includes(name));
}

/**
 * Fills {{placeholders}}. A placeholder without a value (unknown name, or a value left undefined)
 * is kept as written, so nothing silently disappears from a letter; an empty string is a value.
 * Either `fillLetter(text, values)` or `fillLetter(template, lang, values)`.
 */
export function fillLetter(text: string, values: LetterValues): string;
export function fillLetter(template: LetterTemplateFields, lang: LetterTextLanguage, values: LetterValues): string;
export function fillLetter(source: string | LetterTemplateFields, a: LetterValues | LetterTextLanguage, b?: LetterValues): string {
  const text = typeof source === 'string' ? source : source[a as LetterTextLanguage];
  const values = (typeof source === 'string' ? a : b) as LetterValues;
  return text.replace(PLACEHOLDER_RE, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    return value === undefined ? whole : value;
  });
}

// ─── values ──────────────────────────────────────────────────────────────────

const INTL_LOCALE: Record<LetterTextLanguage, string> = { zh: 'zh-CN', en: 'en-GB', fr: 'fr-FR', nl: 'nl-NL' };
const UI_LOCALE: Record<LetterTextLanguage, Locale> = { zh: 'zh-CN', en: 'en', fr: 'fr', nl: 'nl' };

/** A calendar date (YYYY-MM-DD, or the date part of an ISO timestamp) the way a letter in `lang` writes it. */
export function formatLetterDate(iso: string, lang: LetterTextLanguage): string {
  const day = /^\d{4}-\d{2}-\d{2}/.exec(iso)?.[0];
  const date = day ? new Date(`${day}T00:00:00Z`) : new Date(NaN);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[lang], { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

/** A country as `lang` names it: ISO 3166-1 alpha-2 codes are translated, anything else is kept as written. */
export function countryName(country: string, lang: LetterTextLanguage): string {
  if (!/^[A-Z]{2}$/.test(country)) return country;
  try {
    return new Intl.DisplayNames([INTL_LOCALE[lang]], { type: 'region', fallback: 'code' }).of(country) ?? country;
  } catch {
    return country;
  }
}

/** A language name inside a sentence: the app's own names for known codes, free text as typed. */
function languageName(code: string, lang: LetterTextLanguage): string {
  const key = `caseFiles.lang.${code}`;
  if (!isMessageKey(key)) return code;
  const name = translate(UI_LOCALE[lang], key);
  // French writes language names in lower case inside a sentence ("elle parle mandarin").
  return lang === 'fr' ? name.charAt(0).toLocaleLowerCase('fr') + name.slice(1) : name;
}

function listOf(items: string[], lang: LetterTextLanguage): string {
  if (lang === 'zh') return items.join('、');
  return new Intl.ListFormat(INTL_LOCALE[lang], { type: 'conjunction' }).format(items);
}

const SHARED_ITEM: Record<'pseudonym' | ShareField, Record<LetterTextLanguage, string>> = {
  pseudonym: { zh: '本转介使用的化名', en: 'the pseudonym used in this referral', fr: 'le pseudonyme utilisé pour cette orientation', nl: 'het pseudoniem dat in deze verwijzing wordt gebruikt' },
  languages: { zh: '她使用的语言', en: 'the languages she speaks', fr: 'les langues qu’elle parle', nl: 'de talen die ze spreekt' },
  location: { zh: '她所在的国家和城市', en: 'the country and city where she is', fr: 'le pays et la ville où elle se trouve', nl: 'het land en de stad waar ze verblijft' },
  summary: { zh: '她情况的摘要', en: 'a summary of her situation', fr: 'un résumé de sa situation', nl: 'een samenvatting van haar situatie' },
  'contact-safety': { zh: '如何安全地联系她', en: 'how to contact her safely', fr: 'la manière de la contacter en sécurité', nl: 'hoe ze veilig bereikt kan worden' },
  identity: { zh: '她的身份信息', en: 'her identity details', fr: 'ses données d’identité', nl: 'haar identiteitsgegevens' },
  dependants: { zh: '她的子女及其他受扶养人的信息', en: 'information about her children and other dependants', fr: 'des informations sur ses enfants et autres personnes à charge', nl: 'informatie over haar kinderen en andere personen ten laste' },
  risk: { zh: '最近一次风险评估的等级', en: 'the level of the latest risk assessment', fr: 'le niveau de la dernière évaluation des risques', nl: 'het niveau van de laatste risico-inschatting' },
  incidents: { zh: '她讲述的事件记录', en: 'the incidents she reported', fr: 'les incidents qu’elle a rapportés', nl: 'de incidenten die ze heeft gemeld' }
};

const ATTACHMENTS: Record<LetterTextLanguage, (n: number) => string> = {
  zh: (n) => `${n} 份附件`,
  en: (n) => (n === 1 ? '1 attached document' : `${n} attached documents`),
  fr: (n) => (n === 1 ? '1 document joint' : `${n} documents joints`),
  nl: (n) => (n === 1 ? '1 bijgevoegd document' : `${n} bijgevoegde documenten`)
};

/** What the referral carries, in words: the pseudonym always, then the chosen fields, then the attachments. */
export function describeSharedItems(fields: readonly ShareField[], attachments: number, lang: LetterTextLanguage): string {
  const order: ShareField[] = ['languages', 'location', 'summary', 'contact-safety', 'identity', 'dependants', 'risk', 'incidents'];
  const items = [SHARED_ITEM.pseudonym[lang], ...order.filter((f) => fields.includes(f)).map((f) => SHARED_ITEM[f][lang])];
  if (attachments > 0) items.push(ATTACHMENTS[lang](attachments));
  return listOf(items, lang);
}

const CONSENT: Record<'given' | 'override', Record<LetterTextLanguage, string>> = {
  given: {
    zh: '她已同意我们为此次转介与贵机构分享她的信息。',
    en: 'She agreed that we share this information with your organisation for this referral.',
    fr: 'Elle a accepté que nous partagions ces informations avec votre organisation pour cette orientation.',
    nl: 'Ze heeft ermee ingestemd dat we deze informatie voor deze verwijzing met uw organisatie delen.'
  },
  override: {
    zh: '此次转介没有她本人登记在案的同意，我们的理由已记录在本机构的档案中。请在联系她之前先与我们联系。',
    en: 'We are making this referral without her recorded consent to share with your organisation; our reasons are documented in our file. Please contact us before you contact her.',
    fr: 'Nous faisons cette orientation sans son consentement enregistré au partage avec votre organisation ; nos raisons sont consignées dans notre dossier. Veuillez nous contacter avant de la contacter.',
    nl: 'We doen deze verwijzing zonder haar geregistreerde toestemming om met uw organisatie te delen; onze redenen staan in ons dossier. Neem eerst contact met ons op voordat u haar contacteert.'
  }
};

export type LetterFacts = {
  receiverName: string;
  serviceName: string;
  senderName: string;
  /** Whom to call with questions, e.g. "Lin Mei, +32 2 000 00 00" (empty: the sending organisation's name). */
  senderContact: string;
  pseudonym: string;
  /** Language codes (KNOWN_LANGUAGES, translated) or free text (kept as typed). */
  languages: readonly string[];
  fields: readonly ShareField[];
  attachments: number;
  /** 'override': sent without a matching consent, with a written (audited) reason. */
  consent: 'given' | 'override';
  reference: string;
  /** YYYY-MM-DD. */
  date: string;
};

/** Every placeholder's value for a letter in `lang` (dates, languages and lists in that language). */
export function letterValues(facts: LetterFacts, lang: LetterTextLanguage): Record<LetterPlaceholder, string> {
  const unknown: Record<LetterTextLanguage, string> = { zh: '（未提供）', en: '(not shared)', fr: '(non communiquées)', nl: '(niet meegedeeld)' };
  return {
    receiverName: facts.receiverName,
    serviceName: facts.serviceName,
    senderName: facts.senderName,
    // No contact person typed: the organisation itself, rather than a gap in the sentence.
    senderContact: facts.senderContact.trim() || facts.senderName,
    pseudonym: facts.pseudonym,
    languages: facts.languages.length > 0 ? listOf(facts.languages.map((l) => languageName(l, lang)), lang) : unknown[lang],
    sharedItems: describeSharedItems(facts.fields, facts.attachments, lang),
    consent: CONSENT[facts.consent][lang],
    reference: facts.reference,
    date: formatLetterDate(facts.date, lang)
  };
}

/** The bilingual letter from a template: Chinese plus the receiver's language, each filled in its own language. */
export function composeLetter(template: LetterTemplateFields, otherLanguage: LetterLanguage, facts: LetterFacts) {
  return {
    zh: fillLetter(template.zh, letterValues(facts, 'zh')),
    other: fillLetter(template[otherLanguage], letterValues(facts, otherLanguage)),
    otherLanguage
  };
}

// ─── built-in templates ──────────────────────────────────────────────────────

type Texts = Record<LetterTextLanguage, string>;

/** The parts every built-in shares; each template adds one paragraph on what is asked of the service. */
const OPENING: Texts = {
  zh: '{{receiverName}}的各位同事：\n\n您好！我们机构（{{senderName}}）正在为一位女士提供支持，希望将她转介至贵机构的“{{serviceName}}”服务。在本转介中，她的化名为{{pseudonym}}。她使用的语言：{{languages}}。',
  en: 'Dear colleagues at {{receiverName}},\n\nOur organisation, {{senderName}}, is supporting a woman whom we would like to refer to your service “{{serviceName}}”. In this referral we call her {{pseudonym}}. Languages she speaks: {{languages}}.',
  fr: 'À l’attention de : {{receiverName}}\n\nMadame, Monsieur,\n\nNotre organisation, {{senderName}}, accompagne une femme que nous souhaitons orienter vers votre service « {{serviceName}} ». Dans cette orientation, nous l’appelons {{pseudonym}}. Langues parlées : {{languages}}.',
  nl: 'Beste collega’s van {{receiverName}},\n\nOnze organisatie, {{senderName}}, begeleidt een vrouw die we graag doorverwijzen naar uw dienst ‘{{serviceName}}’. In deze verwijzing noemen we haar {{pseudonym}}. Talen die ze spreekt: {{languages}}.'
};

const SHARING: Texts = {
  zh: '本信随附于{{date}}通过安心（Anxin）发送的加密转介（编号 {{reference}}）。{{consent}}转介中只包含以下信息：{{sharedItems}}。除此之外，我们没有提供任何其他信息。未经她本人同意，请勿将这些信息转给他人。',
  en: 'This letter accompanies the sealed referral {{reference}} of {{date}}, sent through Anxin. {{consent}} The referral contains only the following: {{sharedItems}}. We have added nothing else. Please do not pass this information on without her agreement.',
  fr: 'Cette lettre accompagne l’orientation chiffrée {{reference}} du {{date}}, envoyée par Anxin. {{consent}} L’orientation contient uniquement les éléments suivants : {{sharedItems}}. Nous n’y avons rien ajouté. Merci de ne pas transmettre ces informations sans son accord.',
  nl: 'Deze brief hoort bij de versleutelde verwijzing {{reference}} van {{date}}, verstuurd via Anxin. {{consent}} De verwijzing bevat alleen het volgende: {{sharedItems}}. Verder hebben we niets toegevoegd. Geef deze informatie niet door zonder haar toestemming.'
};

const SAFE_CONTACT: Texts = {
  zh: '请只按照转介档案中注明的安全方式与她联系。如果档案中没有注明安全的联系方式，或者您有任何疑虑，请先与我们联系，由我们来安排。请不要给她留言；如果接电话的是其他人，请不要提及她的情况。',
  en: 'Please contact her only in the safe way described in the referral file. If the file does not describe one, or if you are in any doubt, contact us first and we will arrange the contact. Do not leave messages, and do not mention her situation to anyone else who may answer.',
  fr: 'Veuillez la contacter uniquement de la manière sûre indiquée dans le dossier d’orientation. Si le dossier n’en indique aucune, ou en cas de doute, contactez-nous d’abord : nous organiserons le contact. Ne laissez pas de message et n’évoquez pas sa situation avec une autre personne qui répondrait.',
  nl: 'Neem alleen op de veilige manier die in het verwijsdossier staat contact met haar op. Staat daar geen veilige manier in, of twijfelt u, neem dan eerst contact met ons op: wij regelen het contact. Laat geen berichten achter en spreek niet over haar situatie met iemand anders die opneemt.'
};

const CLOSING: Texts = {
  zh: '请通过安心告知我们贵机构能否接受此转介，或者还需要哪些信息。如有任何问题，请联系{{senderContact}}，并注明转介编号 {{reference}}。\n\n感谢您的帮助！\n\n此致\n敬礼\n\n{{senderName}}',
  en: 'Please tell us through Anxin whether you can accept this referral, or what further information you need. For any question, please contact {{senderContact}}, quoting the reference {{reference}}.\n\nThank you for your help.\n\nKind regards,\n\n{{senderName}}',
  fr: 'Merci de nous indiquer par Anxin si vous pouvez accepter cette orientation, ou de quelles informations complémentaires vous avez besoin. Pour toute question, contactez {{senderContact}} en rappelant la référence {{reference}}.\n\nMerci pour votre aide.\n\nBien cordialement,\n\n{{senderName}}',
  nl: 'Laat ons via Anxin weten of u deze verwijzing kunt aanvaarden, of welke informatie u nog nodig hebt. Voor vragen kunt u contact opnemen met {{senderContact}}, met vermelding van referentie {{reference}}.\n\nHartelijk dank voor uw hulp.\n\nMet vriendelijke groet,\n\n{{senderName}}'
};

const REQUEST: Record<'general' | 'legal-aid' | 'shelter' | 'health', Texts> = {
  general: {
    zh: '我们希望了解贵机构能否为她提供帮助。她需要什么样的帮助，最好由您直接与她商谈；如有需要，请安排翻译。',
    en: 'We would like to know whether your service can help her. What help she needs is best discussed with her directly, with an interpreter if necessary.',
    fr: 'Nous aimerions savoir si votre service peut l’aider. Le mieux est de discuter directement avec elle de l’aide dont elle a besoin, avec un interprète si nécessaire.',
    nl: 'We willen graag weten of uw dienst haar kan helpen. Welke hulp ze nodig heeft, bespreekt u het best rechtstreeks met haar, zo nodig met een tolk.'
  },
  'legal-aid': {
    zh: '我们希望了解贵机构能否为她提供法律信息和法律咨询。我们本身没有评估过她的法律状况，她需要哪些法律帮助，请直接与她商谈；如有需要，请安排翻译。如果可以预约，请告诉我们日期、地点以及是否有翻译在场，以便我们帮她做好准备。',
    en: 'We would like to know whether your service can offer her legal information and advice. We have not assessed her legal situation ourselves: what she needs should be discussed with her directly, with an interpreter if necessary. If an appointment is possible, please tell us the date, the place and whether an interpreter will be present, so that we can help her prepare.',
    fr: 'Nous aimerions savoir si votre service peut lui offrir une information et un conseil juridiques. Nous n’avons pas évalué nous-mêmes sa situation juridique : ses besoins sont à discuter directement avec elle, avec un interprète si nécessaire. Si un rendez-vous est possible, merci de nous indiquer la date, le lieu et la présence ou non d’un interprète, afin que nous puissions l’aider à s’y préparer.',
    nl: 'We willen graag weten of uw dienst haar juridische informatie en advies kan geven. We hebben haar juridische situatie zelf niet beoordeeld: wat ze nodig heeft, bespreekt u het best rechtstreeks met haar, zo nodig met een tolk. Als een afspraak mogelijk is, laat ons dan de datum, de plaats en de aanwezigheid van een tolk weten, zodat we haar kunnen helpen zich voor te bereiden.'
  },
  shelter: {
    zh: '我们希望了解贵机构能否为她提供安全的住处，或者告诉我们大约何时会有空位。请对住处的地址严格保密。关于她何时、在哪里入住，请通过安心告知我们，不要使用普通电子邮件或短信。如果您需要了解是否有子女随行，而转介档案中没有这方面的信息，请向我们询问。',
    en: 'We would like to know whether your service can offer her safe accommodation, or tell us when a place may become available. Please keep the address of the accommodation strictly confidential, and tell us through Anxin, not by ordinary e-mail or text message, where and when she can arrive. If you need to know whether children will come with her and the referral file does not say, please ask us.',
    fr: 'Nous aimerions savoir si votre service peut lui offrir un hébergement sûr, ou nous dire quand une place pourrait se libérer. Merci de garder l’adresse de l’hébergement strictement confidentielle et de nous indiquer par Anxin, et non par courriel ou SMS ordinaire, où et quand elle peut arriver. Si vous devez savoir si des enfants l’accompagneront et que le dossier d’orientation ne le précise pas, merci de nous le demander.',
    nl: 'We willen graag weten of uw dienst haar veilige opvang kan bieden, of ons kan laten weten wanneer er een plaats vrijkomt. Houd het adres van de opvang strikt vertrouwelijk en laat ons via Anxin, en niet via gewone e-mail of sms, weten waar en wanneer ze terechtkan. Als u moet weten of er kinderen meekomen en het verwijsdossier zegt dat niet, vraag het ons dan.'
  },
  health: {
    zh: '我们希望了解贵机构能否为她提供医疗或心理方面的帮助。我们不是医疗专业人员，本转介不包含我们作出的任何医学评估。请告诉我们您能否接待她、能否安排她的语言的翻译，以及在她希望的情况下能否安排女性医护人员。她告诉您的健康信息受您的职业保密义务保护，我们不需要了解这些信息。',
    en: 'We would like to know whether your service can offer her medical or psychological care. We are not health professionals, and this referral contains no medical assessment of ours. Please tell us whether you can see her, whether an interpreter for her language can be arranged and, if she wishes, a female practitioner. Health information she gives you is covered by your professional secrecy; we do not need it.',
    fr: 'Nous aimerions savoir si votre service peut lui offrir des soins médicaux ou un accompagnement psychologique. Nous ne sommes pas des professionnels de santé, et cette orientation ne contient aucune évaluation médicale de notre part. Merci de nous dire si vous pouvez la recevoir, si un interprète dans sa langue peut être prévu et, si elle le souhaite, une praticienne. Les informations de santé qu’elle vous confiera relèvent de votre secret professionnel ; nous n’en avons pas besoin.',
    nl: 'We willen graag weten of uw dienst haar medische of psychologische zorg kan bieden. We zijn geen zorgverleners en deze verwijzing bevat geen medische beoordeling van ons. Laat ons weten of u haar kunt ontvangen, of er een tolk voor haar taal kan worden geregeld en, als ze dat wil, een vrouwelijke zorgverlener. Gezondheidsinformatie die ze u geeft, valt onder uw beroepsgeheim; wij hebben die niet nodig.'
  }
};

const NAMES: Record<keyof typeof REQUEST, Record<Locale, string>> = {
  general: { en: 'General referral', 'zh-CN': '一般转介', fr: 'Orientation générale', nl: 'Algemene verwijzing' },
  'legal-aid': { en: 'Legal aid', 'zh-CN': '法律援助', fr: 'Aide juridique', nl: 'Juridische hulp' },
  shelter: { en: 'Shelter and emergency accommodation', 'zh-CN': '庇护所和紧急住宿', fr: 'Hébergement d’urgence', nl: 'Opvang en noodopvang' },
  health: { en: 'Medical and psychological care', 'zh-CN': '医疗和心理援助', fr: 'Soins médicaux et psychologiques', nl: 'Medische en psychologische zorg' }
};

const BUILT_IN_PREFIX = 'builtin:';
const text = (lang: LetterTextLanguage, purpose: keyof typeof REQUEST) =>
  [OPENING[lang], REQUEST[purpose][lang], SHARING[lang], SAFE_CONTACT[lang], CLOSING[lang]].join('\n\n');

/**
 * The built-in templates (read-only, revision 0; saving one creates the organisation's own copy).
 * `name` is bilingual (Chinese · English); builtInTemplateName() gives it in the UI language.
 */
export const BUILT_IN_TEMPLATES: readonly LetterTemplate[] = (Object.keys(REQUEST) as Array<keyof typeof REQUEST>).map((purpose) => ({
  id: `${BUILT_IN_PREFIX}${purpose}`,
  name: `${NAMES[purpose]['zh-CN']} · ${NAMES[purpose].en}`,
  zh: text('zh', purpose),
  en: text('en', purpose),
  fr: text('fr', purpose),
  nl: text('nl', purpose),
  revision: 0,
  builtIn: true
}));

export const isBuiltInTemplateId = (id: string): boolean => id.startsWith(BUILT_IN_PREFIX);
export const findBuiltInTemplate = (id: string): LetterTemplate | undefined => BUILT_IN_TEMPLATES.find((t) => t.id === id);

/** A built-in template's name in the UI language (null for organisation templates: their name is as typed). */
export function builtInTemplateName(id: string, locale: Locale): string | null {
  const purpose = id.slice(BUILT_IN_PREFIX.length) as keyof typeof REQUEST;
  return isBuiltInTemplateId(id) && Object.prototype.hasOwnProperty.call(NAMES, purpose) ? NAMES[purpose][locale] : null;
}

// ─── PDF labels ──────────────────────────────────────────────────────────────

export type LetterLabels = {
  /** Document title. */
  title: string;
  /** Heading above the letter written in this language. */
  letterHeading: string;
  from: string;
  to: string;
  service: string;
  date: string;
  reference: string;
  verification: string;
  /** The footer line asking the reader to compare the fingerprint by phone. */
  sealed: string;
  /** "Page {page} of {pages}" — fill with pageOf(). */
  page: string;
};

const LABELS: Record<LetterTextLanguage, LetterLabels> = {
  zh: {
    title: '转介信',
    letterHeading: '转介信（中文）',
    from: '发件机构',
    to: '收件机构',
    service: '服务',
    date: '日期',
    reference: '转介编号',
    verification: '验证指纹',
    sealed: '本信经安心（Anxin）加密并签名。请通过电话与发件机构核对验证指纹。',
    page: '第 {page} 页，共 {pages} 页'
  },
  en: {
    title: 'Referral letter',
    letterHeading: 'Referral letter (English)',
    from: 'From',
    to: 'To',
    service: 'Service',
    date: 'Date',
    reference: 'Reference',
    verification: 'Verification fingerprint',
    sealed: 'Sealed and signed with Anxin — compare the fingerprint with the sender by phone.',
    page: 'Page {page} of {pages}'
  },
  fr: {
    title: 'Lettre d’orientation',
    letterHeading: 'Lettre d’orientation (français)',
    from: 'De',
    to: 'À',
    service: 'Service',
    date: 'Date',
    reference: 'Référence',
    verification: 'Empreinte de vérification',
    sealed: 'Scellée et signée avec Anxin — comparez l’empreinte avec l’expéditeur par téléphone.',
    page: 'Page {page} sur {pages}'
  },
  nl: {
    title: 'Verwijsbrief',
    letterHeading: 'Verwijsbrief (Nederlands)',
    from: 'Van',
    to: 'Aan',
    service: 'Dienst',
    date: 'Datum',
    reference: 'Referentie',
    verification: 'Verificatievingerafdruk',
    sealed: 'Verzegeld en ondertekend met Anxin — vergelijk de vingerafdruk telefonisch met de afzender.',
    page: 'Pagina {page} van {pages}'
  }
};

export function letterLabels(lang: LetterTextLanguage): LetterLabels {
  return LABELS[lang];
}

export function pageOf(label: string, page: number, pages: number): string {
  return label.replace('{page}', String(page)).replace('{pages}', String(pages));
}

// ─── the letter sheet (PDF and print) ────────────────────────────────────────

/** What a printed or PDF letter shows: the PDF (main) and the print layout (renderer) both render this. */
export type LetterSheetInput = {
  reference: string;
  /** ISO date (YYYY-MM-DD or a timestamp; the date part is printed). */
  date: string;
  from: { name: string; country: string };
  to: { name: string; country: string };
  serviceName: string;
  letter: Letter;
  /** The referral's verification fingerprint (grouped digits). */
  verification: string;
  /** Language of the non-Chinese labels; by default the letter's other language. */
  labelsLang?: LetterLanguage;
};

export type LetterSheet = {
  /** Bilingual title: `转介信 · Lettre d’orientation`. */
  title: string;
  /** From, to (name, then countries in both languages on a second line), service, date (both languages), reference. */
  rows: Array<{ label: string; value: string }>;
  /** The Chinese letter, then the receiver-language letter (which starts on a new page); `lang` is a BCP 47 tag. */
  letters: [SheetLetter, SheetLetter];
  /** The closing block (the PDF prints it as the footer of every page). */
  footer: {
    reference: { label: string; value: string };
    verification: { label: string; value: string };
    /** "Compare the fingerprint with the sender by phone", in Chinese and in the labels' language. */
    sealed: string[];
  };
  /** "第 1 页，共 2 页 · Page 1 sur 2". */
  pageLine: (page: number, pages: number) => string;
};
export type SheetLetter = { lang: 'zh-CN' | LetterLanguage; heading: string; text: string };

/** The content and order of a referral letter as printed (docs/referrals.md, "The PDF" and "Printing"). */
export function letterSheet(input: LetterSheetInput): LetterSheet {
  const other = input.labelsLang ?? input.letter.otherLanguage;
  const zh = letterLabels('zh');
  const ot = letterLabels(other);
  const both = (a: string, b: string) => (a === b ? a : `${a} / ${b}`);
  const party = (p: { name: string; country: string }) => {
    const countries = [...new Set([countryName(p.country, other), countryName(p.country, 'zh')])].filter((c) => c.trim() !== '');
    return countries.length > 0 ? `${p.name}\n${countries.join(' · ')}` : p.name;
  };
  const dates = [...new Set([formatLetterDate(input.date, 'zh'), formatLetterDate(input.date, other)])].join(' · ');
  return {
    title: `${zh.title} · ${ot.title}`,
    rows: [
      { label: both(zh.from, ot.from), value: party(input.from) },
      { label: both(zh.to, ot.to), value: party(input.to) },
      { label: both(zh.service, ot.service), value: input.serviceName },
      { label: both(zh.date, ot.date), value: dates },
      { label: both(zh.reference, ot.reference), value: input.reference }
    ],
    letters: [
      { lang: 'zh-CN', heading: zh.letterHeading, text: input.letter.zh },
      { lang: input.letter.otherLanguage, heading: letterLabels(input.letter.otherLanguage).letterHeading, text: input.letter.other }
    ],
    footer: {
      reference: { label: both(zh.reference, ot.reference), value: input.reference },
      verification: { label: both(zh.verification, ot.verification), value: input.verification },
      sealed: [zh.sealed, ot.sealed]
    },
    pageLine: (page, pages) => `${pageOf(zh.page, page, pages)} · ${pageOf(ot.page, page, pages)}`
  };
}
