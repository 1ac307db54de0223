import { responseState } from '../../live/models/incidents.model.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { Incident, TargetKind, Timing } from '../../protocol/incident.schema.ts';

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

/** "4:05" style, hours when long ("1:02:03"); overdue is "超时 0:12" / "late 0:12" (with `t`). */
export function formatClock(ms: number, t?: Translate): string {
  const neg = ms < 0;
  let s = Math.floor(Math.abs(ms) / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const body =
    h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
  return neg ? `${t ? t('incident.clock.late') : '-'} ${body}`.trim() : body;
}

/** The one line under a marker: stage, then the running clock (or nothing to count). */
export function markerText(i: Incident, c: Countdown, t: Translate): string {
  const stage = t(`incident.stage.${i.status}`);
  return c.kind === null ? stage : `${stage} ${formatClock(c.leftMs, t)}`;
}
