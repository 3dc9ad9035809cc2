/**
 * Hybrid logical clock (Kulkarni et al.): physical milliseconds plus a counter, so that
 * timestamps order causally even when device clocks disagree. Encoded so that string order
 * equals time order: 13-digit ms, 5-digit counter, device id.
 */
export type Hlc = { ms: number; counter: number; device: string };

/** A remote timestamp this far ahead of our clock is clamped and flagged (a laptop days off). */
export const MAX_CLOCK_DRIFT_MS = 24 * 60 * 60 * 1000;

export function formatHlc(h: Hlc): string {
  return `${String(h.ms).padStart(13, '0')}-${String(h.counter).padStart(5, '0')}-${h.device}`;
}

export function parseHlc(text: string): Hlc {
  const m = /^(\d{13})-(\d{5})-([0-9a-z]+)$/.exec(text);
  if (!m) throw new RangeError(`not an HLC timestamp: ${text.slice(0, 40)}`);
  return { ms: Number(m[1]), counter: Number(m[2]), device: m[3]! };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A clock for one device. `now` is injectable for tests and for laptops with wrong clocks. */
export function createHlcClock(device: string, now: () => number = Date.now, last?: string) {
  let state: Hlc = last ? parseHlc(last) : { ms: 0, counter: 0, device };
  return {
    /** A new timestamp for a local event. */
    tick(): string {
      const wall = now();
      state = wall > state.ms ? { ms: wall, counter: 0, device } : { ms: state.ms, counter: state.counter + 1, device };
      return formatHlc(state);
    },
    /**
     * Merges a timestamp seen on a remote record. Returns whether it was clamped: a remote
     * clock more than MAX_CLOCK_DRIFT_MS ahead must not drag ours into the future.
     */
    receive(remote: string): { clamped: boolean } {
      const r = parseHlc(remote);
      const wall = now();
      const clamped = r.ms > wall + MAX_CLOCK_DRIFT_MS;
      const rms = clamped ? wall : r.ms;
      const ms = Math.max(wall, state.ms, rms);
      const counter =
        ms === state.ms && ms === rms ? Math.max(state.counter, r.counter) + 1 : ms === state.ms ? state.counter + 1 : ms === rms ? r.counter + 1 : 0;
      state = { ms, counter, device };
      return { clamped };
    },
    last(): string {
      return formatHlc(state);
    }
  };
}
export type HlcClock = ReturnType<typeof createHlcClock>;

/** The wall-clock part as an ISO string, for display. */
export function hlcToIso(text: string): string {
  return new Date(parseHlc(text).ms).toISOString();
}
