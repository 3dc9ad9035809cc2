/**
 * Whether anything typed is not saved yet, so that an update never restarts Anxin over it.
 * Two ways for a feature to say so:
 *   - registerUnsavedWorkSource(() => boolean) from its store or component, or
 *   - mark the form: <form data-unsaved="true"> while it holds unsaved changes.
 * The answer is reported to main (desktop:reportUnsavedWork) right before a restart is
 * requested; main refuses the restart while a vault is unlocked with unsaved work.
 */
const sources = new Set<() => boolean>();

export function registerUnsavedWorkSource(source: () => boolean): () => void {
  sources.add(source);
  return () => {
    sources.delete(source);
  };
}

export function anyUnsavedWork(): boolean {
  for (const source of sources) {
    try {
      if (source()) return true;
    } catch {
      // A broken source counts as unsaved: better to ask than to lose work.
      return true;
    }
  }
  return typeof document !== 'undefined' && document.querySelector('[data-unsaved="true"]') !== null;
}
