/**
 * The built-in interview templates, as data: four purposes, each in the four UI languages, with
 * guidance for the interviewer. Our own wording, written for volunteers who are not
 * professionals: short questions, one thing at a time, the survivor's safety first.
 * Built-ins are read-only; an organisation copies one and edits the copy (a sealed record).
 */
import type { Locale } from '../../i18n/locales';
import type { Template, TemplatePurpose } from './schemas';

type L = Record<Locale, string>;
type Q = { id: string; prompt: L; guidance: L };
type Def = { purpose: Exclude<TemplatePurpose, 'custom'>; title: L; guidance: L; questions: Q[] };

const DEFS: Def[] = [
  {
    purpose: 'first-contact',
    title: { en: 'First contact', 'zh-CN': '首次接触', fr: 'Premier contact', nl: 'Eerste contact' },
    guidance: {
      en: 'Introduce yourself and the organisation. Explain that she decides what she tells, that she can stop at any time, and who will read these notes. Check first that she is safe to talk now.',
      'zh-CN': '先介绍你自己和机构。告诉她：说什么由她决定，随时可以停下来，并说明谁会看到这份记录。开始之前先确认她现在说话是否安全。',
      fr: "Présentez-vous et présentez l'organisation. Expliquez qu'elle décide de ce qu'elle raconte, qu'elle peut s'arrêter à tout moment, et qui lira ces notes. Vérifiez d'abord qu'elle peut parler en sécurité maintenant.",
      nl: 'Stel jezelf en de organisatie voor. Leg uit dat zij bepaalt wat ze vertelt, dat ze op elk moment kan stoppen en wie deze notities leest. Ga eerst na of ze nu veilig kan praten.'
    },
    questions: [
      {
        id: 'safety-now',
        prompt: { en: 'Are you safe right now? Can you talk freely?', 'zh-CN': '你现在安全吗？现在方便说话吗？', fr: 'Êtes-vous en sécurité maintenant ? Pouvez-vous parler librement ?', nl: 'Ben je nu veilig? Kun je vrijuit praten?' },
        guidance: {
          en: 'If not, agree on a safe time and way to call back, and stop here.',
          'zh-CN': '如果不安全，约好一个安全的时间和联系方式再联系，先到此为止。',
          fr: 'Sinon, convenez d’un moment et d’un moyen sûrs pour rappeler, et arrêtez-vous ici.',
          nl: 'Zo niet: spreek een veilig moment en een veilige manier af om terug te bellen, en stop hier.'
        }
      },
      {
        id: 'reason',
        prompt: { en: 'What made you get in touch with us today?', 'zh-CN': '今天是什么让你想联系我们？', fr: 'Qu’est-ce qui vous a amenée à nous contacter aujourd’hui ?', nl: 'Waarom heb je vandaag contact met ons opgenomen?' },
        guidance: {
          en: 'Let her tell it in her own words. Do not push for details yet.',
          'zh-CN': '让她用自己的话说，先不要追问细节。',
          fr: 'Laissez-la raconter avec ses mots. Ne demandez pas encore de détails.',
          nl: 'Laat haar het in eigen woorden vertellen. Vraag nog niet door naar details.'
        }
      },
      {
        id: 'contact',
        prompt: { en: 'How can we reach you safely?', 'zh-CN': '我们怎样联系你才安全？', fr: 'Comment pouvons-nous vous joindre en sécurité ?', nl: 'Hoe kunnen we je veilig bereiken?' },
        guidance: {
          en: 'Which number, which times, whether a message may be left, a code word if someone else answers.',
          'zh-CN': '用哪个号码、什么时间、能不能留言；如果别人接电话，用什么暗号。',
          fr: 'Quel numéro, à quelles heures, peut-on laisser un message, un mot de code si quelqu’un d’autre répond.',
          nl: 'Welk nummer, op welke tijden, of een bericht mag, een codewoord als iemand anders opneemt.'
        }
      },
      {
        id: 'urgent-needs',
        prompt: { en: 'What do you need most urgently?', 'zh-CN': '你现在最需要什么帮助？', fr: 'De quoi avez-vous besoin le plus urgemment ?', nl: 'Wat heb je het dringendst nodig?' },
        guidance: {
          en: 'Shelter, medical care, police, legal advice, money, someone to talk to. Write down what she says, not your interpretation.',
          'zh-CN': '住处、看病、报警、法律咨询、钱、有人倾诉……记下她说的话，不要写你自己的理解。',
          fr: 'Hébergement, soins, police, conseil juridique, argent, quelqu’un à qui parler. Notez ce qu’elle dit, pas votre interprétation.',
          nl: 'Onderdak, medische zorg, politie, juridisch advies, geld, iemand om mee te praten. Schrijf op wat zij zegt, niet jouw interpretatie.'
        }
      },
      {
        id: 'next-step',
        prompt: { en: 'What did we agree as the next step?', 'zh-CN': '我们约定的下一步是什么？', fr: 'Quelle prochaine étape avons-nous convenue ?', nl: 'Wat hebben we als volgende stap afgesproken?' },
        guidance: {
          en: 'Who does what, and when. Repeat it back to her.',
          'zh-CN': '谁做什么、什么时候做。再跟她确认一遍。',
          fr: 'Qui fait quoi, et quand. Répétez-le-lui.',
          nl: 'Wie doet wat, en wanneer. Herhaal het voor haar.'
        }
      }
    ]
  },
  {
    purpose: 'needs-assessment',
    title: { en: 'Needs assessment', 'zh-CN': '需求评估', fr: 'Évaluation des besoins', nl: 'Behoeftebepaling' },
    guidance: {
      en: 'Go through each area calmly; she may skip any of them. Mark what is urgent. Residence status questions can frighten: say why you ask.',
      'zh-CN': '逐项慢慢问，她可以跳过任何一项。标出紧急的事项。问到居留身份时她可能会害怕，先说明为什么要问。',
      fr: 'Parcourez chaque domaine calmement ; elle peut en passer. Signalez ce qui est urgent. Les questions de séjour peuvent faire peur : dites pourquoi vous les posez.',
      nl: 'Loop elk onderwerp rustig door; ze mag er een overslaan. Markeer wat dringend is. Vragen over verblijfsstatus kunnen angst aanjagen: zeg waarom je ze stelt.'
    },
    questions: [
      {
        id: 'housing',
        prompt: { en: 'Where are you living now, and is it safe?', 'zh-CN': '你现在住在哪里？那里安全吗？', fr: 'Où vivez-vous maintenant, et est-ce sûr ?', nl: 'Waar woon je nu, en is het daar veilig?' },
        guidance: { en: 'Does she live with the person who hurts her? Is there somewhere else she could go?', 'zh-CN': '她是否和伤害她的人住在一起？有没有别的地方可以去？', fr: 'Vit-elle avec la personne qui lui fait du mal ? Y a-t-il un autre endroit où aller ?', nl: 'Woont ze samen met degene die haar pijn doet? Kan ze ergens anders heen?' }
      },
      {
        id: 'health',
        prompt: { en: 'Do you have injuries or health problems that need care?', 'zh-CN': '你有没有受伤或需要看病的身体问题？', fr: 'Avez-vous des blessures ou des problèmes de santé à soigner ?', nl: 'Heb je verwondingen of gezondheidsproblemen die zorg nodig hebben?' },
        guidance: { en: 'Include pregnancy, medication, mental health, sleep.', 'zh-CN': '包括怀孕、用药、心理健康、睡眠。', fr: 'Y compris grossesse, médicaments, santé mentale, sommeil.', nl: 'Ook zwangerschap, medicatie, psychische gezondheid, slaap.' }
      },
      {
        id: 'children',
        prompt: { en: 'Are there children? Where are they, and are they safe?', 'zh-CN': '有孩子吗？孩子现在在哪里？安全吗？', fr: 'Y a-t-il des enfants ? Où sont-ils, et sont-ils en sécurité ?', nl: 'Zijn er kinderen? Waar zijn ze, en zijn ze veilig?' },
        guidance: { en: 'Ages, school, who has them now.', 'zh-CN': '年龄、上学情况、现在由谁照顾。', fr: 'Âges, école, qui les garde maintenant.', nl: 'Leeftijden, school, bij wie ze nu zijn.' }
      },
      {
        id: 'status-money',
        prompt: { en: 'What is your residence situation, and do you have your own money and documents?', 'zh-CN': '你的居留情况怎样？自己手上有钱和证件吗？', fr: 'Quelle est votre situation de séjour, et avez-vous votre propre argent et vos papiers ?', nl: 'Hoe zit het met je verblijf, en heb je eigen geld en je papieren?' },
        guidance: { en: 'Residence tied to the partner, passport kept by someone else, debts. Say that this stays confidential.', 'zh-CN': '居留是否依附于伴侣、护照是否被别人拿着、有没有欠债。告诉她这些内容会保密。', fr: 'Séjour lié au partenaire, passeport gardé par quelqu’un d’autre, dettes. Dites que cela reste confidentiel.', nl: 'Verblijf gekoppeld aan de partner, paspoort bij iemand anders, schulden. Zeg dat dit vertrouwelijk blijft.' }
      },
      {
        id: 'support',
        prompt: { en: 'Who can you count on? What help have you had so far?', 'zh-CN': '你身边有谁可以依靠？到现在为止得到过哪些帮助？', fr: 'Sur qui pouvez-vous compter ? Quelle aide avez-vous déjà reçue ?', nl: 'Op wie kun je rekenen? Welke hulp heb je tot nu toe gehad?' },
        guidance: { en: 'Friends, family, doctor, police, other organisations. Language needs for each contact.', 'zh-CN': '朋友、家人、医生、警察、其他机构。每个联系人是否需要翻译。', fr: 'Amis, famille, médecin, police, autres organisations. Besoins de langue pour chaque contact.', nl: 'Vrienden, familie, huisarts, politie, andere organisaties. Taalbehoefte bij elk contact.' }
      }
    ]
  },
  {
    purpose: 'story',
    title: { en: 'Story collection', 'zh-CN': '故事收集', fr: 'Recueil de témoignage', nl: 'Verhaal optekenen' },
    guidance: {
      en: 'Only with her agreement to share her story (a "story" consent on the case). Tell her it will be published without her name or anything that could identify her, and that she can withdraw. Write her words as closely as you can.',
      'zh-CN': '必须先征得她同意分享故事（个案里要有“故事”授权）。告诉她发表时不会出现她的名字或任何能认出她的信息，而且她可以随时撤回。尽量照她的原话记录。',
      fr: 'Seulement avec son accord pour partager son histoire (un consentement « témoignage » dans le dossier). Dites-lui qu’elle sera publiée sans son nom ni rien qui permette de la reconnaître, et qu’elle peut se retirer. Notez ses mots au plus près.',
      nl: 'Alleen met haar toestemming om haar verhaal te delen (een toestemming "verhaal" in het dossier). Zeg dat het wordt gepubliceerd zonder haar naam of iets waaraan ze herkend kan worden, en dat ze zich kan terugtrekken. Schrijf haar woorden zo letterlijk mogelijk op.'
    },
    questions: [
      {
        id: 'before',
        prompt: { en: 'How did your life here begin?', 'zh-CN': '你在这里的生活是怎么开始的？', fr: 'Comment votre vie ici a-t-elle commencé ?', nl: 'Hoe begon je leven hier?' },
        guidance: { en: 'Arrival, hopes, first years. Let her choose where to start.', 'zh-CN': '怎么来的、当时的期望、最初几年。让她自己选择从哪里讲起。', fr: 'L’arrivée, les espoirs, les premières années. Laissez-la choisir par où commencer.', nl: 'Aankomst, verwachtingen, de eerste jaren. Laat haar kiezen waar ze begint.' }
      },
      {
        id: 'what-happened',
        prompt: { en: 'What happened, in the words you want to use?', 'zh-CN': '发生了什么？请用你想用的话来讲。', fr: 'Que s’est-il passé, avec les mots que vous voulez employer ?', nl: 'Wat is er gebeurd, in de woorden die jij wilt gebruiken?' },
        guidance: { en: 'Do not ask for more detail than she offers. Pauses are fine.', 'zh-CN': '她不愿多说的细节不要追问。停顿没有关系。', fr: 'Ne demandez pas plus de détails qu’elle n’en donne. Les silences sont permis.', nl: 'Vraag niet naar meer details dan ze zelf geeft. Stiltes mogen.' }
      },
      {
        id: 'turning-point',
        prompt: { en: 'What helped you, or what changed things?', 'zh-CN': '什么帮到了你？或者是什么让事情有了转变？', fr: 'Qu’est-ce qui vous a aidée, ou qu’est-ce qui a changé les choses ?', nl: 'Wat heeft je geholpen, of wat bracht verandering?' },
        guidance: { en: 'People, places, a decision, a phone call.', 'zh-CN': '某个人、某个地方、一个决定、一通电话。', fr: 'Des personnes, des lieux, une décision, un appel.', nl: 'Mensen, plekken, een besluit, een telefoontje.' }
      },
      {
        id: 'message',
        prompt: { en: 'What would you like other women to know?', 'zh-CN': '你想对其他女性说些什么？', fr: 'Que voudriez-vous que d’autres femmes sachent ?', nl: 'Wat wil je dat andere vrouwen weten?' },
        guidance: { en: 'This is often the heart of the published story. Read it back to her.', 'zh-CN': '这往往是发表的故事中最重要的部分。念给她听一遍。', fr: 'C’est souvent le cœur du témoignage publié. Relisez-le-lui.', nl: 'Dit is vaak de kern van het gepubliceerde verhaal. Lees het haar voor.' }
      }
    ]
  },
  {
    purpose: 'follow-up',
    title: { en: 'Follow-up', 'zh-CN': '跟进回访', fr: 'Suivi', nl: 'Opvolging' },
    guidance: {
      en: 'Start with safety again: things can change quickly. Check what was agreed last time and what happened.',
      'zh-CN': '还是先问安全：情况可能变化很快。核对上次约定的事项和后来的进展。',
      fr: 'Recommencez par la sécurité : les choses changent vite. Vérifiez ce qui avait été convenu la dernière fois et ce qui s’est passé.',
      nl: 'Begin weer met veiligheid: dingen kunnen snel veranderen. Ga na wat de vorige keer is afgesproken en wat er gebeurd is.'
    },
    questions: [
      {
        id: 'safety-now',
        prompt: { en: 'Are you safe now? Has anything changed since we last spoke?', 'zh-CN': '你现在安全吗？上次谈话以后有什么变化吗？', fr: 'Êtes-vous en sécurité maintenant ? Quelque chose a-t-il changé depuis notre dernier échange ?', nl: 'Ben je nu veilig? Is er iets veranderd sinds we elkaar spraken?' },
        guidance: { en: 'New threats, moves, contact with the other person.', 'zh-CN': '新的威胁、搬家、和对方有没有联系。', fr: 'Nouvelles menaces, déménagement, contacts avec l’autre personne.', nl: 'Nieuwe dreiging, verhuizing, contact met de andere persoon.' }
      },
      {
        id: 'agreed-steps',
        prompt: { en: 'What happened with the steps we agreed?', 'zh-CN': '上次约定的事情进展如何？', fr: 'Où en sont les étapes convenues ?', nl: 'Hoe staat het met de afgesproken stappen?' },
        guidance: { en: 'Appointments kept, referrals answered, documents obtained.', 'zh-CN': '预约有没有去、转介有没有回复、证件有没有办好。', fr: 'Rendez-vous tenus, orientations suivies, documents obtenus.', nl: 'Afspraken nagekomen, doorverwijzingen beantwoord, documenten verkregen.' }
      },
      {
        id: 'new-needs',
        prompt: { en: 'Is there something new you need help with?', 'zh-CN': '有没有新的需要帮忙的事情？', fr: 'Avez-vous besoin d’aide pour quelque chose de nouveau ?', nl: 'Is er iets nieuws waar je hulp bij nodig hebt?' },
        guidance: { en: 'Write it as she says it.', 'zh-CN': '照她的说法记录。', fr: 'Notez-le comme elle le dit.', nl: 'Schrijf het op zoals zij het zegt.' }
      },
      {
        id: 'next-contact',
        prompt: { en: 'When and how do we talk next?', 'zh-CN': '下次什么时候、用什么方式联系？', fr: 'Quand et comment nous reparlons-nous ?', nl: 'Wanneer en hoe spreken we elkaar weer?' },
        guidance: { en: 'Check the safe contact details again.', 'zh-CN': '再次确认安全的联系方式。', fr: 'Revérifiez les coordonnées sûres.', nl: 'Controleer opnieuw de veilige contactgegevens.' }
      }
    ]
  }
];

export const builtinTemplateId = (purpose: string, locale: Locale) => `builtin:${purpose}:${locale}`;

export function builtinTemplates(): Template[] {
  const locales: Locale[] = ['en', 'zh-CN', 'fr', 'nl'];
  return DEFS.flatMap((d) =>
    locales.map((locale) => ({
      id: builtinTemplateId(d.purpose, locale),
      builtin: true,
      revision: 0,
      title: d.title[locale],
      purpose: d.purpose,
      locale,
      guidance: d.guidance[locale],
      questions: d.questions.map((q) => ({ id: q.id, prompt: q.prompt[locale], guidance: q.guidance[locale] }))
    }))
  );
}

export function findBuiltinTemplate(id: string): Template | undefined {
  return builtinTemplates().find((t) => t.id === id);
}
