import { useEffect, type RefObject } from 'react';

/**
 * Moves keyboard and screen-reader focus to `ref` when a screen appears, so that changing
 * screens (unlock -> cases, cases -> settings) does not leave focus on a removed element.
 * Headings that receive focus need tabIndex={-1}.
 */
export function useFocusOnMount(ref: RefObject<HTMLElement | null>, when = true): void {
  useEffect(() => {
    if (when) ref.current?.focus();
  }, [ref, when]);
}
