// The directory's own search and filters (shared/domain/directory/filter.ts).
import { describe, expect, it } from 'vitest';
import { facets, filterEntries } from '../../shared/domain/directory/filter';
import { DirectoryFields, DirectoryFilter, type DirectoryEntry, type DirectoryFieldsInput } from '../../shared/domain/directory/schemas';

let n = 0;
const entry = (f: DirectoryFieldsInput): DirectoryEntry => ({
  ...DirectoryFields.parse(f),
  id: (++n).toString(16).padStart(32, '0'),
  revision: 1,
  source: 'private',
  updatedAt: '2026-11-24T10:00:00.000Z'
});
const ALL = [
  entry({ name: 'Maison d’accueil Sainte-Hélène', type: 'shelter', country: 'BE', city: 'Liège', languages: ['mandarin', 'french'] }),
  entry({ name: '华人法律咨询', type: 'legal-aid', country: 'FR', city: 'Paris', languages: ['wenzhou'], notes: '周六也开门' }),
  entry({ name: 'Tolkencentrum', type: 'interpretation', country: 'NL', city: 'Den Haag', languages: ['cantonese', 'dutch'] }),
  entry({ name: 'Second Paris', type: 'medical', country: 'FR', city: 'PARIS', languages: ['french'] })
];
const names = (f: Partial<DirectoryFilter>) => filterEntries(ALL, DirectoryFilter.parse(f)).map((e) => e.name);

describe('directory filter', () => {
  it('searches accent-, case- and width-insensitively, Chinese by substring', () => {
    expect(names({ query: 'helene' })).toEqual(['Maison d’accueil Sainte-Hélène']);
    expect(names({ query: 'SAINTE liege' })).toEqual(['Maison d’accueil Sainte-Hélène']);
    expect(names({ query: '法律' })).toEqual(['华人法律咨询']);
    expect(names({ query: '周六' })).toEqual(['华人法律咨询']);
    expect(names({ query: '法律 tolk' })).toEqual([]);
  });

  it('finds type and language labels in any UI language', () => {
    expect(names({ query: '温州话' })).toEqual(['华人法律咨询']);
    expect(names({ query: 'kantonees' })).toEqual(['Tolkencentrum']);
    expect(names({ query: 'interpretariat' })).toEqual(['Tolkencentrum']);
  });

  it('ANDs country, city (folded), type and language, sorted by country, city, name', () => {
    expect(names({ country: 'FR' })).toEqual(['Second Paris', '华人法律咨询']);
    expect(names({ city: 'paris', language: 'french' })).toEqual(['Second Paris']);
    expect(names({ type: 'shelter', language: 'mandarin', city: 'Liege' })).toEqual(['Maison d’accueil Sainte-Hélène']);
    expect(names({ country: 'NL', language: 'mandarin' })).toEqual([]);
  });

  it('lists one spelling per city for the menus', () => {
    const f = facets(ALL);
    expect(f.countries).toEqual(['BE', 'FR', 'NL']);
    expect(f.cities.map((c) => c.city)).toEqual(['Liège', 'Paris', 'Den Haag']);
  });
});
