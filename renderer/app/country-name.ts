/** Country codes (ISO 3166-1 alpha-2) as names in the UI's language; one Intl.DisplayNames per locale. */
const byLocale = new Map<string, Intl.DisplayNames | null>();

function displayNames(locale: string): Intl.DisplayNames | null {
  if (!byLocale.has(locale)) {
    let names: Intl.DisplayNames | null = null;
    try {
      names = new Intl.DisplayNames([locale], { type: 'region' });
    } catch {
      names = null;
    }
    byLocale.set(locale, names);
  }
  return byLocale.get(locale)!;
}

/** The country's name, or the code itself when the browser does not know it. */
export function countryName(locale: string, code: string): string {
  try {
    return displayNames(locale)?.of(code) ?? code;
  } catch {
    return code;
  }
}
