// The identifier finder (shared/domain/notes/anonymiser.ts): a table of real-looking sentences
// in Chinese, French, Dutch and English — what must be flagged, with its type, and ordinary text
// that must NOT be flagged (false-positive checks: expected = []).
import { describe, expect, it } from 'vitest';
import { applyReplacements, findIdentifiers } from '../../shared/domain/notes/anonymiser';
import type { IdentifierType } from '../../shared/domain/notes/schemas';

type Row = [lang: 'zh' | 'fr' | 'nl' | 'en', text: string, expected: Array<[IdentifierType, string]>];

const TABLE: Row[] = [
  // ---- Chinese: names ----
  ['zh', '她丈夫王伟说如果她离开就杀了她。', [['name', '王伟']]],
  ['zh', '王芳女士今天第一次来咨询。', [['name', '王芳']]],
  ['zh', '我叫李娜，今年三十五岁。', [['name', '李娜']]],
  ['zh', '她的前夫张建国经常喝酒。', [['name', '张建国']]],
  ['zh', '陈先生是她的房东。', [['name', '陈']]],
  ['zh', '婆婆刘秀英不让她出门。', [['name', '刘秀英']]],
  ['zh', '姓名：欧阳娜娜', [['name', '欧阳娜娜']]],
  ['zh', '小王说他会来接她。', [['name', '小王']]],
  ['zh', '周医生给她开了证明。', [['name', '周']]],
  // ---- Chinese: contact, documents, addresses, dates, work ----
  ['zh', '她的手机是13800138000，晚上别打。', [['phone', '13800138000']]],
  ['zh', '国内电话 +86 138 0013 8000', [['phone', '+86 138 0013 8000']]],
  ['zh', '以前住在北京市朝阳区建国路88号3栋502室。', [['address', '北京市朝阳区建国路88号3栋502室']]],
  ['zh', '身份证号110101199003074514已复印。', [['id-number', '110101199003074514']]],
  ['zh', '护照号码E12345678被丈夫拿走了。', [['id-number', 'E12345678']]],
  ['zh', '居留证 B1234567 明年到期。', [['id-number', 'B1234567']]],
  ['zh', '2023年5月12日她第一次报警。', [['date', '2023年5月12日']]],
  ['zh', '3月8日那天他又打了她。', [['date', '3月8日']]],
  ['zh', '她在金龙餐厅工作，每天十二个小时。', [['workplace', '金龙餐厅']]],
  ['zh', '她在华联超市上班。', [['workplace', '华联超市']]],
  ['zh', '邮箱是 lina1988@qq.com', [['email', 'lina1988@qq.com']]],
  // ---- Chinese: must NOT be flagged ----
  ['zh', '她说明天再来。', []],
  ['zh', '小时候她在农村长大。', []],
  ['zh', '老师说孩子在学校很好。', []],
  ['zh', '她在家里工作，照顾两个孩子。', []],
  ['zh', '三年前她来到欧洲。', []],
  ['zh', '她有两个孩子，一个五岁，一个八岁。', []],
  ['zh', '她每个月挣1200欧元。', []],
  ['zh', '马路上车很多，她很害怕。', []],
  // ---- French ----
  ['fr', 'Mme Dupont est venue avec sa fille.', [['name', 'Dupont']]],
  ['fr', 'Son mari s’appelle Jean-Marc Lefèvre.', [['name', 'Jean-Marc Lefèvre']]],
  ['fr', 'Appelez-la au 06 12 34 56 78 après 18 h.', [['phone', '06 12 34 56 78']]],
  ['fr', 'Numéro belge : +32 470 12 34 56.', [['phone', '+32 470 12 34 56']]],
  ['fr', 'Fixe : 01.42.68.53.00', [['phone', '01.42.68.53.00']]],
  ['fr', 'Elle habite 12 rue de la Loi, 1000 Bruxelles.', [['address', '12 rue de la Loi'], ['address', '1000 Bruxelles']]],
  ['fr', 'Le 12 mars 2024 elle a quitté le domicile.', [['date', '12 mars 2024']]],
  ['fr', 'Rendez-vous le 03/04/2025 au tribunal.', [['date', '03/04/2025']]],
  ['fr', 'Elle travaille chez Golden Dragon depuis deux ans.', [['workplace', 'Golden Dragon']]],
  ['fr', 'Son titre de séjour n° 1234567890 expire bientôt.', [['id-number', '1234567890']]],
  ['fr', 'Numéro national 85.07.30-033.61', [['id-number', '85.07.30-033.61']]],
  ['fr', 'Écrivez à marie.dupont@example.fr', [['email', 'marie.dupont@example.fr']]],
  ['fr', 'Son mari Wang Qiang la surveille.', [['name', 'Wang Qiang']]],
  // ---- French: must NOT be flagged ----
  ['fr', 'Il y a trois ans, elle est arrivée en Belgique.', []],
  ['fr', 'Elle a 34 ans et deux enfants.', []],
  ['fr', 'En mai, elle a trouvé un logement.', []],
  ['fr', 'La police est venue en 2023.', []],
  ['fr', 'Elle gagne 1 200 euros par mois.', []],
  ['fr', 'Le Centre Public d’Action Sociale l’a aidée.', []],
  // ---- Dutch ----
  ['nl', 'Mevrouw Jansen belde de politie.', [['name', 'Jansen']]],
  ['nl', 'Haar man heet Pieter de Vries.', [['name', 'Pieter de Vries']]],
  ['nl', 'Bel haar op 06-12345678, niet op zondag.', [['phone', '06-12345678']]],
  ['nl', 'Vast nummer: 020 123 4567', [['phone', '020 123 4567']]],
  ['nl', 'Ze woont in de Kerkstraat 12 in Gent.', [['address', 'Kerkstraat 12']]],
  ['nl', 'Adres: Grote Markt 5, 2000 Antwerpen', [['address', '2000 Antwerpen']]],
  ['nl', 'Op 12 maart 2024 is ze vertrokken.', [['date', '12 maart 2024']]],
  ['nl', 'Ze werkt bij Restaurant Lotus in Leuven.', [['workplace', 'Restaurant Lotus']]],
  ['nl', 'Haar verblijfsvergunning nr. B12345678 is verlopen.', [['id-number', 'B12345678']]],
  ['nl', 'BSN 123456782 staat op de brief.', [['id-number', '123456782']]],
  ['nl', 'Haar Duitse nummer is +49 151 12345678.', [['phone', '+49 151 12345678']]],
  // ---- Dutch: must NOT be flagged ----
  ['nl', 'In mei was het koud en ze had geen jas.', []],
  ['nl', 'Ze heeft twee kinderen van 5 en 8 jaar.', []],
  ['nl', 'De huisarts heeft haar doorverwezen.', []],
  ['nl', 'Ze betaalt 650 euro huur.', []],
  // ---- English ----
  ['en', 'Her husband Zhang Wei took her passport.', [['name', 'Zhang Wei']]],
  ['en', 'Mrs Smith, the neighbour, called the police.', [['name', 'Smith']]],
  ['en', 'On 3 March 2024 she left the house.', [['date', '3 March 2024']]],
  ['en', 'The hearing is on March 14, 2025.', [['date', 'March 14, 2025']]],
  ['en', 'She works at Golden Dragon Restaurant.', [['workplace', 'Golden Dragon Restaurant']]],
  ['en', 'She used to live at 221 Baker Street.', [['address', '221 Baker Street']]],
  ['en', 'Passport number: EA1234567', [['id-number', 'EA1234567']]],
  ['en', 'Email her at li.na@example.com or call 0470 12 34 56.', [['email', 'li.na@example.com'], ['phone', '0470 12 34 56']]],
  ['en', 'Her friend Marie Dupont let her stay.', [['name', 'Marie Dupont']]],
  // ---- English: must NOT be flagged ----
  ['en', 'She has two children aged 5 and 8.', []],
  ['en', 'The police came in 2023.', []],
  ['en', 'She paid 1200 euros for the lawyer.', []],
  ['en', 'In May she found a room.', []],
  ['en', 'He said she could not leave.', []],
  ['en', 'The Red Cross gave her food.', []]
];

describe('identifier finder', () => {
  it('has a table of at least 60 cases in four languages, with false-positive checks', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60);
    for (const lang of ['zh', 'fr', 'nl', 'en']) expect(TABLE.filter((r) => r[0] === lang).length).toBeGreaterThanOrEqual(10);
    expect(TABLE.filter((r) => r[2].length === 0).length).toBeGreaterThanOrEqual(15);
  });

  it.each(TABLE)('[%s] %s', (_lang, text, expected) => {
    const found = findIdentifiers(text).map((m) => [m.type, m.text]);
    expect(found).toEqual(expected);
  });

  it('gives offsets that point at the text, and suggestions in the language around the finding', () => {
    const text = '他打我以后，我打电话0470 12 34 56找到了帮助。Later she said: call 0470 12 34 57, or write to a@b.be.';
    const found = findIdentifiers(text);
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(found.map((m) => m.suggestion)).toEqual(['[电话]', '[phone]', '[e-mail]']);
  });

  it('replaces exactly the chosen spans', () => {
    const text = '丈夫王伟说：打0470 12 34 56。';
    const [name, phone] = findIdentifiers(text);
    expect(applyReplacements(text, [{ start: phone!.start, end: phone!.end, replacement: phone!.suggestion }])).toBe('丈夫王伟说：打[电话]。');
    expect(applyReplacements(text, [name!, phone!].map((m) => ({ start: m.start, end: m.end, replacement: m.suggestion })))).toBe('丈夫[姓名]说：打[电话]。');
  });
});
