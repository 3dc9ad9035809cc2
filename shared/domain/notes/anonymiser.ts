/**
 * The identifier finder: a pure function that flags details that could identify a survivor or
 * the people around her before a story leaves the app — personal names (Chinese and Latin
 * script), phone numbers (BE, FR, NL, DE, CN formats), e-mail addresses, street addresses,
 * ID/passport/residence-permit numbers, exact dates and places of work.
 *
 * It is rule-based on purpose: rules can be read, tested and explained to an interviewer, and
 * nothing leaves the machine. It errs towards flagging (a false alarm costs one click on "keep";
 * a miss can cost a life) but is tested against ordinary text that must NOT be flagged. It is an
 * assistant, not a guarantee: the interviewer reads the story before exporting (docs/interview-notes.md).
 */
import type { IdentifierType } from './schemas';

export type Match = { start: number; end: number; text: string; type: IdentifierType; suggestion: string };

const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff';
const hasHan = (s: string) => new RegExp(`[${HAN}]`).test(s);

const SUGGEST: Record<IdentifierType, [zh: string, latin: string]> = {
  name: ['[姓名]', '[Name]'],
  phone: ['[电话]', '[phone]'],
  email: ['[邮箱]', '[e-mail]'],
  address: ['[地址]', '[address]'],
  'id-number': ['[证件号]', '[ID number]'],
  date: ['[日期]', '[date]'],
  workplace: ['[工作单位]', '[workplace]']
};

// ---- Chinese names ----
// Common single-character surnames (covering the large majority of people) and a few compound ones.
const CN_SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const CN_COMPOUND = ['欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '慕容', '令狐'];
// Characters that end a given name: particles, verbs and words that commonly follow a name.
const CN_STOP = '说是在的了和跟与对把被给也都又就还让叫去来到打骂很不没要会能想告问回从向为以及或等们这那个有今昨明每时后前里上下中女先小太老阿医律师姐哥妹弟';
const SURNAME_RE = `(?:${CN_COMPOUND.join('|')}|[${CN_SURNAMES}])`;
const GIVEN_RE = `(?:(?![${CN_STOP}])[${HAN}])`;
const CN_NAME_CORE = `${SURNAME_RE}${GIVEN_RE}{1,2}`;
/** A name right after a cue word: 叫王芳, 丈夫张伟, 姓名：李娜. */
const CN_CUE = '(?:名叫|叫做|叫|姓名[:：]?\\s*|名字是|丈夫|老公|前夫|男友|男朋友|未婚夫|婆婆|公公|朋友|邻居|同事|老板|女儿|儿子|姐姐|妹妹)';
const CN_NAME_AFTER_CUE = new RegExp(`(?<=${CN_CUE})${CN_NAME_CORE}`, 'gu');
/** A name before a title: 王芳女士, 陈先生, 李医生. The title stays; the name goes. */
const CN_NAME_BEFORE_TITLE = new RegExp(`${SURNAME_RE}${GIVEN_RE}{0,2}(?=女士|先生|小姐|太太|阿姨|医生|律师|警官|老师)`, 'gu');
/** 小王 / 老李: familiar forms, only before a speech or action verb to avoid 小时, 老师… */
const CN_FAMILIAR = new RegExp(`[小老]${SURNAME_RE}(?=说|告诉|打|骂|来|去|让|把|是)`, 'gu');

// ---- Latin-script names ----
const CAP = "\\p{Lu}\\p{Ll}+(?:['’-]\\p{Lu}?\\p{Ll}+)*";
const PARTICLE = "(?:van der|van den|van de|van|de la|de|der|den|du|le|la|von|ter|ten|d'|d’)";
const LATIN_FULL = `${CAP}(?:[ -](?:${PARTICLE} )?${CAP}){0,2}`;
const HONORIFIC = '(?:Mme|Mlle|Mr|Mrs|Ms|Miss|Dr|Madame|Mademoiselle|Monsieur|Mevrouw|Meneer|Mevr\\.|Dhr\\.|Frau|Herr|Mister|M\\.)';
const LATIN_AFTER_HONORIFIC = new RegExp(`(?<=\\b${HONORIFIC}\\.? )(?:${PARTICLE} )?${LATIN_FULL}`, 'gu');
const LATIN_CUE =
  "(?:named|called|name is|name's|husband|boyfriend|partner|s'appelle|s’appelle|appelée|appelé|nommée|nommé|mari|son conjoint|heet|genaamd|haar man|haar vriend|echtgenoot|Name|Nom|Naam|Naam:|Name:|Nom :|Nom:)";
const LATIN_AFTER_CUE = new RegExp(`(?<=\\b${LATIN_CUE} )${LATIN_FULL}`, 'gu');
/** Pinyin "Surname Given" pairs: Wang Fang, Zhang Xiaoli, Li Na. */
const PINYIN_SURNAMES = 'Wang|Zhang|Liu|Chen|Yang|Huang|Zhao|Zhou|Xu|Sun|Zhu|Guo|Lin|Gao|Luo|Zheng|Liang|Xie|Song|Tang|Han|Feng|Deng|Cao|Peng|Zeng|Xiao|Tian|Dong|Pan|Yuan|Jiang|Cai|Du|Ye|Cheng|Su|Wei|Lu|Ding|Shen|Yao|Cui|Zhong|Tan|Fan|Jin|Shi|Liao|Jia|Xia|Fang|Bai|Zou|Meng|Xiong|Qin|Qiu|Yin|Xue|Duan|Lei|Hou|Long|Tao|Mao|Hao|Gong|Shao|Wan|Qian|Yan|Kong|Dai|Mo|Ouyang|Li|Wu|Ma|Hu|He';
const PINYIN_SYLLABLE = '(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|üan|ai|ei|ao|ou|an|en|in|un|ün|ia|ie|iu|ua|uo|ui|üe|er|a|o|e|i|u|ü)';
const PINYIN_NAME = new RegExp(`\\b(?:${PINYIN_SURNAMES}) [A-Z](?:${PINYIN_SYLLABLE}){1,2}\\b`, 'g');
/** A short list of very common first names in our four languages, followed by a capitalised surname. */
const FIRST_NAMES =
  'Marie|Anne|Sophie|Julie|Camille|Claire|Isabelle|Nathalie|Sarah|Laura|Emma|Léa|Chloé|Jean|Pierre|Michel|Philippe|Nicolas|Thomas|Julien|Marc|Luc|Paul|Jan|Pieter|Peter|Joris|Bart|Koen|Wim|Els|Inge|Sanne|Lotte|Anna|Eva|Lisa|John|David|Michael|James|Robert|Mary|Linda|Susan|Karen|Hans|Klaus|Jürgen|Stefan|Andreas';
const FIRST_LAST = new RegExp(`\\b(?:${FIRST_NAMES})(?: (?:${PARTICLE} )?${CAP}){1,2}`, 'gu');

// ---- contact details ----
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
/**
 * Phone numbers: international (+32/+33/+31/+49/+86 or 00…) or national (leading 0; Chinese
 * mobiles 1[3-9]x), digits grouped by spaces, dots, dashes or slashes, 9–13 digits in all.
 */
const PHONE = /(?<![\p{Script=Latin}\p{N}+])(?:(?:\+|00)(?:32|33|31|49|86)[\s.-]?(?:\(0\)\s?)?\d(?:[\s./-]?\d){7,11}|0\d(?:[\s./-]?\d){7,11}|1[3-9]\d(?:[\s-]?\d){8})(?![\p{N}])/gu;

// ---- identity documents ----
const CN_ID = /(?<![\p{N}])\d{6}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\p{N}])/gu;
const BE_NATIONAL = /(?<![\p{N}])\d{2}\.?\d{2}\.?\d{2}-\d{3}\.?\d{2}(?![\p{N}])/gu;
const BE_EID = /(?<![\p{N}])\d{3}-\d{7}-\d{2}(?![\p{N}])/gu;
const FR_NIR = /(?<![\p{N}])[12] ?\d{2} ?\d{2} ?(?:\d{2}|2A|2B) ?\d{3} ?\d{3} ?\d{2}(?![\p{N}])/gu;
/** Passport-like: one or two capitals then 7–8 digits (CN E12345678, EA1234567; many EU formats). */
const PASSPORT = /\b[A-Z]{1,2}\d{7,8}\b/g;
/** Any number after a document word: passport, titre de séjour, verblijfsvergunning, 护照, 居留证, BSN… */
const DOC_CUE =
  /(?<!\p{Script=Latin})(?:passport|passeport|paspoort|Reisepass|ID|identity card|carte d'identité|carte d’identité|identiteitskaart|titre de séjour|carte de séjour|residence permit|verblijfsvergunning|verblijfsdocument|Aufenthaltstitel|BSN|rijksregisternummer|numéro national|护照|身份证|居留证|居留卡|居留许可|签证)(?:\s?(?:n°|no\.?|nr\.?|number|numéro|nummer|号码|号))?[\s:：#]*([A-Z0-9][A-Z0-9 .-]{4,18}[0-9X])(?![\p{L}\p{N}])/dgiu;

// ---- addresses ----
const STREET_FR = "(?:rue|avenue|av\\.|boulevard|bd|chaussée|place|chemin|allée|impasse|quai|square|route|cours)";
const ADDR_FR = new RegExp(`\\b\\d{1,4}(?:\\s?(?:bis|ter|[a-z]))?,?\\s${STREET_FR}\\s(?:(?:de la|de l'|de l’|du|des|de|d'|d’)\\s?)?[\\p{L}'’ -]{2,40}?(?=[,.;\\n]|\\s\\d{4,5}\\b|$)`, 'giu');
const ADDR_FR_AFTER = new RegExp(`\\b${STREET_FR}\\s(?:(?:de la|de l'|de l’|du|des|de|d'|d’)\\s?)?\\p{Lu}[\\p{L}'’ -]{1,40}?\\s?,?\\s\\d{1,4}(?:\\s?(?:bis|[a-z]))?\\b`, 'gu');
const ADDR_NL_DE = /\b\p{Lu}[\p{L}-]{1,30}(?:straat|laan|weg|plein|gracht|kade|dijk|steenweg|lei|dreef|singel|straße|strasse|str\.|platz|allee|gasse|ring)\s\d{1,4}(?:\s?[a-zA-Z])?(?:\s?(?:bus|bte)\s?\d{1,4})?\b/gu;
const ADDR_EN = /\b\d{1,5}\s(?:\p{Lu}[\p{L}'-]+\s){1,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Close|Way|Square|Place)\b/gu;
const POSTCODE_CITY = /(?<![\p{N}])(?:\d{4}\s?[A-Z]{2}|\d{4,5})\s(?:\p{Lu}[\p{Ll}'’-]+)(?:[ -]\p{Lu}[\p{Ll}'’-]+)?(?![\p{L}])/gu;
const CN_NUM = '(?:\\d+|[一二三四五六七八九十百零]+)';
/** A place-name character: Han, but not the particles and verbs that come before an address (住在, 搬到…). */
const PLACE_CH = `(?:(?![在住于到去从的以前了是和我她他])[${HAN}])`;
const ADDR_CN = new RegExp(
  `(?:${PLACE_CH}{1,6}(?:省|市|区|县|镇|乡))*${PLACE_CH}{1,8}(?:路|街|大道|巷|弄|胡同)${CN_NUM}号(?:${CN_NUM}(?:栋|幢|楼|单元|室|号))*`,
  'gu'
);

// ---- dates ----
const MONTHS =
  'janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|january|february|march|april|may|june|july|august|september|october|november|december|januari|februari|maart|mei|juni|juli|augustus|oktober|Januar|Februar|März|Juni|Juli|Oktober|Dezember|jan\\.?|feb\\.?|mar\\.?|apr\\.?|jun\\.?|jul\\.?|aug\\.?|sep\\.?|sept\\.?|oct\\.?|okt\\.?|nov\\.?|dec\\.?|déc\\.?';
const DATE_NUMERIC = /(?<![\p{N}./-])(?:(?:0?[1-9]|[12]\d|3[01])[./-](?:0?[1-9]|1[0-2])[./-](?:19|20)?\d{2}|(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?![\p{N}]|[./-]\d)/gu;
const DATE_WORDS = new RegExp(`\\b(?:(?:1er|[0-3]?\\d)(?:st|nd|rd|th)?\\s(?:${MONTHS})(?:\\s(?:19|20)\\d{2})?|(?:${MONTHS})\\s[0-3]?\\d(?:st|nd|rd|th)?,?\\s(?:19|20)\\d{2})\\b`, 'giu');
const DATE_CN = /(?:(?:19|20)\d{2}年)?(?:1[0-2]|0?[1-9])月(?:3[01]|[12]\d|0?[1-9])[日号]/gu;

// ---- places of work ----
const WORK_LATIN = /(?<=\b(?:works?|worked|working|employed) (?:at|for|in) |\b(?:travaille|travaillait|travaillé|employée?) (?:chez|à|pour|au|dans) |\b(?:werkt|werkte|gewerkt|werkzaam) (?:bij|in|voor) |\barbeitet (?:bei|in|im) )(?:(?:the|le|la|l'|l’|de|het|restaurant|Restaurant|hotel|Hotel|café|Café|salon)\s)?\p{Lu}[\p{L}\p{N}'’&-]*(?:\s(?:&\s)?\p{Lu}[\p{L}\p{N}'’&-]*){0,3}/gu;
const WORK_CN = new RegExp(`(?<=在)[${HAN}A-Za-z0-9]{2,14}?(?=(?:工作|上班|打工|当服务员|做服务员|做工))`, 'gu');
const WORK_CN_BUSINESS = new RegExp(`[${HAN}A-Za-z0-9]{2,8}?(?:餐厅|饭店|餐馆|酒楼|超市|美甲店|按摩店|理发店|洗衣店|公司|工厂|商店|中餐馆|外卖店)`, 'gu');
const WORK_CN_BAD_START = /^(?:一家|那家|这家|一个|在|去|到|的|家里|附近)/;

type Rule = { type: IdentifierType; re: RegExp; accept?: (text: string, full: string, start: number) => boolean; /** Flag only this capture group (regex with the d flag). */ group?: number };

const RULES: Rule[] = [
  { type: 'email', re: EMAIL },
  { type: 'id-number', re: CN_ID },
  { type: 'id-number', re: BE_NATIONAL },
  { type: 'id-number', re: BE_EID },
  { type: 'id-number', re: FR_NIR },
  { type: 'id-number', re: DOC_CUE, group: 1, accept: (t) => /\d{4,}/.test(t.replace(/[ .-]/g, '')) },
  { type: 'id-number', re: PASSPORT },
  { type: 'date', re: DATE_NUMERIC },
  { type: 'date', re: DATE_WORDS },
  { type: 'date', re: DATE_CN },
  { type: 'phone', re: PHONE },
  { type: 'address', re: ADDR_CN },
  { type: 'address', re: ADDR_NL_DE },
  { type: 'address', re: ADDR_FR },
  { type: 'address', re: ADDR_FR_AFTER },
  { type: 'address', re: ADDR_EN },
  // "2000 Antwerpen" after a comma or at a line start is an address; "En 2019 Marie…" is a year.
  { type: 'address', re: POSTCODE_CITY, accept: (t, full, start) => start === 0 || /(?:,\s?|\n)$/.test(full.slice(Math.max(0, start - 2), start)) || !/^(?:19|20)\d{2}\s/.test(t) },
  { type: 'workplace', re: WORK_CN, accept: (t) => !/^(?:家里|家中|家|这里|那里|国内|国外|中国|比利时|法国|荷兰|德国|欧洲|当地)$/.test(t) },
  { type: 'workplace', re: WORK_CN_BUSINESS, accept: (t) => !WORK_CN_BAD_START.test(t) },
  { type: 'workplace', re: WORK_LATIN },
  { type: 'name', re: CN_NAME_BEFORE_TITLE },
  { type: 'name', re: CN_NAME_AFTER_CUE },
  { type: 'name', re: CN_FAMILIAR },
  { type: 'name', re: LATIN_AFTER_HONORIFIC },
  { type: 'name', re: LATIN_AFTER_CUE },
  { type: 'name', re: PINYIN_NAME },
  { type: 'name', re: FIRST_LAST }
];

/** Every identifying detail found in `text`, in order, without overlaps (earlier rules and longer matches win). */
export function findIdentifiers(text: string): Match[] {
  const raw: Array<Match & { rank: number }> = [];
  RULES.forEach((rule, rank) => {
    rule.re.lastIndex = 0;
    for (const m of text.matchAll(rule.re)) {
      const span = rule.group === undefined ? ([m.index, m.index + m[0].length] as const) : m.indices?.[rule.group];
      if (!span) continue;
      const start = span[0];
      const found = text.slice(start, span[1]).replace(/[\s,.;:]+$/u, '');
      if (!found.trim()) continue;
      if (rule.accept && !rule.accept(found, text, start)) continue;
      const [zh, latin] = SUGGEST[rule.type];
      // The replacement speaks the language around the finding (a phone number in Chinese text gets [电话]).
      const around = text.slice(Math.max(0, start - 12), start + found.length + 12);
      raw.push({ start, end: start + found.length, text: found, type: rule.type, suggestion: hasHan(around) ? zh : latin, rank });
    }
  });
  raw.sort((a, b) => a.rank - b.rank || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const taken: Match[] = [];
  for (const m of raw) {
    if (taken.some((t) => m.start < t.end && t.start < m.end)) continue;
    taken.push({ start: m.start, end: m.end, text: m.text, type: m.type, suggestion: m.suggestion });
  }
  return taken.sort((a, b) => a.start - b.start);
}

/** Replaces the given spans (non-overlapping) with their replacements. */
export function applyReplacements(text: string, spans: Array<{ start: number; end: number; replacement: string }>): string {
  let out = '';
  let at = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + s.replacement;
    at = s.end;
  }
  return out + text.slice(at);
}
