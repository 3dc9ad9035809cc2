import { describe, expect, it } from 'vitest';
import { Template } from '../../shared/domain/notes/schemas';
import { builtinTemplates } from '../../shared/domain/notes/templates';

describe('built-in interview templates', () => {
  const all = builtinTemplates();
  it('are valid data, four purposes in the four UI languages', () => {
    expect(all).toHaveLength(16);
    for (const t of all) expect(Template.safeParse(t).success).toBe(true);
  });

  it('ask the same questions in every language, each with guidance, and are actually translated', () => {
    for (const purpose of ['first-contact', 'needs-assessment', 'story', 'follow-up']) {
      const byLocale = Object.fromEntries(all.filter((t) => t.purpose === purpose).map((t) => [t.locale, t]));
      const ids = byLocale.en!.questions.map((q) => q.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const locale of ['zh-CN', 'fr', 'nl']) {
        const t = byLocale[locale]!;
        expect(t.questions.map((q) => q.id)).toEqual(ids);
        t.questions.forEach((q, k) => {
          expect(q.guidance.trim()).not.toBe('');
          expect(q.prompt).not.toBe(byLocale.en!.questions[k]!.prompt);
        });
        expect(t.guidance).not.toBe(byLocale.en!.guidance);
      }
      for (const q of byLocale['zh-CN']!.questions) expect(q.prompt).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
