/**
 * Locks the vault after a period without user activity. The renderer reports activity
 * (keys, pointer) through `session:activity`; main decides, so a frozen or hostile renderer
 * cannot keep a vault open.
 */
export type Timers = {
  setTimeout: (fn: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
};

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>)
};

export function createIdleLock(onIdle: () => void, timers: Timers = realTimers) {
  let handle: unknown = null;
  let timeoutMs = 0;
  const stop = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  };
  return {
    /** Starts (or restarts) the countdown. */
    start(minutes: number) {
      timeoutMs = minutes * 60_000;
      this.touch();
    },
    touch() {
      if (timeoutMs <= 0) return;
      stop();
      handle = timers.setTimeout(() => {
        handle = null;
        onIdle();
      }, timeoutMs);
    },
    stop() {
      stop();
      timeoutMs = 0;
    }
  };
}
