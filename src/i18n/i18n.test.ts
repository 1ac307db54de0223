import { describe, expect, it } from 'vitest';
import { MESSAGES, translator } from './i18n.ts';
import { zhCN } from './zh-CN.ts';

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

  it('has English that is not left in Chinese', () => {
    const cjk = /[\u4e00-\u9fff]/;
    const allowed = new Set(['app.langToggle', 'app.langToggleTitle']);
    for (const [key, text] of Object.entries(MESSAGES.en)) if (!allowed.has(key)) expect(cjk.test(text), key).toBe(false);
  });

  it('fills placeholders', () => {
    expect(translator('en')('panel.buildingsHighlighted', { n: 12 })).toBe('12 buildings highlighted');
    expect(translator('zh-CN')('panel.buildingsHighlighted', { n: 12 })).toBe('已高亮 12 栋楼');
  });
});
