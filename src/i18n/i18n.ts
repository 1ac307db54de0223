import type { Lang } from '../state/deep-link.ts';
import { en } from './en.ts';
import type { MessageKey } from './messages.types.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey };
export type { Lang };
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  const table = MESSAGES[lang] ?? zhCN;
  return (key, params) => {
    const text = table[key] ?? zhCN[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
}

/** Numbers as the wall shows them: grouped, no decimals unless asked. */
export function formatNumber(lang: Lang, value: number, digits = 0): string {
  return value.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** A display name: Chinese names on the zh-CN wall, pinyin/English names on the English one. */
export function areaName(lang: Lang, unit: { name: string; nameEn?: string } | null | undefined): string {
  if (!unit) return '';
  return lang === 'en' && unit.nameEn ? unit.nameEn : unit.name;
}
