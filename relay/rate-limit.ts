/**
 * Per-device token buckets (in memory, per relay instance: with N instances behind a load
 * balancer a device gets up to N× the rate — docs/relay.md). Bounded: idle buckets are dropped.
 */
export type RateLimiter = {
  /** 0 when allowed (a token is taken), else milliseconds until the next token. */
  take(key: string, now: number): number;
  size(): number;
};

export function createRateLimiter(perSecond: number, burst: number, maxKeys = 100_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, now: number) => {
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
  };
  return {
    take(key, now) {
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) {
          // Drop buckets that have refilled completely: forgetting them changes nothing.
          for (const [k, old] of buckets) {
            refill(old, now);
            if (old.tokens >= burst) buckets.delete(k);
          }
        }
        b = { tokens: burst, at: now };
        buckets.set(key, b);
      }
      refill(b, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.ceil(((1 - b.tokens) / perSecond) * 1000);
    },
    size: () => buckets.size
  };
}
