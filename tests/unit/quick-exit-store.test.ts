import { describe, expect, it, vi } from 'vitest';
import type { AnxinApi } from '../../shared/ipc/api';
import { createQuickExitStore } from '../../renderer/features/quick-exit/store';
import { useCases } from '../../renderer/features/cases/store';
import { useVault } from '../../renderer/features/vault/store';
import { useNotices } from '../../renderer/app/notices';

describe('quick exit store', () => {
  it('blanks and drops the case data before main has answered, without asking', () => {
    const quickExit = vi.fn(() => new Promise(() => {})); // main never answers
    const store = createQuickExitStore(() => ({ session: { quickExit } }) as unknown as AnxinApi);
    useCases.setState({ summaries: [{ id: 'a'.repeat(32), revision: 1, pseudonym: 'Lotus', status: 'open', updatedAt: '2026-01-01T00:00:00.000Z' }], loaded: true });
    useNotices.getState().showInfo('app.loading');

    store.getState().trigger();

    expect(store.getState().blanked).toBe(true);
    expect(useCases.getState().summaries).toEqual([]);
    expect(useCases.getState().loaded).toBe(false);
    expect(useVault.getState().lockReason).toBe('quick-exit');
    expect(useNotices.getState().info).toBeNull();
    expect(quickExit).toHaveBeenCalledWith({});
  });

  it('stays blank on a second trigger and leaves the blank on dismiss', () => {
    const quickExit = vi.fn(async () => ({ ok: false as const, error: { code: 'vault/locked' as const, message: 'locked' } }));
    const store = createQuickExitStore(() => ({ session: { quickExit } }) as unknown as AnxinApi);
    store.getState().trigger();
    store.getState().trigger();
    expect(store.getState().blanked).toBe(true);
    expect(quickExit).toHaveBeenCalledTimes(2);
    store.getState().dismiss();
    expect(store.getState().blanked).toBe(false);
  });
});
