import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../src/domain/seeded-random.ts';
import { INCIDENT_CATEGORIES } from '../../src/protocol/categories.ts';
import type { IncidentAction } from '../../src/protocol/incident.schema.ts';
import type { KpiFigures, KpiResponse } from '../../src/protocol/kpi.schema.ts';
import { signToken } from '../relay/auth.ts';
import { SqliteStorage } from '../storage/sqlite.storage.ts';
import type { StoredEvent } from '../storage/storage.ts';
import { writeScenario, type ScriptedIncident } from './__fixtures__/kpi-scenario.ts';
import { kpiRoutes } from './kpi.routes.ts';

// GET /api/kpi over a real SQLite store on a real HTTP server. Two checks: a small day whose figures
// are worked out by hand below, and a seeded busy day recomputed from the raw stored events by an
// oracle written here from DOMAIN.md's rules (1 min dispatch, 5 min arrival, 15 min reinforcement;
// 办结率 = closed ÷ received; 满意度 = ratings 4–5 ÷ ratings), never calling the server's code.

const MIN = 60_000;
const HOUR = 60 * MIN;
const SECRET = 'kpi-test-secret-kpi-test-secret-0123456789';
// 2026-11-29 12:00 in the district (UTC+8); "today" began at 2026-11-28T16:00Z
const NOW = Date.UTC(2026, 10, 29, 4, 0);
const TODAY = Date.UTC(2026, 10, 28, 16, 0);

const note = 'ok';
const done = (t0: number, ...steps: [number, IncidentAction][]): [number, IncidentAction][] =>
  steps.map(([m, s]) => [t0 + m * MIN, s]);
const dispatch: IncidentAction = { action: 'dispatch', staffIds: ['P1'] };
const arrive: IncidentAction = { action: 'arrive' };
const handle: IncidentAction = { action: 'handle' };
const feedback: IncidentAction = { action: 'feedback', note };
const close: IncidentAction = { action: 'close', resolution: 'resolved' };
const rate = (rating: number): IncidentAction => ({ action: 'rate', rating });
const escalate: IncidentAction = { action: 'escalate', level: 'joint' };
const reinforce: IncidentAction = { action: 'reinforce' };

const at = (min: number) => NOW + min * MIN;
const HAND: ScriptedIncident[] = [
  {
    id: 'A',
    streetId: 'S01',
    category: 'noise',
    reportedAt: at(-120),
    steps: done(
      NOW,
      [-119.5, dispatch],
      [-116, arrive],
      [-115, handle],
      [-100, feedback],
      [-99, close],
      [-98, rate(5)],
    ),
  },
  {
    id: 'B',
    streetId: 'S01',
    category: 'noise',
    reportedAt: at(-90),
    steps: done(NOW, [-88, dispatch], [-80, arrive], [-75, handle], [-70, feedback], [-69, close], [-60, rate(3)]),
  },
  {
    id: 'C',
    streetId: 'S01',
    category: 'lockout',
    reportedAt: at(-60),
    steps: done(NOW, [-59.5, dispatch], [-58, escalate], [-57, arrive], [-50, reinforce]),
  },
  { id: 'D', streetId: 'S02', category: 'fire-hazard', reportedAt: at(-30), steps: done(NOW, [-29, escalate]) },
  { id: 'E', streetId: 'S02', category: 'noise', reportedAt: at(-0.5), steps: [] },
  {
    id: 'F',
    streetId: 'S02',
    category: 'parking-dispute',
    reportedAt: at(-40),
    steps: done(NOW, [-39, { action: 'close', resolution: 'duplicate' }]),
  },
  {
    id: 'G',
    streetId: 'S01',
    category: 'noise',
    reportedAt: at(-20 * 60),
    steps: done(
      NOW,
      [-20 * 60 + 0.5, dispatch],
      [-19 * 60 - 30, arrive],
      [-19 * 60 - 20, handle],
      [-19 * 60 - 10, feedback],
      [-19 * 60, close],
    ),
  },
];

/** A busy seeded day: 30 h of incidents over four streets, each progressing at random. */
function busyDay(seed: number): ScriptedIncident[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const out: ScriptedIncident[] = [];
  for (let n = 0; n < 400; n++) {
    const reportedAt = NOW - Math.floor(rnd() * 30 * HOUR);
    const steps: [number, IncidentAction][] = [];
    let t = reportedAt;
    const step = (minMin: number, maxMin: number, s: IncidentAction) => {
      t += Math.floor((minMin + rnd() * (maxMin - minMin)) * MIN);
      steps.push([t, s]);
    };
    if (rnd() < 0.1) step(0.2, 20, { action: 'close', resolution: pick(['invalid', 'duplicate'] as const) });
    else if (rnd() < 0.92) {
      step(0.1, 2.5, dispatch);
      if (rnd() < 0.25) step(0.1, 3, escalate);
      const escalated = steps.at(-1)![1].action === 'escalate';
      if (escalated && rnd() < 0.8) {
        const t0 = t;
        step(3, 25, reinforce);
        t = t0; // reinforcement runs beside the rest
      }
      if (rnd() < 0.9) {
        step(1, 9, arrive);
        step(1, 30, handle);
        step(5, 120, feedback);
        step(1, 30, close);
        if (rnd() < 0.6) step(1, 60, rate(1 + Math.floor(rnd() * 5)));
      }
    }
    steps.sort((a, b) => a[0] - b[0]);
    out.push({
      id: `R${n}`,
      streetId: pick(['S01', 'S02', 'S03', 'S04']),
      category: pick(INCIDENT_CATEGORIES),
      reportedAt,
      steps,
    });
  }
  return out;
}

/** The oracle: figures from raw stored events (type + at), by the domain rules, for one period. */
function oracle(events: StoredEvent[], from: number, to: number, now: number) {
  type Case = {
    street: string;
    category: string;
    reported: number;
    times: Map<string, number>;
    rating: number | null;
    last: string;
  };
  const cases = new Map<string, Case>();
  for (const { stream, event: e } of events) {
    if (e.kind !== 'incident') continue;
    if (e.type === 'report')
      cases.set(e.incidentId, {
        street: stream,
        category: e.incident.category,
        reported: e.at,
        times: new Map(),
        rating: null,
        last: 'reported',
      });
    const c = cases.get(e.incidentId)!;
    if (e.type !== 'report' && e.type !== 'timing') c.times.set(e.type, e.at);
    if (e.type === 'rate') c.rating = e.incident.rating;
    const stage: Record<string, string> = {
      dispatch: 'dispatched',
      arrive: 'arrived',
      handle: 'handling',
      feedback: 'fed-back',
      close: 'closed',
    };
    if (stage[e.type]) c.last = stage[e.type]!;
  }
  const figures = (street: string | null) => {
    const mine = [...cases.values()].filter(
      (c) => c.reported >= from && c.reported <= to && (street === null || c.street === street),
    );
    const target = (startOf: (c: Case) => number | undefined, doneKey: string, limitMs: number) => {
      const r = { onTime: 0, late: 0, pending: 0 };
      for (const c of mine) {
        const start = startOf(c);
        if (start === undefined) continue;
        const d = c.times.get(doneKey);
        if (d !== undefined) d - start <= limitMs ? r.onTime++ : r.late++;
        else if (c.times.has('close')) continue;
        else if (now - start > limitMs) r.late++;
        else r.pending++;
      }
      return { ...r, rate: r.onTime + r.late ? r.onTime / (r.onTime + r.late) : null };
    };
    const count = (key: (c: Case) => string) =>
      mine.reduce<Record<string, number>>((m, c) => ((m[key(c)] = (m[key(c)] ?? 0) + 1), m), {});
    const ratings = mine.map((c) => c.rating).filter((r): r is number => r !== null);
    const closed = mine.filter((c) => c.times.has('close')).length;
    return {
      received: mine.length,
      byCategory: count((c) => c.category),
      byStage: count((c) => c.last),
      closed,
      closedRate: mine.length ? closed / mine.length : null,
      dispatch: target((c) => c.reported, 'dispatch', 1 * MIN),
      arrival: target((c) => c.times.get('dispatch'), 'arrive', 5 * MIN),
      reinforcement: target((c) => c.times.get('escalate'), 'reinforce', 15 * MIN),
      satisfaction: {
        rated: ratings.length,
        satisfied: ratings.filter((r) => r >= 4).length,
        rate: ratings.length ? ratings.filter((r) => r >= 4).length / ratings.length : null,
        mean: ratings.length ? ratings.reduce((a, b) => a + b, 0) / ratings.length : null,
      },
    };
  };
  const trend = (street: string | null) =>
    Array.from({ length: 24 }, (_, h) => {
      const lo = to - 24 * HOUR + h * HOUR;
      const inHour = (t: number | undefined) => t !== undefined && t >= lo && t < lo + HOUR;
      const recent = [...cases.values()].filter(
        (c) => c.reported >= to - 48 * HOUR && c.reported <= to && (street === null || c.street === street),
      );
      return {
        start: lo,
        reported: recent.filter((c) => inHour(c.reported)).length,
        closed: recent.filter((c) => inHour(c.times.get('close'))).length,
      };
    });
  return { figures, trend };
}

async function serve(dir: string, scripts: ScriptedIncident[]) {
  const storage = new SqliteStorage(path.join(dir, 'kpi.db'));
  await writeScenario(storage, scripts, NOW);
  const app = express();
  app.use('/api', kpiRoutes({ storage, secret: SECRET, demo: false, now: () => NOW }));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/kpi`;
  return { storage, server, base };
}

let dir: string;
let hand: Awaited<ReturnType<typeof serve>>;
let busy: Awaited<ReturnType<typeof serve>>;
let district: string;
let street2: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-kpi-'));
  fs.mkdirSync(path.join(dir, 'hand'));
  fs.mkdirSync(path.join(dir, 'busy'));
  hand = await serve(path.join(dir, 'hand'), HAND);
  busy = await serve(path.join(dir, 'busy'), busyDay(20261129));
  district = await signToken(SECRET, { role: 'display', scope: 'district', sub: 'wall-1' }, 600);
  street2 = await signToken(SECRET, { role: 'officer', scope: 'S02', sub: 'officer-2' }, 600);
});
afterAll(async () => {
  for (const s of [hand, busy]) {
    await new Promise((r) => s.server.close(r));
    await s.storage.close();
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = async (base: string, token: string | null, query = '') => {
  const r = await fetch(`${base}${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: r.status, body: (await r.json()) as KpiResponse & { error?: string } };
};
const strip = (f: KpiFigures) => JSON.parse(JSON.stringify(f));

describe('GET /api/kpi (figures worked out by hand)', () => {
  it("today's district figures", async () => {
    const { status, body } = await get(hand.base, district);
    expect(status).toBe(200);
    expect([body.scope, body.from, body.to]).toEqual(['district', TODAY, NOW]);
    expect(body.total).toEqual({
      received: 6,
      byCategory: { noise: 3, lockout: 1, 'fire-hazard': 1, 'parking-dispute': 1 },
      byStage: { closed: 3, arrived: 1, reported: 2 },
      closed: 3,
      closedRate: 0.5,
      dispatch: { onTime: 2, late: 2, pending: 1, rate: 0.5 }, // A, C in time; B late, D overdue; E pending; F closed as duplicate
      arrival: { onTime: 2, late: 1, pending: 0, rate: 2 / 3 },
      reinforcement: { onTime: 1, late: 1, pending: 0, rate: 0.5 },
      satisfaction: { rated: 2, satisfied: 1, rate: 0.5, mean: 4 },
    });
    expect(Object.keys(body.streets)).toEqual(['S01', 'S02']);
    expect(body.streets.S02).toMatchObject({
      received: 3,
      closed: 1,
      dispatch: { onTime: 0, late: 1, pending: 1, rate: 0 },
      reinforcement: { onTime: 0, late: 1 },
    });
  });

  it('the 24-hour trend, hour by hour', async () => {
    const { body } = await get(hand.base, district);
    expect(body.trend).toHaveLength(24);
    expect(body.trend[0]!.start).toBe(NOW - 24 * HOUR);
    const nonZero = body.trend.flatMap((b, h) => (b.reported || b.closed ? [[h, b.reported, b.closed]] : []));
    expect(nonZero).toEqual([
      [4, 1, 0], // G reported 20 h ago
      [5, 0, 1], // G closed 19 h ago
      [22, 2, 2], // A, B
      [23, 4, 1], // C, D, E, F reported; F closed
    ]);
  });

  it('a street token sees its street, and is refused another', async () => {
    const own = await get(hand.base, street2);
    expect(own.body.scope).toBe('S02');
    expect(own.body.total.received).toBe(3);
    expect(Object.keys(own.body.streets)).toEqual(['S02']);
    expect((await get(hand.base, street2, '?scope=S01')).status).toBe(403);
    expect((await get(hand.base, null)).status).toBe(401);
    expect((await get(hand.base, district, '?from=2026-11-29T00:00:00Z&to=2026-11-28T00:00:00Z')).status).toBe(400);
  });
});

describe('GET /api/kpi against an oracle over the raw stored events', () => {
  const rawEvents = async () => {
    const all: StoredEvent[] = [];
    for (const s of ['S01', 'S02', 'S03', 'S04']) all.push(...(await busy.storage.readStream(s, 0, 100_000)));
    return all.sort((a, b) => a.event.at - b.event.at || a.seq - b.seq);
  };

  it('today, district and every street', async () => {
    const o = oracle(await rawEvents(), TODAY, NOW, NOW);
    const { body } = await get(busy.base, district);
    expect(body.total.received).toBeGreaterThan(100);
    expect(body.total.reinforcement.onTime + body.total.reinforcement.late).toBeGreaterThan(5);
    expect(strip(body.total)).toEqual(o.figures(null));
    for (const s of ['S01', 'S02', 'S03', 'S04']) expect(strip(body.streets[s]!), s).toEqual(o.figures(s));
    expect(body.trend).toEqual(o.trend(null));
  });

  it('an explicit window (yesterday evening), for one street', async () => {
    const from = NOW - 26 * HOUR;
    const to = NOW - 14 * HOUR;
    const o = oracle(await rawEvents(), from, to, NOW);
    const { body } = await get(busy.base, district, `?scope=S03&from=${from}&to=${new Date(to).toISOString()}`);
    expect([body.scope, body.from, body.to]).toEqual(['S03', from, to]);
    expect(strip(body.total)).toEqual(o.figures('S03'));
    expect(body.trend).toEqual(o.trend('S03'));
  });
});
