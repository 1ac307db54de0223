import type { Priority } from '../protocol/categories.ts';
import type { Incident } from '../protocol/incident.schema.ts';

// Auto-focus (issue 9): on a new high-severity incident, or one going overdue, a kiosk wall switches
// to the incident-focus scene for a while and returns to what it showed. Pure: incident updates and
// the clock in, a decision out. Rate-limited so a burst of incidents never makes the wall thrash.

export interface AutoFocusConfig {
  /** seconds on the incident before returning */
  holdS: number;
  /** at least this long between two switches (start to start) */
  minIntervalS: number;
  /** priorities that trigger when reported */
  priorities: readonly Priority[];
  /** trigger when an open incident turns overdue */
  onOverdue: boolean;
}

export const DEFAULT_AUTO_FOCUS: AutoFocusConfig = {
  holdS: 45,
  minIntervalS: 180,
  priorities: ['urgent'],
  onOverdue: true,
};

export interface AutoFocusState {
  /** the incident on screen because of auto-focus, and until when */
  focused: { incidentId: string; until: number } | null;
  lastSwitchAt: number | null;
  /** incidents already seen, with whether they were overdue (so only transitions trigger) */
  seen: Map<string, boolean>;
  /** triggers dropped by the rate limit (diagnostics) */
  suppressed: number;
}

export type AutoFocusDecision =
  { kind: 'focus'; incidentId: string; reason: 'severe' | 'overdue' } | { kind: 'return' } | null;

export function initialAutoFocus(): AutoFocusState {
  return { focused: null, lastSwitchAt: null, seen: new Map(), suppressed: 0 };
}

/**
 * Feed the incidents that changed (the first call: all known ones, which only primes `seen`:
 * a wall that starts up does not jump to an incident reported an hour ago).
 */
export function onIncidents(
  s: AutoFocusState,
  changed: Iterable<Incident>,
  now: number,
  cfg: AutoFocusConfig,
  prime = false,
): { state: AutoFocusState; decision: AutoFocusDecision } {
  const seen = new Map(s.seen);
  let trigger: { incidentId: string; reason: 'severe' | 'overdue' } | null = null;
  for (const i of changed) {
    const wasSeen = seen.has(i.id);
    const wasOverdue = seen.get(i.id) ?? false;
    const overdue = i.status !== 'closed' && i.timing === 'overdue';
    seen.set(i.id, overdue);
    if (i.status === 'closed') seen.delete(i.id);
    if (prime || trigger || i.status === 'closed') continue;
    if (!wasSeen && cfg.priorities.includes(i.priority)) trigger = { incidentId: i.id, reason: 'severe' };
    else if (cfg.onOverdue && overdue && !wasOverdue) trigger = { incidentId: i.id, reason: 'overdue' };
  }
  const state = { ...s, seen };
  if (!trigger) return { state, decision: null };
  const tooSoon = s.lastSwitchAt !== null && now - s.lastSwitchAt < cfg.minIntervalS * 1000;
  if (s.focused || tooSoon) return { state: { ...state, suppressed: s.suppressed + 1 }, decision: null };
  return {
    state: { ...state, focused: { incidentId: trigger.incidentId, until: now + cfg.holdS * 1000 }, lastSwitchAt: now },
    decision: { kind: 'focus', ...trigger },
  };
}

/** The clock: time to give the wall back to its scene or tour. */
export function onTick(s: AutoFocusState, now: number): { state: AutoFocusState; decision: AutoFocusDecision } {
  if (s.focused && now >= s.focused.until) return { state: { ...s, focused: null }, decision: { kind: 'return' } };
  return { state: s, decision: null };
}
