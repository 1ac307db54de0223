import { responseState } from '../../live/models/incidents.model.ts';
import type { Incident, IncidentStatus, TargetKind, Timing } from '../../protocol/incident.schema.ts';

// What the map writes under each incident without a click: its stage and the clock of the response
// target that runs now (dispatch 1 min, arrival 5 min, reinforcement 15 min), from the same target
// table the relay uses. The wall recomputes it every second from the incident's own timestamps.

export interface Countdown {
  /** The running target closest to its deadline, or null when none runs (handled, closed). */
  kind: TargetKind | null;
  /** ms left until the deadline (negative: overdue by that much). */
  leftMs: number;
  timing: Timing;
}

export function countdownOf(i: Incident, nowMs: number): Countdown {
  // The incidents model owns the target rules; the map only needs its nearest running clock.
  const r = responseState(i, nowMs);
  return { kind: r.target, leftMs: r.leftMs, timing: r.timing };
}

/** "4:05", "-0:12" style; hours when long ("1:02:03"). */
export function formatClock(ms: number): string {
  const neg = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const body = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
  return neg ? `超时 ${body}` : body;
}

export const STAGE_LABELS: Record<IncidentStatus, { zh: string; en: string }> = {
  reported: { zh: '待派遣', en: 'Reported' },
  dispatched: { zh: '已派遣', en: 'Dispatched' },
  arrived: { zh: '已到场', en: 'On scene' },
  handling: { zh: '处置中', en: 'Handling' },
  'fed-back': { zh: '已反馈', en: 'Fed back' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const TIMING_LABELS: Record<Timing, { zh: string; en: string }> = {
  'on-time': { zh: '按时', en: 'On time' },
  'at-risk': { zh: '临期', en: 'At risk' },
  overdue: { zh: '超时', en: 'Overdue' },
};

/** The one line under a marker: stage, then the running clock (or nothing to count). */
export function markerText(i: Incident, c: Countdown, lang: 'zh-CN' | 'en'): string {
  const stage = STAGE_LABELS[i.status][lang === 'en' ? 'en' : 'zh'];
  if (c.kind === null) return stage;
  const clock = formatClock(c.leftMs);
  return lang === 'en' ? `${stage} ${clock.replace('超时', 'late')}` : `${stage} ${clock}`;
}
