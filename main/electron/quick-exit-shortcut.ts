/**
 * When the global quick-exit shortcut (Shift+Escape, SHORTCUTS.quickExit) is registered.
 * No electron import: main.ts passes globalShortcut's register/unregister in, and
 * tests/unit/electron-quick-exit.test.ts drives this with plain functions.
 *
 * The decision (docs/electron-hardening.md, "Quick exit"): registered whenever the window is
 * visible — locked or unlocked, focused or not (someone walks in while she is in another
 * program with Anxin open behind it; even the unlock screen says "Anxin"). Unregistered
 * while the window is hidden or minimised (nothing of Anxin is on screen, and Shift+Escape
 * belongs to other programs again) and at quit. A global shortcut is taken system-wide,
 * which is why it is held only while it is needed.
 */
export type ShortcutBackend = {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
};

export function createQuickExitShortcut(opts: { accelerator: string; backend: ShortcutBackend; onTrigger: () => void; log?: (line: string) => void }) {
  let registered = false;
  let disposed = false;

  function set(wanted: boolean): void {
    if (disposed || wanted === registered) return;
    if (wanted) {
      registered = opts.backend.register(opts.accelerator, () => opts.onTrigger());
      // Another program may own the key; the in-window shortcut and the menu still work.
      if (!registered) opts.log?.('quick-exit shortcut is taken by another program');
    } else {
      opts.backend.unregister(opts.accelerator);
      registered = false;
    }
  }

  return {
    /** Call on show / restore / focus with the window's current visibility. */
    update(window: { visible: boolean; minimized: boolean }): void {
      set(window.visible && !window.minimized);
    },
    isRegistered: () => registered,
    dispose(): void {
      set(false);
      disposed = true;
    }
  };
}
