/**
 * The directory's own search and filters. The directory is small (hundreds to a few thousand
 * entries) and is not case data, so it is filtered in place rather than through the case search
 * index (which would mix services into case search results). Matching is on folded text:
 * accents, case and full-width forms are ignored ('lyon' finds 'LYON', 'liege' finds 'Liège');
 * Chinese has no spaces and is matched as a substring ('法律' finds '法律援助'). The type and
 * language labels of all four UI languages are searchable too, so '普通话' or 'mandarin' finds
 * Mandarin-speaking services whatever language the UI is in.
 */
import { directoryMessages } from '../../i18n/features/directory';
import { foldText, type DirectoryEntry, type DirectoryFilter } from './schemas';

const LOCALES = ['en', 'zh-CN', 'fr', 'nl'] as const;

function labels(prefix: string, value: string): string {
  const key = `${prefix}${value}`;
  return LOCALES.map((l) => (directoryMessages[l] as Record<string, string>)[key] ?? '').join(' ');
}

export function searchableText(e: DirectoryEntry): string {
  return foldText(
    [
      e.name,
      e.city,
      e.country,
      e.address,
      e.notes,
      e.hours,
      e.email,
      e.website,
      e.phone,
      labels('directory.type.', e.type),
      ...e.languages.map((l) => labels('directory.lang.', l))
    ].join(' \u0001 ')
  );
}

export function matchesFilter(e: DirectoryEntry, f: DirectoryFilter, haystack?: string): boolean {
  if (f.country !== '' && e.country !== f.country.toUpperCase()) return false;
  if (f.city !== '' && foldText(e.city) !== foldText(f.city)) return false;
  if (f.type !== '' && e.type !== f.type) return false;
  if (f.language !== '' && !e.languages.includes(f.language)) return false;
  const terms = foldText(f.query).split(' ').filter((t) => t !== '');
  if (terms.length === 0) return true;
  const text = haystack ?? searchableText(e);
  return terms.every((t) => text.includes(t));
}

/** Entries matching the filter, sorted by country, city, then name (locale-independent). */
export function filterEntries(entries: DirectoryEntry[], f: DirectoryFilter): DirectoryEntry[] {
  return entries.filter((e) => matchesFilter(e, f)).sort(compareEntries);
}

export function compareEntries(a: DirectoryEntry, b: DirectoryEntry): number {
  return a.country.localeCompare(b.country) || foldText(a.city).localeCompare(foldText(b.city)) || foldText(a.name).localeCompare(foldText(b.name));
}

/** The countries and (country, city) pairs present, for the filter menus; one spelling per folded city. */
export function facets(entries: DirectoryEntry[]): { countries: string[]; cities: Array<{ country: string; city: string }> } {
  const countries = [...new Set(entries.map((e) => e.country))].sort();
  const seen = new Map<string, { country: string; city: string }>();
  for (const e of entries) {
    const key = `${e.country}\u0000${foldText(e.city)}`;
    if (!seen.has(key)) seen.set(key, { country: e.country, city: e.city.trim() });
  }
  const cities = [...seen.values()].sort((a, b) => a.country.localeCompare(b.country) || foldText(a.city).localeCompare(foldText(b.city)));
  return { countries, cities };
}
