import type { Result } from '../../shared/result';
import { reportError, settle } from './notices';

/** Longest query sent to the index (the search box may hold more). */
export const MAX_QUERY_LENGTH = 200;

/**
 * A search box's requests where only the newest answer counts: answers to older queries (the
 * person kept typing) and any answer after `cancel` (a lock, a cleared store) are dropped. An
 * empty query shows no hits (`show(null)`) without asking. A failed search is reported.
 */
export function createLatestSearch<T>(ask: (text: string) => Promise<Result<T>>, show: (answer: T | null) => void) {
  let ticket = 0;
  return {
    async run(query: string): Promise<void> {
      const text = query.trim().slice(0, MAX_QUERY_LENGTH);
      const mine = ++ticket;
      if (!text) return show(null);
      const result = await settle(() => ask(text));
      if (mine !== ticket) return;
      if (!result.ok) return reportError(result.error);
      show(result.value);
    },
    cancel(): void {
      ticket++;
    }
  };
}
