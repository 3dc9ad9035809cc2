/**
 * The demo directory: entirely invented, loaded only when the user asks ("Load demo entries")
 * and marked `demo: true` everywhere. Names end in "(demo)", addresses and sites are under
 * example.org (reserved by RFC 2606), phone numbers are +32/+33/+31 followed by 0000 — no real
 * service, address or number. Never replace these with real-world contact data.
 */
import type { DirectoryFieldsInput } from './schemas';

const demo = (e: Omit<DirectoryFieldsInput, 'demo'>): DirectoryFieldsInput => ({ ...e, demo: true });

export const DEMO_ENTRIES: DirectoryFieldsInput[] = [
  demo({
    name: 'Example Shelter Brussels (demo)',
    type: 'shelter',
    country: 'BE',
    city: 'Brussels',
    languages: ['mandarin', 'french', 'dutch'],
    hours: '24/7',
    phone: '+32 0000 00 01',
    email: 'shelter-brussels@example.org',
    address: '1 Example Street, 1000 Brussels (fictional)',
    website: 'https://shelter-brussels.example.org',
    acceptsReferrals: true,
    notes: 'Fictional demo entry. Rooms for women with children.'
  }),
  demo({
    name: 'Example Legal Aid Brussels (demo)',
    type: 'legal-aid',
    country: 'BE',
    city: 'Brussels',
    languages: ['mandarin', 'wenzhou', 'french'],
    hours: 'Mon–Fri 9:00–17:00',
    phone: '+32 0000 00 02',
    email: 'legal-brussels@example.org',
    address: '2 Example Avenue, 1000 Brussels (fictional)',
    website: 'https://legal-brussels.example.org',
    acceptsReferrals: true,
    notes: 'Fictional demo entry. Residence permits and protection orders.'
  }),
  demo({
    name: 'Example Hotline Belgium (demo)',
    type: 'hotline',
    country: 'BE',
    city: 'Antwerp',
    languages: ['mandarin', 'cantonese', 'dutch', 'english'],
    hours: '24/7',
    phone: '+32 0000 00 03',
    email: 'hotline-be@example.org',
    address: '',
    website: 'https://hotline-be.example.org',
    acceptsReferrals: false,
    notes: 'Fictional demo entry.'
  }),
  demo({
    name: 'Example Juridique Lyon (demo)',
    type: 'legal-aid',
    country: 'FR',
    city: 'Lyon',
    languages: ['mandarin', 'french'],
    hours: 'Lun–ven 9 h–18 h',
    phone: '+33 0000 00 04',
    email: 'juridique-lyon@example.org',
    address: '4 rue de l’Exemple, 69000 Lyon (fictif)',
    website: 'https://juridique-lyon.example.org',
    acceptsReferrals: true,
    notes: 'Fiche fictive de démonstration.'
  }),
  demo({
    name: 'Example Santé Paris (demo)',
    type: 'medical',
    country: 'FR',
    city: 'Paris',
    languages: ['mandarin', 'wenzhou', 'french'],
    hours: 'Lun–sam 8 h–20 h',
    phone: '+33 0000 00 05',
    email: 'sante-paris@example.org',
    address: '5 boulevard de l’Exemple, 75000 Paris (fictif)',
    website: 'https://sante-paris.example.org',
    acceptsReferrals: false,
    notes: 'Fiche fictive de démonstration.'
  }),
  demo({
    name: 'Example Psychologue Paris (demo)',
    type: 'psychological',
    country: 'FR',
    city: 'Paris',
    languages: ['mandarin', 'cantonese', 'french'],
    hours: 'Sur rendez-vous',
    phone: '+33 0000 00 06',
    email: 'psy-paris@example.org',
    address: '6 place de l’Exemple, 75000 Paris (fictif)',
    website: '',
    acceptsReferrals: true,
    notes: 'Fiche fictive de démonstration.'
  }),
  demo({
    name: 'Example Tolkdienst Amsterdam (demo)',
    type: 'interpretation',
    country: 'NL',
    city: 'Amsterdam',
    languages: ['mandarin', 'cantonese', 'hokkien', 'dutch'],
    hours: 'Ma–vr 8.00–18.00',
    phone: '+31 0000 00 07',
    email: 'tolk-amsterdam@example.org',
    address: 'Voorbeeldstraat 7, Amsterdam (fictief)',
    website: 'https://tolk-amsterdam.example.org',
    acceptsReferrals: true,
    notes: 'Verzonnen demogegeven.'
  }),
  demo({
    name: 'Example Politiecontact Rotterdam (demo)',
    type: 'police-liaison',
    country: 'NL',
    city: 'Rotterdam',
    languages: ['dutch', 'english'],
    hours: 'Ma–vr 9.00–17.00',
    phone: '+31 0000 00 08',
    email: 'politie-rotterdam@example.org',
    address: 'Voorbeeldplein 8, Rotterdam (fictief)',
    website: '',
    acceptsReferrals: false,
    notes: 'Verzonnen demogegeven.'
  }),
  demo({
    name: '示例领事服务 布鲁塞尔 (demo)',
    type: 'consulate',
    country: 'BE',
    city: 'Brussels',
    languages: ['mandarin', 'french', 'english'],
    hours: 'Mon–Fri 9:00–12:00',
    phone: '+32 0000 00 09',
    email: 'consular-demo@example.org',
    address: '9 Example Square, 1000 Brussels (fictional)',
    website: 'https://consular.example.org',
    acceptsReferrals: false,
    notes: '虚构的演示条目。Fictional demo entry.'
  })
];
