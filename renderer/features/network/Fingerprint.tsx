/** A key fingerprint for reading aloud by phone: its digit groups, spaced, in a fixed-width font. */
export function FingerprintText({ value, testId }: { value: string; testId?: string }) {
  const groups = value.trim().split(/\s+/).filter(Boolean);
  return (
    <span className="fingerprint" data-testid={testId} data-value={value}>
      {groups.map((g, i) => (
        <span key={i} className="fingerprint-group">
          {g}
        </span>
      ))}
    </span>
  );
}

/**
 * What someone typed while a fingerprint was read out ("12345 67890…", with or without spaces,
 * dashes or line breaks), put into the grouping of the fingerprint it is compared with. Only
 * the layout is adjusted: main still compares every digit.
 */
export function normaliseTypedFingerprint(typed: string, shape: string | null): string {
  const digits = typed.replace(/[^0-9A-Za-z]/g, '');
  const groups = shape ? shape.trim().split(/\s+/).filter(Boolean) : [];
  if (groups.length === 0 || digits.length !== groups.reduce((n, g) => n + g.length, 0)) return typed.trim().replace(/\s+/g, ' ');
  const out: string[] = [];
  let at = 0;
  for (const g of groups) {
    out.push(digits.slice(at, at + g.length));
    at += g.length;
  }
  return out.join(' ');
}
