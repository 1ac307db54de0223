import { levelOfId } from './area-id.ts';

import type { Lang } from '../i18n/i18n.ts';

export type { Lang };

export interface DeepLink {
  /** The most specific of ?grid= / ?community= / ?street=, validated by shape only. */
  focusId: string | null;
  lang: Lang | null;
  diag: boolean;
  scene: string | null;
  errors: string[];
}

const PARAMS = [
  ['grid', 'grid'],
  ['community', 'community'],
  ['street', 'street'],
] as const;

export function parseDeepLink(search: string): DeepLink {
  const params = new URLSearchParams(search);
  const errors: string[] = [];
  let focusId: string | null = null;
  for (const [param, level] of PARAMS) {
    const raw = params.get(param);
    if (raw === null || raw === '') continue;
    const id = raw.trim().toUpperCase();
    if (levelOfId(id) !== level) {
      errors.push(`?${param}=${raw} is not a ${level} id`);
      continue;
    }
    if (focusId === null) focusId = id;
  }
  const langRaw = params.get('lang');
  let lang: Lang | null = null;
  if (langRaw !== null) {
    if (/^en/i.test(langRaw)) lang = 'en';
    else if (/^zh/i.test(langRaw)) lang = 'zh-CN';
    else errors.push(`?lang=${langRaw} is not supported`);
  }
  const diagRaw = params.get('diag');
  const diag = diagRaw !== null && diagRaw !== '0' && diagRaw !== 'false';
  const sceneRaw = params.get('scene');
  const scene = sceneRaw && /^[a-z0-9-]{1,60}$/.test(sceneRaw) ? sceneRaw : null;
  if (sceneRaw && !scene) errors.push(`?scene=${sceneRaw} is not a scene id`);
  return { focusId, lang, diag, scene, errors };
}
