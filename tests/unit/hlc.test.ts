import { describe, expect, it } from 'vitest';
import { compareHlc, createHlcClock, formatHlc, hlcToIso, MAX_CLOCK_DRIFT_MS, parseHlc } from '../../shared/records/hlc';

const DEV = '0123456789abcdef';
const T0 = Date.UTC(2025, 0, 1);

describe('HLC', () => {
  it('formats so that string order is time order, and parses back', () => {
    const a = formatHlc({ ms: T0, counter: 2, device: DEV });
    const b = formatHlc({ ms: T0, counter: 10, device: DEV });
    const c = formatHlc({ ms: T0 + 1, counter: 0, device: DEV });
    expect([c, b, a].sort()).toEqual([a, b, c]);
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(c, b)).toBe(1);
    expect(compareHlc(a, a)).toBe(0);
    expect(parseHlc(b)).toEqual({ ms: T0, counter: 10, device: DEV });
    expect(hlcToIso(a)).toBe('2025-01-01T00:00:00.000Z');
  });

  it('rejects malformed timestamps', () => {
    for (const bad of ['', '123-00001-abc', `${T0}-1-${DEV}`, `${T0}-00001-ABC`, `${T0}-00001-${DEV}x!`]) {
      expect(() => parseHlc(bad)).toThrow(RangeError);
    }
  });

  it('never goes backwards when the wall clock does', () => {
    let wall = T0;
    const clock = createHlcClock(DEV, () => wall);
    const seen = [clock.tick()];
    wall = T0 - 60_000; // clock set back a minute
    for (let i = 0; i < 5; i++) seen.push(clock.tick());
    wall = T0 + 5;
    seen.push(clock.tick());
    for (let i = 1; i < seen.length; i++) expect(compareHlc(seen[i - 1]!, seen[i]!)).toBe(-1);
    expect(parseHlc(seen[5]!)).toEqual({ ms: T0, counter: 5, device: DEV });
    expect(parseHlc(seen[6]!).counter).toBe(0);
  });

  it('resumes after the last timestamp it was seeded with', () => {
    const last = formatHlc({ ms: T0 + 1000, counter: 7, device: DEV });
    const clock = createHlcClock(DEV, () => T0, last);
    expect(compareHlc(clock.tick(), last)).toBe(1);
  });

  it('merges remote timestamps ahead of the local clock', () => {
    const clock = createHlcClock(DEV, () => T0);
    const remote = formatHlc({ ms: T0 + 5000, counter: 3, device: 'ffffffffffffffff' });
    expect(clock.receive(remote)).toEqual({ clamped: false });
    expect(compareHlc(clock.last(), remote.replace('ffffffffffffffff', DEV))).toBe(1);
    expect(compareHlc(clock.tick(), remote)).toBe(1);
  });

  it('clamps (and flags) a remote clock days ahead', () => {
    const clock = createHlcClock(DEV, () => T0);
    const farFuture = formatHlc({ ms: T0 + MAX_CLOCK_DRIFT_MS + 60_000, counter: 0, device: 'ffffffffffffffff' });
    expect(clock.receive(farFuture)).toEqual({ clamped: true });
    expect(parseHlc(clock.last()).ms).toBe(T0);
  });
});
