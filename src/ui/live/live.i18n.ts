import type { Lang } from '../../i18n/i18n.ts';

// Texts of the live panels (zh-CN by default, English available). Kept next to the panels so the
// shared message table is not edited by several people at once.

const ZH = {
  'conn.connecting': '连接中',
  'conn.live': '实时',
  'conn.stale': '数据中断 · 画面冻结',
  'conn.offline': '离线 · 画面冻结',
  'conn.staleStreets': '{n} 个街镇数据滞后',
  'conn.offlineCenters': '{n} 个街镇中心离线',
  'conn.streetOffline': '{name} 中心离线',
  'conn.streetAge': '{name} 数据 {s} 秒前',
  'layers.title': '实时图层',
  'metric.title': '网格着色',
  'metric.density': '人口密度',
  'metric.incidents-open': '在办事件数',
  'metric.incidents-overdue': '超时事件数',
  'layer.cameras': '视频监控',
  'layer.incidents': '事件',
  'layer.staff': '网格力量',
  'layer.analysis': '密度/派遣分析',
  'ticker.title': '实时动态',
  'ticker.report': '新上报',
  'ticker.dispatch': '已派遣',
  'ticker.arrive': '已到场',
  'ticker.escalate': '申请增援',
  'ticker.close': '已办结',
  'ticker.overdue': '超时',
  'panel.close': '关闭',
  'inc.kicker': '事件',
  'inc.stage': '阶段',
  'inc.target': '响应时限',
  'inc.left': '剩余',
  'inc.late': '已超时',
  'inc.noTarget': '无进行中的时限',
  'inc.timeline': '闭环流程',
  'inc.assignees': '处置人员',
  'inc.none': '无',
  'inc.cameras': '可见该点的摄像头',
  'inc.nearest': '最近的空闲人员（沿路网）',
  'inc.noGraph': '路网未加载，无法计算',
  'inc.dispatch': '派遣',
  'inc.dispatching': '派遣中…',
  'inc.dispatched': '已派遣 {name}',
  'inc.displayOnly': '大屏令牌只读：派遣需值班员令牌',
  'inc.street': '街镇',
  'inc.reported': '上报时间',
  'cam.kicker': '摄像头',
  'cam.status': '状态',
  'cam.street': '街镇',
  'cam.grid': '网格',
  'cam.kind': '类型',
  'cam.simulated': '模拟画面',
  'cam.offline': '摄像头离线，无画面',
  'staff.kicker': '网格力量',
  'staff.status': '状态',
  'staff.incident': '前往事件',
  'staff.phone': '电话',
  'staff.role': '角色',
  'min': '分钟',
  'm': '米',
  'km': '公里',
} as const;

type Key = keyof typeof ZH;

const EN: Record<Key, string> = {
  'conn.connecting': 'Connecting',
  'conn.live': 'Live',
  'conn.stale': 'Feed interrupted · frozen',
  'conn.offline': 'Offline · frozen',
  'conn.staleStreets': '{n} streets behind',
  'conn.offlineCenters': '{n} street centers offline',
  'conn.streetOffline': '{name}: center offline',
  'conn.streetAge': '{name}: last data {s} s ago',
  'layers.title': 'Live layers',
  'metric.title': 'Grid colour',
  'metric.density': 'Population density',
  'metric.incidents-open': 'Open incidents',
  'metric.incidents-overdue': 'Overdue incidents',
  'layer.cameras': 'Cameras',
  'layer.incidents': 'Incidents',
  'layer.staff': 'Field staff',
  'layer.analysis': 'Density / dispatch',
  'ticker.title': 'Live',
  'ticker.report': 'Reported',
  'ticker.dispatch': 'Dispatched',
  'ticker.arrive': 'On scene',
  'ticker.escalate': 'Reinforcement asked',
  'ticker.close': 'Closed',
  'ticker.overdue': 'Overdue',
  'panel.close': 'Close',
  'inc.kicker': 'Incident',
  'inc.stage': 'Stage',
  'inc.target': 'Response target',
  'inc.left': 'left',
  'inc.late': 'overdue by',
  'inc.noTarget': 'No target running',
  'inc.timeline': 'Closed loop',
  'inc.assignees': 'Assigned',
  'inc.none': 'none',
  'inc.cameras': 'Cameras that see it',
  'inc.nearest': 'Nearest free staff (by road)',
  'inc.noGraph': 'Road network not loaded',
  'inc.dispatch': 'Dispatch',
  'inc.dispatching': 'Dispatching…',
  'inc.dispatched': 'Dispatched {name}',
  'inc.displayOnly': 'Display token: read only',
  'inc.street': 'Street',
  'inc.reported': 'Reported',
  'cam.kicker': 'Camera',
  'cam.status': 'Status',
  'cam.street': 'Street',
  'cam.grid': 'Grid',
  'cam.kind': 'Kind',
  'cam.simulated': 'SIMULATED 模拟画面',
  'cam.offline': 'Camera offline: no picture',
  'staff.kicker': 'Field staff',
  'staff.status': 'Status',
  'staff.incident': 'Heading for',
  'staff.phone': 'Phone',
  'staff.role': 'Role',
  'min': 'min',
  'm': 'm',
  'km': 'km',
};

export type LiveT = (key: Key, params?: Record<string, string | number>) => string;

export function liveT(lang: Lang): LiveT {
  const table: Record<Key, string> = lang === 'en' ? EN : ZH;
  return (key, params) => {
    const text = table[key] ?? ZH[key];
    return params ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : text;
  };
}

export function formatDistance(lang: Lang, m: number): string {
  const t = liveT(lang);
  return m >= 1000 ? `${(m / 1000).toFixed(1)} ${t('km')}` : `${Math.round(m)} ${t('m')}`;
}

export function formatTime(lang: Lang, ms: number): string {
  return new Date(ms).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour12: false });
}
