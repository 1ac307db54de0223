// Kinds of incident from DOMAIN.md. Their names on the wall live in the message table
// (src/i18n/incidents.messages.ts, `incident.category.*` / `incident.source.*`).

export const INCIDENT_CATEGORIES = [
  'noise',
  'blocked-drain',
  'lockout',
  'parking-dispute',
  'unpaid-wages',
  'land-dispute',
  'damaged-goods',
  'epidemic-check',
  'geological-hazard',
  'labour-inspection',
  'fire-hazard',
  'public-security',
  'other',
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];

export const CATEGORY_LABELS: Record<IncidentCategory, { zh: string; en: string }> = {
  noise: { zh: '噪音扰民', en: 'Noise nuisance' },
  'blocked-drain': { zh: '下水道堵塞', en: 'Blocked drain' },
  lockout: { zh: '开锁求助', en: 'Locked out' },
  'parking-dispute': { zh: '停车纠纷', en: 'Parking dispute' },
  'unpaid-wages': { zh: '拖欠工资', en: 'Unpaid wages' },
  'land-dispute': { zh: '土地流转纠纷', en: 'Land-transfer dispute' },
  'damaged-goods': { zh: '货物损坏纠纷', en: 'Damaged goods' },
  'epidemic-check': { zh: '疫情排查', en: 'Epidemic check' },
  'geological-hazard': { zh: '地质灾害隐患', en: 'Geological hazard' },
  'labour-inspection': { zh: '劳动监察', en: 'Labour inspection' },
  'fire-hazard': { zh: '消防隐患', en: 'Fire hazard' },
  'public-security': { zh: '治安隐患', en: 'Public security' },
  other: { zh: '其他', en: 'Other' },
};

/** Where a report came from (DOMAIN.md: patrols, residents' app or hotline, cameras, police 110). */
export const INCIDENT_SOURCES = ['patrol', 'app', 'hotline', 'camera', 'police-110', 'other'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

export const SOURCE_LABELS: Record<IncidentSource, { zh: string; en: string }> = {
  patrol: { zh: '网格巡查', en: 'Grid patrol' },
  app: { zh: '群众App', en: 'Residents app' },
  hotline: { zh: '热线', en: 'Hotline' },
  camera: { zh: '视频发现', en: 'Camera' },
  'police-110': { zh: '110联动', en: 'Police 110' },
  other: { zh: '其他', en: 'Other' },
};

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];
