import type { Actor } from '../protocol/common.schema.ts';
import type { Incident, IncidentAction, IncidentReport, TargetKind, Timing } from '../protocol/incident.schema.ts';

// Pure lifecycle rules shared by the relay (authoritative) and the wall (to grey out buttons):
// (incident, step, at) → next incident or a refusal with a reason. No clocks, no I/O.

export const TARGETS_MS: Record<TargetKind, number> = {
  dispatch: 60_000, // dispatch order within 1 minute of the report
  arrival: 5 * 60_000, // first responders on scene within 5 minutes of dispatch
  reinforcement: 15 * 60_000, // reinforcement within 15 minutes of the request
};
/** A running target is "at risk" once this share of its window has passed. */
export const AT_RISK_SHARE = 0.75;
export const HISTORY_LIMIT = 64;

export type StepResult = { ok: true; incident: Incident } | { ok: false; message: string };

export function isOpen(i: Pick<Incident, 'status'>): boolean {
  return i.status !== 'closed';
}

export function createIncident(report: IncidentReport, at: number, by: Actor): Incident {
  const base: Incident = {
    id: report.id,
    streetId: report.streetId,
    gridId: report.gridId ?? null,
    category: report.category,
    title: report.title,
    description: report.description ?? '',
    position: report.position ?? null,
    source: report.source ?? 'other',
    priority: report.priority ?? 'normal',
    status: 'reported',
    reportedAt: at,
    acknowledgedAt: null,
    acknowledgedBy: null,
    dispatchedAt: null,
    assignees: [],
    arrivedAt: null,
    handlingAt: null,
    fedBackAt: null,
    feedback: null,
    closedAt: null,
    resolution: null,
    rating: null,
    escalation: null,
    timing: 'on-time',
    missed: [],
    history: [{ type: 'report', at, by }],
    updatedAt: at,
  };
  return withTiming(base, at);
}

const refuse = (message: string): StepResult => ({ ok: false, message });

/** Applies one lifecycle step. `at` is when it happened (already clamped by the caller). */
export function applyStep(incident: Incident, step: IncidentAction, at: number, by: Actor): StepResult {
  const s = incident.status;
  let next: Incident;
  switch (step.action) {
    case 'acknowledge':
      if (!isOpen(incident)) return refuse(`cannot acknowledge a ${s} incident`);
      if (incident.acknowledgedAt !== null) return refuse('already acknowledged');
      next = { ...incident, acknowledgedAt: at, acknowledgedBy: by.id };
      break;
    case 'dispatch':
      if (s !== 'reported') return refuse(`dispatch needs status reported, not ${s}`);
      next = { ...incident, status: 'dispatched', dispatchedAt: at, assignees: [...new Set(step.staffIds)] };
      break;
    case 'arrive':
      if (s !== 'dispatched') return refuse(`arrive needs status dispatched, not ${s}`);
      next = { ...incident, status: 'arrived', arrivedAt: at };
      break;
    case 'handle':
      if (s !== 'arrived') return refuse(`handle needs status arrived, not ${s}`);
      next = { ...incident, status: 'handling', handlingAt: at };
      break;
    case 'feedback':
      if (s !== 'handling') return refuse(`feedback needs status handling, not ${s}`);
      next = { ...incident, status: 'fed-back', fedBackAt: at, feedback: step.note };
      break;
    case 'close': {
      const resolution = step.resolution ?? 'resolved';
      if (!isOpen(incident)) return refuse('already closed');
      // A resolved case closes only after feedback; a false or duplicate report may close at any step.
      if (resolution === 'resolved' && s !== 'fed-back')
        return refuse(`close as resolved needs status fed-back, not ${s}`);
      next = { ...incident, status: 'closed', closedAt: at, resolution };
      break;
    }
    case 'rate':
      if (s !== 'closed') return refuse(`rate needs status closed, not ${s}`);
      if (incident.rating !== null) return refuse('already rated');
      next = { ...incident, rating: step.rating };
      break;
    case 'escalate':
      if (!isOpen(incident)) return refuse(`cannot escalate a ${s} incident`);
      if (incident.escalation && incident.escalation.reinforcedAt === null)
        return refuse('reinforcement already requested');
      next = { ...incident, escalation: { level: step.level ?? 'joint', at, reinforcedAt: null } };
      break;
    case 'reinforce':
      if (!incident.escalation || incident.escalation.reinforcedAt !== null)
        return refuse('no reinforcement requested');
      next = { ...incident, escalation: { ...incident.escalation, reinforcedAt: at } };
      break;
  }
  const history = [...incident.history, { type: step.action, at, by, ...(step.note ? { note: step.note } : {}) }];
  next = { ...next, history: history.slice(-HISTORY_LIMIT), updatedAt: Math.max(incident.updatedAt, at) };
  return { ok: true, incident: withTiming(next, at) };
}

interface TargetClock {
  kind: TargetKind;
  start: number;
  done: number | null;
}

function clocks(i: Incident): TargetClock[] {
  const out: TargetClock[] = [];
  // A case closed as invalid/duplicate before dispatch stops the dispatch clock at closing.
  const stop = i.closedAt;
  out.push({ kind: 'dispatch', start: i.reportedAt, done: i.dispatchedAt ?? stop });
  if (i.dispatchedAt !== null) out.push({ kind: 'arrival', start: i.dispatchedAt, done: i.arrivedAt ?? stop });
  if (i.escalation)
    out.push({ kind: 'reinforcement', start: i.escalation.at, done: i.escalation.reinforcedAt ?? stop });
  return out;
}

export interface TimingState {
  timing: Timing;
  missed: TargetKind[];
  /** when the timing can next change without any event (null: no running target) */
  nextChangeAt: number | null;
}

/** Timing by the relay's clock: worst state among running targets, plus targets already missed. */
export function evaluateTiming(
  i: Incident,
  now: number,
  targets: Record<TargetKind, number> = TARGETS_MS,
): TimingState {
  let timing: Timing = 'on-time';
  const missed: TargetKind[] = [];
  let nextChangeAt: number | null = null;
  const soonest = (t: number) => (nextChangeAt = nextChangeAt === null ? t : Math.min(nextChangeAt, t));
  for (const c of clocks(i)) {
    const deadline = c.start + targets[c.kind];
    const riskAt = c.start + Math.floor(targets[c.kind] * AT_RISK_SHARE);
    if (c.done !== null) {
      if (c.done > deadline) missed.push(c.kind);
      continue;
    }
    if (now > deadline) {
      missed.push(c.kind);
      timing = 'overdue';
    } else if (now >= riskAt) {
      if (timing !== 'overdue') timing = 'at-risk';
      soonest(deadline + 1);
    } else {
      soonest(riskAt);
    }
  }
  return { timing, missed, nextChangeAt };
}

export function withTiming(i: Incident, now: number): Incident {
  const t = evaluateTiming(i, now);
  if (t.timing === i.timing && t.missed.length === i.missed.length && t.missed.every((k, n) => i.missed[n] === k))
    return i;
  return { ...i, timing: t.timing, missed: t.missed };
}

/** The steps a given state allows (the wall enables its buttons from this). */
export function allowedActions(i: Incident): IncidentAction['action'][] {
  const out: IncidentAction['action'][] = [];
  if (isOpen(i) && i.acknowledgedAt === null) out.push('acknowledge');
  const next: Partial<Record<Incident['status'], IncidentAction['action']>> = {
    reported: 'dispatch',
    dispatched: 'arrive',
    arrived: 'handle',
    handling: 'feedback',
    'fed-back': 'close',
  };
  const n = next[i.status];
  if (n) out.push(n);
  if (isOpen(i) && n !== 'close') out.push('close'); // as invalid / duplicate
  if (isOpen(i) && !(i.escalation && i.escalation.reinforcedAt === null)) out.push('escalate');
  if (i.escalation && i.escalation.reinforcedAt === null) out.push('reinforce');
  if (i.status === 'closed' && i.rating === null) out.push('rate');
  return out;
}
