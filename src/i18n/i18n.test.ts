import { describe, expect, it } from 'vitest';
import { formatDistance, MESSAGES, tOr, translator } from './i18n.ts';
import { NAMESPACES, zhCN } from './messages.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('has every key in both languages, non-empty, with the same placeholders', () => {
    const keys = Object.keys(zhCN).sort();
    for (const [lang, table] of Object.entries(MESSAGES)) {
      expect(Object.keys(table).sort(), lang).toEqual(keys);
      for (const key of keys) {
        const text = table[key as keyof typeof zhCN];
        expect(text.trim().length, `${lang} ${key}`).toBeGreaterThan(0);
        expect(placeholders(text), `${lang} ${key}`).toEqual(placeholders(zhCN[key as keyof typeof zhCN]));
      }
    }
  });

  it('has the same keys in both languages of every namespace, and no key in two namespaces', () => {
    const owner = new Map<string, string>();
    for (const [ns, tables] of Object.entries(NAMESPACES)) {
      expect(Object.keys(tables.en).sort(), ns).toEqual(Object.keys(tables['zh-CN']).sort());
      for (const key of Object.keys(tables['zh-CN'])) {
        expect(owner.get(key), `${key} in ${ns}`).toBeUndefined();
        owner.set(key, ns);
      }
    }
    expect(owner.size).toBe(Object.keys(zhCN).length);
  });

  it('has English that is not left in Chinese', () => {
    const cjk = /[\u4e00-\u9fff]/;
    // The language toggle names the other language; the simulated-video stamp is bilingual on purpose.
    const allowed = new Set(['app.langToggle', 'app.langToggleTitle', 'live.cam.simulated']);
    for (const [key, text] of Object.entries(MESSAGES.en))
      if (!allowed.has(key)) expect(cjk.test(text), key).toBe(false);
  });

  it('fills placeholders', () => {
    expect(translator('en')('panel.buildingsHighlighted', { n: 12 })).toBe('12 buildings highlighted');
    expect(translator('zh-CN')('panel.buildingsHighlighted', { n: 12 })).toBe('已高亮 12 栋楼');
  });

  it('translates keys built from data, falling back to the raw value', () => {
    expect(tOr(translator('en'), 'incident.category.noise', 'noise')).toBe('Noise nuisance');
    expect(tOr(translator('zh-CN'), 'incident.category.noise', 'noise')).toBe('噪音扰民');
    expect(tOr(translator('en'), 'incident.category.not-a-kind', 'not-a-kind')).toBe('not-a-kind');
  });

  it('formats road distances in the wall language', () => {
    expect(formatDistance(translator('zh-CN'), 850)).toBe('850 米');
    expect(formatDistance(translator('en'), 1250)).toBe('1.3 km');
  });
});
