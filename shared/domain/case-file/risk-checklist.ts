/**
 * Anxin's default risk checklist. Our own wording, written for this app from the factors that
 * the domestic-violence literature commonly names (escalation, strangulation, weapons,
 * separation, threats to kill, control through immigration status…); it is not a copy or a
 * translation of any licensed instrument. An organisation may replace it with its own
 * (risk:setChecklist). Weights sum to 40; medium from 10, high from 20 — and any single
 * answer of weight ≥ 8 alone is at least medium.
 */
import type { RiskChecklist } from './risk';

export const DEFAULT_RISK_CHECKLIST: RiskChecklist = {
  id: 'default',
  version: 1,
  title: {
    en: 'Anxin safety check',
    'zh-CN': '安心安全评估',
    fr: 'Évaluation de sécurité Anxin',
    nl: 'Anxin-veiligheidscheck'
  },
  thresholds: { medium: 10, high: 20 },
  questions: [
    {
      id: 'violence-worse',
      weight: 4,
      text: {
        en: 'Has the violence become more frequent or more serious recently?',
        'zh-CN': '最近暴力是否变得更频繁或更严重？',
        fr: 'Les violences sont-elles devenues plus fréquentes ou plus graves récemment ?',
        nl: 'Is het geweld de laatste tijd vaker of ernstiger geworden?'
      }
    },
    {
      id: 'choking',
      weight: 8,
      text: {
        en: 'Has he ever grabbed her by the neck, choked or tried to suffocate her?',
        'zh-CN': '他是否曾掐她的脖子、勒她或试图让她窒息？',
        fr: "L'a-t-il déjà saisie au cou, étranglée ou a-t-il tenté de l'étouffer ?",
        nl: 'Heeft hij haar ooit bij de keel gegrepen, gewurgd of geprobeerd te verstikken?'
      }
    },
    {
      id: 'weapon',
      weight: 5,
      text: {
        en: 'Has he used or threatened her with a knife, gun or other weapon, or does he have access to one?',
        'zh-CN': '他是否用刀、枪或其他武器伤害或威胁过她，或者他能拿到武器？',
        fr: "A-t-il utilisé ou l'a-t-il menacée avec un couteau, une arme à feu ou une autre arme, ou en a-t-il une à disposition ?",
        nl: 'Heeft hij haar met een mes, vuurwapen of ander wapen aangevallen of bedreigd, of heeft hij er een binnen bereik?'
      }
    },
    {
      id: 'threat-to-kill',
      weight: 5,
      text: {
        en: 'Has he said he would kill her, the children or himself?',
        'zh-CN': '他是否说过要杀死她、孩子或他自己？',
        fr: 'A-t-il dit qu’il la tuerait, qu’il tuerait les enfants ou qu’il se tuerait ?',
        nl: 'Heeft hij gezegd dat hij haar, de kinderen of zichzelf zou doden?'
      }
    },
    {
      id: 'she-fears-death',
      weight: 3,
      text: {
        en: 'Does she believe he could seriously injure or kill her?',
        'zh-CN': '她是否认为他可能会重伤或杀死她？',
        fr: "Pense-t-elle qu'il pourrait la blesser gravement ou la tuer ?",
        nl: 'Denkt zij dat hij haar ernstig zou kunnen verwonden of doden?'
      }
    },
    {
      id: 'recent-separation',
      weight: 3,
      text: {
        en: 'Has she recently left him, or is she planning to leave?',
        'zh-CN': '她最近是否离开了他，或正打算离开？',
        fr: "L'a-t-elle quitté récemment ou prévoit-elle de partir ?",
        nl: 'Heeft zij hem onlangs verlaten, of is zij van plan te vertrekken?'
      }
    },
    {
      id: 'pregnant-or-baby',
      weight: 2,
      text: {
        en: 'Is she pregnant or has she had a baby in the last year?',
        'zh-CN': '她是否怀孕，或在过去一年内生过孩子？',
        fr: 'Est-elle enceinte ou a-t-elle accouché au cours de la dernière année ?',
        nl: 'Is zij zwanger of heeft zij in het afgelopen jaar een kind gekregen?'
      }
    },
    {
      id: 'sexual-violence',
      weight: 2,
      text: {
        en: 'Has he forced her into sexual acts?',
        'zh-CN': '他是否强迫她发生性行为？',
        fr: "L'a-t-il forcée à des actes sexuels ?",
        nl: 'Heeft hij haar tot seksuele handelingen gedwongen?'
      }
    },
    {
      id: 'stalking-control',
      weight: 2,
      text: {
        en: 'Does he follow her, check her phone or messages, or control where she goes and whom she sees?',
        'zh-CN': '他是否跟踪她、查看她的手机或消息，或控制她去哪里、见什么人？',
        fr: 'La suit-il, contrôle-t-il son téléphone ou ses messages, ou décide-t-il où elle va et qui elle voit ?',
        nl: 'Volgt hij haar, controleert hij haar telefoon of berichten, of bepaalt hij waar zij heen gaat en wie zij ziet?'
      }
    },
    {
      id: 'immigration-threat',
      weight: 2,
      text: {
        en: 'Does he threaten to have her deported, to keep her passport, or to withdraw support for her residence permit?',
        'zh-CN': '他是否威胁让她被遣返、扣留她的护照，或撤回对她居留许可的担保？',
        fr: 'Menace-t-il de la faire expulser, de garder son passeport ou de retirer son soutien à son titre de séjour ?',
        nl: 'Dreigt hij haar te laten uitzetten, haar paspoort af te nemen of zijn steun voor haar verblijfsvergunning in te trekken?'
      }
    },
    {
      id: 'children-threat',
      weight: 2,
      text: {
        en: 'Has he threatened to take the children away or to harm them?',
        'zh-CN': '他是否威胁要带走孩子或伤害孩子？',
        fr: "A-t-il menacé d'enlever les enfants ou de leur faire du mal ?",
        nl: 'Heeft hij gedreigd de kinderen mee te nemen of hun iets aan te doen?'
      }
    },
    {
      id: 'isolation',
      weight: 1,
      text: {
        en: 'Is she isolated: no family or friends nearby, little of the local language, no income of her own?',
        'zh-CN': '她是否处于孤立状态：附近没有亲友、不太会说当地语言、没有自己的收入？',
        fr: 'Est-elle isolée : pas de famille ni d’amis à proximité, peu de connaissance de la langue locale, aucun revenu propre ?',
        nl: 'Is zij geïsoleerd: geen familie of vrienden in de buurt, weinig kennis van de lokale taal, geen eigen inkomen?'
      }
    },
    {
      id: 'substance-abuse',
      weight: 1,
      text: {
        en: 'Does he regularly abuse alcohol, drugs or gambling?',
        'zh-CN': '他是否经常酗酒、吸毒或赌博？',
        fr: "Abuse-t-il régulièrement de l'alcool, de drogues ou des jeux d'argent ?",
        nl: 'Misbruikt hij regelmatig alcohol of drugs, of gokt hij?'
      }
    }
  ]
};
