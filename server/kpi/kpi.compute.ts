import { TARGETS_MS } from '../../src/domain/incident-lifecycle.ts';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import type { KpiFigures, KpiResponse, KpiTrendBucket, OnTimeRate } from '../../src/protocol/kpi.schema.ts';

// The KPI maths, pure: incidents (as stored) + period + clock → the figures. Rules are listed in
// src/protocol/kpi.schema.ts; the test recomputes them from raw stored events by hand.

const HOUR = 3600_000;
export const TREND_HOURS = 24;
/** how far back the trend looks for cases that close inside its window */
export const TREND_LOOKBACK_MS = 48 * HOUR;

type Tally = { onTime: number; late: number; pending: number };
const emptyTally = (): Tally => ({ onTime: 0, late: 0, pending: 0 });
const rateOf = (t: Tally): OnTimeRate => ({ ...t, rate: t.onTime + t.late ? t.onTime / (t.onTime + t.late) : null });

/** One target: started at `start`, done at `done`; a case closed before the step drops out. */
function judge(t: Tally, start: number, done: number | null, closedAt: number | null, targetMs: number, now: number) {
  if (done !== null) {
    if (done - start <= targetMs) t.onTime++;
    else t.late++;
  } else if (closedAt !== null) {
    // closed (invalid / duplicate) before the step: the target no longer applies
  } else if (now - start > targetMs) t.late++;
  else t.pending++;
}

class FiguresBuilder {
  received = 0;
  closed = 0;
  byCategory: KpiFigures['byCategory'] = {};
  byStage: KpiFigures['byStage'] = {};
  dispatch = emptyTally();
  arrival = emptyTally();
  reinforcement = emptyTally();
  rated = 0;
  satisfied = 0;
  ratingSum = 0;

  add(i: Incident, now: number) {
    this.received++;
    this.byCategory[i.category] = (this.byCategory[i.category] ?? 0) + 1;
    this.byStage[i.status] = (this.byStage[i.status] ?? 0) + 1;
    if (i.status === 'closed') this.closed++;
    judge(this.dispatch, i.reportedAt, i.dispatchedAt, i.closedAt, TARGETS_MS.dispatch, now);
    if (i.dispatchedAt !== null) judge(this.arrival, i.dispatchedAt, i.arrivedAt, i.closedAt, TARGETS_MS.arrival, now);
    if (i.escalation)
      judge(this.reinforcement, i.escalation.at, i.escalation.reinforcedAt, i.closedAt, TARGETS_MS.reinforcement, now);
    if (i.rating !== null) {
      this.rated++;
      this.ratingSum += i.rating;
      if (i.rating >= 4) this.satisfied++;
    }
  }

  build(): KpiFigures {
    return {
      received: this.received,
      byCategory: this.byCategory,
      byStage: this.byStage,
      closed: this.closed,
      closedRate: this.received ? this.closed / this.received : null,
      dispatch: rateOf(this.dispatch),
      arrival: rateOf(this.arrival),
      reinforcement: rateOf(this.reinforcement),
      satisfaction: {
        rated: this.rated,
        satisfied: this.satisfied,
        rate: this.rated ? this.satisfied / this.rated : null,
        mean: this.rated ? this.ratingSum / this.rated : null,
      },
    };
  }
}

export interface KpiInput {
  scope: string;
  from: number;
  to: number;
  now: number;
  /** every incident reported in [min(from, to - TREND_LOOKBACK_MS), to], already limited to the scope */
  incidents: Iterable<Incident>;
}

export function computeKpi({ scope, from, to, now, incidents }: KpiInput): KpiResponse {
  const total = new FiguresBuilder();
  const streets = new Map<string, FiguresBuilder>();
  const trendStart = to - TREND_HOURS * HOUR;
  const trend: KpiTrendBucket[] = Array.from({ length: TREND_HOURS }, (_, n) => ({
    start: trendStart + n * HOUR,
    reported: 0,
    closed: 0,
  }));
  const bucketOf = (t: number) => (t >= trendStart && t < to ? Math.floor((t - trendStart) / HOUR) : -1);
  for (const i of incidents) {
    if (i.reportedAt >= from && i.reportedAt <= to) {
      total.add(i, now);
      let s = streets.get(i.streetId);
      if (!s) streets.set(i.streetId, (s = new FiguresBuilder()));
      s.add(i, now);
    }
    const r = bucketOf(i.reportedAt);
    if (r >= 0) trend[r]!.reported++;
    if (i.closedAt !== null) {
      const c = bucketOf(i.closedAt);
      if (c >= 0) trend[c]!.closed++;
    }
  }
  const byStreet: Record<string, KpiFigures> = {};
  for (const id of [...streets.keys()].sort()) byStreet[id] = streets.get(id)!.build();
  return { scope, from, to, asOf: now, total: total.build(), streets: byStreet, trend };
}
