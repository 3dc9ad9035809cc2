/** The renderer's unsaved-work registry, reported to main before an update restart. */
import { describe, expect, it } from 'vitest';
import { anyUnsavedWork, registerUnsavedWorkSource } from '../../renderer/features/updates/unsaved-work';

describe('unsaved work', () => {
  it('is true while any registered source says so, and false once they are gone', () => {
    expect(anyUnsavedWork()).toBe(false);
    let dirty = false;
    const off = registerUnsavedWorkSource(() => dirty);
    expect(anyUnsavedWork()).toBe(false);
    dirty = true;
    expect(anyUnsavedWork()).toBe(true);
    off();
    expect(anyUnsavedWork()).toBe(false);
  });

  it('counts a failing source as unsaved (better to ask than to lose work)', () => {
    const off = registerUnsavedWorkSource(() => {
      throw new Error('broken');
    });
    expect(anyUnsavedWork()).toBe(true);
    off();
    expect(anyUnsavedWork()).toBe(false);
  });
});
