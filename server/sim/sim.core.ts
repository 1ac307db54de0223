// The simulated street centers: a pure, clocked core. `tick(state, now)` advances every street to
// `now` (sim ms) and returns what the centers would publish, with sim-time stamps. No I/O, no wall
// clock, no Math.random: the same seed and the same tick times give the same events. The state is
// owned by the caller and updated in place (copying thousands of staff per tick buys nothing).
import type { LngLat } from '../../src/domain/district.types.ts';
import { MODE_SPEED_MS, snap, type RoadGraph } from '../../src/domain/road-graph.ts';
import { MAX_CAMERAS_PER_BATCH, MAX_POSITIONS_PER_BATCH, type Position } from '../../src/protocol/index.ts';
import { CATEGORY_PROFILES, DIURNAL, hourFactor } from './incident.catalog.ts';
import { createRng } from '../../src/domain/seeded-random.ts';
import { nextEventId, popAction, schedule } from './sim.queue.ts';
import { actionFor, scheduleIncidentStep } from './sim.lifecycle.ts';
import { haltAt, legEnd, positionAt, startLeg } from './staff.motion.ts';
import { dutyAt, localHour } from './sim.shifts.ts';
import {
  DEFAULT_SIM_CONFIG,
  type Action,
  type SimConfig,
  type SimOutgoing,
  type SimState,
  type StreetState,
} from './sim.types.ts';
import { insidePolygon, type SimWorld } from './world.ts';

export { DEFAULT_SIM_CONFIG, localHour };

export function createSimState(
  world: SimWorld,
  cfg: Partial<SimConfig> & Pick<SimConfig, 'runId' | 'startMs'>,
): SimState {
  const config: SimConfig = { ...DEFAULT_SIM_CONFIG, ...cfg };
  const g = world.graph;
  const streets = world.streets.map((w): StreetState => {
    const st: StreetState = {
      world: w,
      rng: createRng(config.seed).fork(w.id),
      now: config.startMs,
      eventSeq: 0,
      incidentSeq: 0,
      staff: new Map(),
      incidents: new Map(),
      cameras: new Map(w.cameras.map((c) => [c.id, 'online'])),
      queue: [],
      queueSeq: 0,
      trace: [],
    };
    for (const p of w.staff) {
      const home = snap(g, p.home)?.point ?? p.home;
      const duty = dutyAt(p, localHour(config, config.startMs));
      st.staff.set(p.id, { staff: p, status: duty, incidentId: null, pos: home, heading: null, leg: null, plan: 0 });
      if (duty === 'on-duty')
        schedule(st, config.startMs + st.rng.range(0, 120_000), { type: 'patrol', staffId: p.id, plan: 0 });
    }
    schedule(st, config.startMs + st.rng.exp(meanGapMs(config, config.startMs)), { type: 'report' });
    schedule(st, config.startMs, { type: 'positions' });
    schedule(st, config.startMs + 60_000, { type: 'shifts' });
    if (w.cameras.length && config.cameraOutagesPerHour > 0) {
      schedule(st, config.startMs + st.rng.exp(3_600_000 / config.cameraOutagesPerHour), { type: 'camera-fail' });
    }
    return st;
  });
  const state: SimState = { config, graph: g, streets };
  return state;
}

/** The opening camera roll call, so the relay knows every camera of the street is online. */
export function initialCameraEvents(state: SimState): SimOutgoing[] {
  const out: SimOutgoing[] = [];
  for (const st of state.streets) {
    const all = st.world.cameras.map((c) => ({
      cameraId: c.id,
      status: st.cameras.get(c.id)!,
      at: state.config.startMs,
    }));
    for (let i = 0; i < all.length; i += MAX_CAMERAS_PER_BATCH) {
      out.push({
        streetId: st.world.id,
        event: 'camera:status',
        msg: { eventId: nextEventId(state, st), cameras: all.slice(i, i + MAX_CAMERAS_PER_BATCH) },
      });
    }
  }
  return out;
}

export function tick(state: SimState, now: number): { state: SimState; out: SimOutgoing[] } {
  const out: SimOutgoing[] = [];
  for (const st of state.streets) {
    while (st.queue.length && st.queue[0].at <= now) {
      const { at, action } = popAction(st);
      st.now = at;
      run(state, st, action, out);
    }
    st.now = Math.max(st.now, now);
  }
  return { state, out };
}

function meanGapMs(config: SimConfig, t: number): number {
  const rate = config.incidentsPerHour * DIURNAL[localHour(config, t)];
  return rate > 0 ? 3_600_000 / rate : Infinity;
}

// ---- actions ------------------------------------------------------------------------------------

function run(state: SimState, st: StreetState, action: Action, out: SimOutgoing[]): void {
  const g = state.graph;
  switch (action.type) {
    case 'report':
      report(state, st, out);
      schedule(st, st.now + st.rng.exp(meanGapMs(state.config, st.now)), { type: 'report' });
      return;
    case 'positions':
      positions(state, st, out);
      schedule(st, st.now + state.config.positionEveryMs, { type: 'positions' });
      return;
    case 'shifts':
      shifts(state, st);
      schedule(st, st.now + 60_000, { type: 'shifts' });
      return;
    case 'camera-fail':
      cameraFail(state, st, out);
      schedule(st, st.now + st.rng.exp(3_600_000 / state.config.cameraOutagesPerHour), { type: 'camera-fail' });
      return;
    case 'camera-restore':
      if (st.cameras.get(action.cameraId) !== 'online') {
        st.cameras.set(action.cameraId, 'online');
        out.push({
          streetId: st.world.id,
          event: 'camera:status',
          msg: {
            eventId: nextEventId(state, st),
            cameras: [{ cameraId: action.cameraId, status: 'online', at: Math.floor(st.now) }],
          },
        });
      }
      return;
    case 'patrol':
      patrol(g, st, action.staffId, action.plan);
      return;
    default:
      actionFor(state, st, action, out);
  }
}

function report(state: SimState, st: StreetState, out: SimOutgoing[]): void {
  const w = st.world;
  if (!w.grids.length) return;
  const rng = st.rng;
  const hour = localHour(state.config, st.now);
  const profile = rng.weighted(CATEGORY_PROFILES, (p) => p.weight * hourFactor(p.hours, hour));
  const grid = rng.weighted(w.grids, (gr) => Math.max(50, gr.population) * (gr.urban ? 1 : 0.5));
  const [west, south, east, north] = grid.bbox;
  let p: LngLat = grid.center;
  for (let i = 0; i < 20; i++) {
    const q: LngLat = [rng.range(west, east), rng.range(south, north)];
    if (insidePolygon(q, grid.polygon)) {
      p = q;
      break;
    }
  }
  const s = snap(state.graph, p);
  if (!s) return;
  const day = new Date(st.now + state.config.utcOffsetH * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const id = `${w.id}-${day}-${state.config.runId}-${String(++st.incidentSeq).padStart(4, '0')}`;
  const source = rng.weighted(Object.entries(profile.sources), ([, wt]) => wt ?? 0)[0] as keyof typeof profile.sources;
  const fate = rng.chance(0.02) ? 'duplicate' : rng.chance(0.03) ? 'invalid' : 'normal';
  st.incidents.set(id, {
    id,
    profile,
    position: s.point,
    snap: s,
    reportedAt: st.now,
    status: 'reported',
    assignees: [],
    reinforcements: [],
    escalation: 'none',
    dispatchedAt: null,
    arrivedAt: null,
    closedAt: null,
    fate,
  });
  out.push({
    streetId: w.id,
    event: 'incident:report',
    msg: {
      eventId: nextEventId(state, st),
      incident: {
        id,
        streetId: w.id,
        gridId: grid.id,
        category: profile.category,
        title: rng.pick(profile.titles),
        description: '',
        position: [round6(s.point[0]), round6(s.point[1])],
        source,
        priority: profile.priority,
        reportedAt: Math.floor(st.now),
      },
    },
  });
  scheduleIncidentStep(state, st, id, 'report');
}

function positions(state: SimState, st: StreetState, out: SimOutgoing[]): void {
  const rows: Position[] = [];
  const at = Math.floor(st.now);
  for (const s of st.staff.values()) {
    const { pos, heading } = positionAt(state.graph, s, st.now);
    rows.push({
      staffId: s.staff.id,
      lng: round6(pos[0]),
      lat: round6(pos[1]),
      at,
      status: s.status,
      heading: heading === null ? null : Math.round(heading) % 360,
      incidentId: s.incidentId,
    });
  }
  for (let i = 0; i < rows.length; i += MAX_POSITIONS_PER_BATCH) {
    out.push({
      streetId: st.world.id,
      event: 'positions',
      msg: { positions: rows.slice(i, i + MAX_POSITIONS_PER_BATCH) },
    });
  }
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Cruising speeds on patrol are below the response speeds. */
const PATROL_FACTOR = { foot: 0.8, ebike: 0.6, car: 0.5 } as const;
const PATROL_RADIUS_M = { foot: 350, ebike: 1200, car: 2500 } as const;

function patrol(g: RoadGraph, st: StreetState, staffId: string, plan: number): void {
  const s = st.staff.get(staffId);
  if (!s || s.plan !== plan || s.status !== 'on-duty') return;
  const rng = st.rng;
  haltAt(g, s, st.now);
  let next = st.now + rng.range(60_000, 6 * 60_000); // dwell: a chat, a shop check, a doorway
  if (rng.chance(0.7)) {
    const r = PATROL_RADIUS_M[s.staff.mode] * Math.sqrt(rng.next());
    const a = rng.range(0, 2 * Math.PI);
    const [hx, hy] = g.project(s.staff.home);
    const to = g.unproject(hx + r * Math.cos(a), hy + r * Math.sin(a));
    const leg = startLeg(
      g,
      s,
      to,
      st.now,
      MODE_SPEED_MS[s.staff.mode] * PATROL_FACTOR[s.staff.mode] * rng.range(0.85, 1.15),
      'patrol',
    );
    if (leg) next = legEnd(leg) + rng.range(30_000, 5 * 60_000);
  }
  s.plan++;
  schedule(st, next, { type: 'patrol', staffId, plan: s.plan });
}

function shifts(state: SimState, st: StreetState): void {
  const hour = localHour(state.config, st.now);
  for (const s of st.staff.values()) {
    if (s.incidentId) continue; // nobody walks away from a case; they change over once it is done
    const duty = dutyAt(s.staff, hour);
    if (duty === s.status) continue;
    const wasFree = s.status === 'on-duty';
    s.status = duty;
    if (duty === 'on-duty') {
      s.plan++;
      schedule(st, st.now + st.rng.range(0, 60_000), { type: 'patrol', staffId: s.staff.id, plan: s.plan });
    } else if (wasFree) {
      haltAt(state.graph, s, st.now);
      s.plan++;
    }
  }
}

function cameraFail(state: SimState, st: StreetState, out: SimOutgoing[]): void {
  const online = st.world.cameras.filter((c) => st.cameras.get(c.id) === 'online');
  if (!online.length) return;
  const cam = st.rng.pick(online);
  const fault = st.rng.chance(0.15);
  st.cameras.set(cam.id, fault ? 'fault' : 'offline');
  out.push({
    streetId: st.world.id,
    event: 'camera:status',
    msg: {
      eventId: nextEventId(state, st),
      cameras: [{ cameraId: cam.id, status: fault ? 'fault' : 'offline', at: Math.floor(st.now) }],
    },
  });
  const back = fault ? st.rng.range(30, 180) : st.rng.range(2, 30);
  schedule(st, st.now + back * 60_000, { type: 'camera-restore', cameraId: cam.id });
}
