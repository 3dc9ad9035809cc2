/**
 * Keyboard shortcuts that must be the same in the renderer (in-window handling), the Electron
 * menu and the global registration. Quick exit is Shift+Escape: Escape is what people reach
 * for in a hurry, and Shift keeps it from firing when someone just closes a dialog.
 */
export const SHORTCUTS = {
  lock: { key: 'l', ctrlOrMeta: true, shift: false, accelerator: 'CommandOrControl+L' },
  quickExit: { key: 'Escape', ctrlOrMeta: false, shift: true, accelerator: 'Shift+Escape' }
} as const;

export type ShortcutName = keyof typeof SHORTCUTS;

/** Whether a keyboard event (DOM KeyboardEvent shape) is the given shortcut. */
export function matchesShortcut(
  name: ShortcutName,
  e: { key: string; ctrlKey: boolean; metaKey: boolean; shiftKey: boolean; altKey: boolean }
): boolean {
  const s = SHORTCUTS[name];
  return (
    e.key.toLowerCase() === s.key.toLowerCase() &&
    (e.ctrlKey || e.metaKey) === s.ctrlOrMeta &&
    e.shiftKey === s.shift &&
    !e.altKey
  );
}
