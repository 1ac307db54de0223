import { hallEn, hallZh } from './hall.messages.ts';
import { incidentsEn, incidentsZh } from './incidents.messages.ts';
import { liveEn, liveZh } from './live.messages.ts';
import { placesEn, placesZh } from './places.messages.ts';
import { replayEn, replayZh } from './replay.messages.ts';
import { searchEn, searchZh } from './search.messages.ts';
import { videoEn, videoZh } from './video.messages.ts';
import { wallEn, wallZh } from './wall.messages.ts';

// The one message table of the wall: every UI word, zh-CN (default) and English, one file per
// feature namespace. A feature adds its words as a `<feature>.messages.ts` pair and one line in each
// list below; i18n.test.ts checks that both languages have every key and that no two namespaces
// define the same key (a spread would otherwise let the later one win silently).

export const NAMESPACES = {
  wall: { 'zh-CN': wallZh, en: wallEn },
  live: { 'zh-CN': liveZh, en: liveEn },
  incidents: { 'zh-CN': incidentsZh, en: incidentsEn },
  places: { 'zh-CN': placesZh, en: placesEn },
  search: { 'zh-CN': searchZh, en: searchEn },
  replay: { 'zh-CN': replayZh, en: replayEn },
  video: { 'zh-CN': videoZh, en: videoEn },
  hall: { 'zh-CN': hallZh, en: hallEn },
} as const;

export const zhCN = {
  ...wallZh,
  ...liveZh,
  ...incidentsZh,
  ...placesZh,
  ...searchZh,
  ...replayZh,
  ...videoZh,
  ...hallZh,
} as const;

export type MessageKey = keyof typeof zhCN;

export const en: Record<MessageKey, string> = {
  ...wallEn,
  ...liveEn,
  ...incidentsEn,
  ...placesEn,
  ...searchEn,
  ...replayEn,
  ...videoEn,
  ...hallEn,
};
