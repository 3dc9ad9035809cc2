// The conflict view names a record kind and field in words, in the four languages, and falls
// back to the raw name for kinds and fields it does not know.
import { describe, expect, it } from 'vitest';
import { LOCALES, translate } from '../../shared/i18n';
import type { MessageKey } from '../../shared/i18n/en';
import { fieldLabel, kindLabel } from '../../renderer/features/sync/labels';

const tFor = (locale: (typeof LOCALES)[number]) => (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params);

describe('conflict labels', () => {
  it('translates known kinds and fields', () => {
    expect(kindLabel(tFor('en'), 'case')).toBe('Case');
    expect(fieldLabel(tFor('en'), 'summary')).toBe('Summary');
    expect(kindLabel(tFor('zh-CN'), 'case')).toBe('个案');
    expect(fieldLabel(tFor('zh-CN'), 'summary')).toBe('摘要');
    expect(fieldLabel(tFor('fr'), 'description')).toBe('Description');
    expect(kindLabel(tFor('fr'), 'safety-plan')).toBe('Plan de sécurité');
    expect(kindLabel(tFor('nl'), 'incident')).toBe('Incident');
    expect(fieldLabel(tFor('nl'), 'summary')).toBe('Samenvatting');
  });

  it('gives every known kind and field a word in every language, never the raw key', () => {
    for (const locale of LOCALES) {
      const t = tFor(locale);
      for (const kind of ['case', 'case-identity', 'incident', 'consent', 'risk-assessment', 'safety-plan', 'case-plan', 'task', 'attachment', 'interview', 'note-template', 'note']) {
        expect(kindLabel(t, kind)).not.toMatch(/^sync\./);
      }
      for (const field of ['summary', 'notes', 'note', 'description', 'text', 'title', 'address', 'warningSigns', 'afterLeaving']) {
        expect(fieldLabel(t, field)).not.toMatch(/^sync\./);
      }
    }
  });

  it('falls back to the raw name for unknown kinds and fields, including prototype names', () => {
    const t = tFor('fr');
    expect(kindLabel(t, 'later-feature')).toBe('later-feature');
    expect(fieldLabel(t, 'freeText')).toBe('freeText');
    expect(fieldLabel(t, 'constructor')).toBe('constructor');
    expect(kindLabel(t, '__proto__')).toBe('__proto__');
  });
});
