// The search boxes' "only the newest answer counts" (renderer/app/latest-search.ts), used by the
// cases, caseload and notes stores: answers are released by hand here to arrive out of order.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/result';
import { createLatestSearch } from '../../renderer/app/latest-search';
import { useNotices } from '../../renderer/app/notices';

type Pending = { text: string; answer: (r: Result<string[]>) => void };

function setUp() {
  const asked: Pending[] = [];
  const shown: Array<string[] | null> = [];
  const search = createLatestSearch<string[]>(
    (text) => new Promise((resolve) => asked.push({ text, answer: resolve })),
    (answer) => void shown.push(answer)
  );
  return { asked, shown, search };
}

beforeEach(() => {
  useNotices.setState(useNotices.getInitialState());
});

describe('createLatestSearch', () => {
  it('shows only the newest query’s answer when an older one arrives after it', async () => {
    const { asked, shown, search } = setUp();
    const first = search.run('mei');
    const second = search.run('meilin');
    expect(asked.map((a) => a.text)).toEqual(['mei', 'meilin']);
    asked[1]!.answer({ ok: true, value: ['b'] });
    await second;
    asked[0]!.answer({ ok: true, value: ['a', 'b'] });
    await first;
    expect(shown).toEqual([['b']]);
  });

  it('an empty query shows no hits without asking, and makes a pending answer stale', async () => {
    const { asked, shown, search } = setUp();
    const pending = search.run('mei');
    await search.run('   ');
    asked[0]!.answer({ ok: true, value: ['a'] });
    await pending;
    expect(asked).toHaveLength(1);
    expect(shown).toEqual([null]);
  });

  it('drops every answer after cancel (a lock), and trims and cuts the query', async () => {
    const { asked, shown, search } = setUp();
    const pending = search.run(`  ${'x'.repeat(300)}  `);
    search.cancel();
    asked[0]!.answer({ ok: true, value: ['a'] });
    await pending;
    expect(shown).toEqual([]);
    expect(asked[0]!.text).toBe('x'.repeat(200));
  });

  it('reports a failed search instead of showing anything', async () => {
    const { asked, shown, search } = setUp();
    const pending = search.run('mei');
    asked[0]!.answer({ ok: false, error: { code: 'ipc/invalid-request', message: 'query too long' } });
    await pending;
    expect(shown).toEqual([]);
    expect(JSON.stringify(useNotices.getState())).toContain('ipc/invalid-request');
  });
});
