/**
 * Canonical JSON for bytes that are signed or bound as associated data (network entries and
 * directories, referral step headers): JSON.stringify with object keys sorted at every level;
 * arrays keep their order; undefined members are left out. The same value always gives the
 * same bytes, whatever order its keys were written in.
 */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
