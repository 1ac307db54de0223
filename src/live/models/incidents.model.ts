// The incidents layer's model: incidents by id as the relay pushes them (each delta carries the whole
// record after the event), a 'new' pulse window, a bounded live ticker, the response-target state
// with its countdown at any instant, the closed-loop timeline and per-area counts for the grid
// colouring. Renderer-free. Mutated in place with version counters, like the other live models:
// at 2,000 open incidents a copy per delta would be churn the wall does not need.
import { evaluateTiming, isOpen, TARGETS_MS } from '../../domain/incident-lifecycle.ts';
import type { Incident, IncidentEvent, TargetKind, Timing } from '../../protocol/incident.schema.ts';

export interface TickerEntry {
  /** Unique per entry: `${incidentId}:${type}:${at}`. */
  key: string;
  incidentId: string;
  /** 'report', a lifecycle action, or 'overdue' (a timing event that turned the incident overdue). */
  type: string;
  at: number;
  streetId: string;
  category: Incident['category'];
  priority: Incident['priority'];
  title: string;
}

export interface IncidentsModel {
  byId: Map<string, Incident>;
  /** Local ms until which an incident pulses as new. */
  newUntil: Map<string, number>;
  /** Newest first, at most tickerLimit entries. */
  ticker: TickerEntry[];
  tickerLimit: number;
  tickerTypes: ReadonlySet<string>;
  pulseMs: number;
  closedRetentionMs: number;
  version: number;
  tickerVersion: number;
  /** Events older than the record held (replays after a snapshot) and refused records. */
  stats: { events: number; stale: number; rejected: number };
}

export interface IncidentsModelOptions {
  tickerLimit?: number;
  /** Which event types enter the ticker. */
  tickerTypes?: readonly string[];
  pulseMs?: number;
  /** Closed incidents stay (greyed, for the timeline) this long after closing. */
  closedRetentionMs?: number;
}

export function createIncidentsModel(opts: IncidentsModelOptions = {}): IncidentsModel {
  return {
    byId: new Map(),
    newUntil: new Map(),
    ticker: [],
    tickerLimit: opts.tickerLimit ?? 50,
    tickerTypes: new Set(opts.tickerTypes ?? ['report', 'dispatch', 'arrive', 'escalate', 'close', 'overdue']),
    pulseMs: opts.pulseMs ?? 30_000,
    closedRetentionMs: opts.closedRetentionMs ?? 60 * 60_000,
    version: 0,
    tickerVersion: 0,
    stats: { events: 0, stale: 0, rejected: 0 },
  };
}

/**
 * A snapshot replaces what the model held for the listed streets: incidents of those streets that
 * the snapshot lacks are gone (closed and expired while we were away). Nothing pulses: a reconnect
 * must not make the whole map blink.
 */
export function applyIncidentSnapshot(
  m: IncidentsModel,
  incidents: readonly Incident[],
  streets: readonly string[],
): IncidentsModel {
  const replaced = new Set(streets);
  for (const [id, inc] of m.byId) {
    if (replaced.has(inc.streetId)) {
      m.byId.delete(id);
      m.newUntil.delete(id);
    }
  }
  for (const inc of incidents) m.byId.set(inc.id, inc);
  m.version++;
  return m;
}

/** Applies one stored incident event (already schema-checked and de-duplicated by sequence). */
export function applyIncidentEvent(m: IncidentsModel, ev: IncidentEvent, nowMs: number): IncidentsModel {
  m.stats.events++;
  const next = ev.incident;
  if (next.id !== ev.incidentId) {
    m.stats.rejected++;
    return m;
  }
  const held = m.byId.get(next.id);
  if (held && next.updatedAt < held.updatedAt) {
    m.stats.stale++;
    return m;
  }
  m.byId.set(next.id, next);
  if (ev.type === 'report' && !held) m.newUntil.set(next.id, nowMs + m.pulseMs);
  const tickerType =
    ev.type === 'timing' ? (next.timing === 'overdue' && held?.timing !== 'overdue' ? 'overdue' : null) : ev.type;
  if (tickerType && m.tickerTypes.has(tickerType)) {
    const key = `${next.id}:${tickerType}:${ev.at}`;
    if (!m.ticker.some((t) => t.key === key)) {
      m.ticker.unshift({
        key,
        incidentId: next.id,
        type: tickerType,
        at: ev.at,
        streetId: next.streetId,
        category: next.category,
        priority: next.priority,
        title: next.title,
      });
      if (m.ticker.length > m.tickerLimit) m.ticker.length = m.tickerLimit;
      m.tickerVersion++;
    }
  }
  m.version++;
  return m;
}

/** Drops closed incidents past retention and expired pulses; call about once a second. */
export function pruneIncidents(m: IncidentsModel, nowMs: number, relayNowMs = nowMs): boolean {
  let changed = false;
  for (const [id, until] of m.newUntil) {
    if (until <= nowMs) {
      m.newUntil.delete(id);
      changed = true;
    }
  }
  for (const [id, inc] of m.byId) {
    if (inc.closedAt !== null && relayNowMs - inc.closedAt > m.closedRetentionMs) {
      m.byId.delete(id);
      changed = true;
    }
  }
  if (changed) m.version++;
  return changed;
}

export function isNewIncident(m: IncidentsModel, id: string, nowMs: number): boolean {
  const until = m.newUntil.get(id);
  return until !== undefined && until > nowMs;
}

export function openIncidents(m: IncidentsModel): Incident[] {
  const out: Incident[] = [];
  for (const inc of m.byId.values()) if (isOpen(inc)) out.push(inc);
  return out;
}

export interface ResponseState {
  /**
   * Worst state of the running targets at `relayNowMs`; an open incident with no running target
   * but a missed one stays 'overdue'.
   */
  timing: Timing;
  /** The running target nearest its deadline (null when none runs: on scene, closed). */
  target: TargetKind | null;
  deadline: number | null;
  /** ms left (negative: overdue by that much). 0 when no target runs. */
  leftMs: number;
  missed: TargetKind[];
}

/**
 * Response-target state computed locally at relayNowMs (the relay's clock, i.e. local time plus the
 * store's clock offset), so the countdown runs between the relay's own timing events.
 */
export function responseState(inc: Incident, relayNowMs: number): ResponseState {
  const t = evaluateTiming(inc, relayNowMs);
  const running: [TargetKind, number][] = [];
  if (isOpen(inc)) {
    if (inc.dispatchedAt === null) running.push(['dispatch', inc.reportedAt + TARGETS_MS.dispatch]);
    else if (inc.arrivedAt === null) running.push(['arrival', inc.dispatchedAt + TARGETS_MS.arrival]);
    if (inc.escalation && inc.escalation.reinforcedAt === null)
      running.push(['reinforcement', inc.escalation.at + TARGETS_MS.reinforcement]);
  }
  let target: TargetKind | null = null;
  let deadline: number | null = null;
  for (const [kind, d] of running) {
    if (deadline === null || d < deadline) {
      deadline = d;
      target = kind;
    }
  }
  // A target missed earlier keeps an open incident marked when no clock runs any more.
  const timing: Timing = target === null && t.missed.length > 0 && isOpen(inc) ? 'overdue' : t.timing;
  return { timing, target, deadline, leftMs: deadline === null ? 0 : deadline - relayNowMs, missed: t.missed };
}

export interface TimelineRow {
  at: number;
  /** 'report' or a lifecycle action ('dispatch', 'arrive', ...), or 'timing'. */
  type: string;
  byRole: string;
  byId: string;
  note: string | null;
}

/** The closed loop of one incident, oldest first: who did what, when. */
export function timelineOf(inc: Incident): TimelineRow[] {
  return [...inc.history]
    .sort((a, b) => a.at - b.at)
    .map((h) => ({ at: h.at, type: h.type, byRole: h.by.role, byId: h.by.id, note: h.note ?? null }));
}

export interface AreaCounts {
  open: number;
  overdue: number;
}

/**
 * Open and overdue incidents per street, community and grid id (the grid layer's "open / overdue
 * incidents" metric). Ids encode the hierarchy (S07-C03-G12), so the community is the grid id's prefix.
 */
export function countsByArea(m: IncidentsModel, relayNowMs: number): Map<string, AreaCounts> {
  const out = new Map<string, AreaCounts>();
  const bump = (id: string, overdue: boolean) => {
    let c = out.get(id);
    if (!c) out.set(id, (c = { open: 0, overdue: 0 }));
    c.open++;
    if (overdue) c.overdue++;
  };
  for (const inc of m.byId.values()) {
    if (!isOpen(inc)) continue;
    const overdue = responseState(inc, relayNowMs).timing === 'overdue';
    bump(inc.streetId, overdue);
    if (inc.gridId) {
      bump(inc.gridId, overdue);
      const parts = inc.gridId.split('-');
      if (parts.length >= 3) bump(parts.slice(0, 2).join('-'), overdue);
    }
  }
  return out;
}

/** Counts for the legend and diagnostics. */
export function incidentCounts(m: IncidentsModel, relayNowMs: number): Record<'open' | 'closed' | Timing, number> {
  const out = { open: 0, closed: 0, 'on-time': 0, 'at-risk': 0, overdue: 0 };
  for (const inc of m.byId.values()) {
    if (!isOpen(inc)) {
      out.closed++;
      continue;
    }
    out.open++;
    out[responseState(inc, relayNowMs).timing]++;
  }
  return out;
}
