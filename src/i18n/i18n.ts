import { en, zhCN, type MessageKey } from './messages.ts';

// Translation and formatting helpers over the one message table (messages.ts). Everything that shows
// words on the wall (layers' legends and labels, panels) goes through `translator(lang)`.

export type Lang = 'zh-CN' | 'en';
export type { MessageKey };
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const cache = new Map<Lang, Translate>();

/** The translate function for a language (one per language, so it is stable across renders). */
export function translator(lang: Lang): Translate {
  let t = cache.get(lang);
  if (t) return t;
  const table = MESSAGES[lang] ?? zhCN;
  t = (key, params) => {
    const text = table[key] ?? zhCN[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  };
  if (MESSAGES[lang]) cache.set(lang, t);
  return t;
}

/** A key built from data (`incident.category.${c}`): the key if the table has it, else null. */
export function messageKey(key: string): MessageKey | null {
  return key in zhCN ? (key as MessageKey) : null;
}

/** Translates a key built from data, falling back to `fallback` (the raw value) when unknown. */
export function tOr(t: Translate, key: string, fallback: string): string {
  const k = messageKey(key);
  return k ? t(k) : fallback;
}

/** Numbers as the wall shows them: grouped, no decimals unless asked. */
export function formatNumber(lang: Lang, value: number, digits = 0): string {
  return value.toLocaleString(lang === 'en' ? 'en-US' : 'zh-CN', {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

/** A display name: Chinese names on the zh-CN wall, pinyin/English names on the English one. */
export function areaName(lang: Lang, unit: { name: string; nameEn?: string } | null | undefined): string {
  if (!unit) return '';
  return lang === 'en' && unit.nameEn ? unit.nameEn : unit.name;
}

/** The locale clocks and dates are written in (24 h British English on the English wall). */
export function dateLocale(lang: Lang): string {
  return lang === 'en' ? 'en-GB' : 'zh-CN';
}

/** Clock time of an event (24 h). */
export function formatTime(lang: Lang, ms: number): string {
  return new Date(ms).toLocaleTimeString(dateLocale(lang), { hour12: false });
}

/** A road distance: metres below a kilometre, else kilometres with one decimal. */
export function formatDistance(t: Translate, m: number): string {
  return m >= 1000 ? `${(m / 1000).toFixed(1)} ${t('live.km')}` : `${Math.round(m)} ${t('live.m')}`;
}
