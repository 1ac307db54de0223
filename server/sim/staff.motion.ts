// Where a person is at a given moment: standing still, or moving along a road route at a steady
// speed. Positions are computed from the leg and the clock, so they are exact at any tick rate.
import type { LngLat, Staff } from '../../src/domain/district.types.ts';
import { pointAlong, polylineCumulative, shortestPath, snap, type RoadGraph } from '../../src/domain/road-graph.ts';
import type { StaffStatus } from '../../src/protocol/index.ts';

export type LegPurpose = 'patrol' | 'respond' | 'reinforce';

export interface Leg {
  coords: LngLat[];
  cum: Float64Array;
  totalM: number;
  t0: number; // sim ms when moving starts
  speed: number; // m/s
  purpose: LegPurpose;
}

export interface SimStaff {
  staff: Staff;
  status: StaffStatus;
  incidentId: string | null;
  pos: LngLat; // where the person stands when not moving (or where the current leg started)
  heading: number | null;
  leg: Leg | null;
  /** bumped on every new plan so queued actions of an earlier plan are ignored */
  plan: number;
}

export function legEnd(leg: Leg): number {
  return leg.t0 + (leg.totalM / leg.speed) * 1000;
}

/** Position and heading at sim time t. */
export function positionAt(g: RoadGraph, s: SimStaff, t: number): { pos: LngLat; heading: number | null } {
  const leg = s.leg;
  if (!leg) return { pos: s.pos, heading: s.heading };
  const d = Math.max(0, Math.min(leg.totalM, ((t - leg.t0) / 1000) * leg.speed));
  const pos = pointAlong(leg.coords, leg.cum, d);
  const ahead = pointAlong(leg.coords, leg.cum, Math.min(leg.totalM, d + 2));
  const behind = pointAlong(leg.coords, leg.cum, Math.max(0, d - 2));
  const [ax, ay] = g.project(behind);
  const [bx, by] = g.project(ahead);
  const heading = ax === bx && ay === by ? s.heading : (Math.atan2(bx - ax, by - ay) * (180 / Math.PI) + 360) % 360;
  return { pos, heading };
}

/** Stops the person where they are at time t (ending any leg). */
export function haltAt(g: RoadGraph, s: SimStaff, t: number): void {
  const { pos, heading } = positionAt(g, s, t);
  s.pos = pos;
  s.heading = heading;
  s.leg = null;
}

/** Starts a road leg from the current position at t; null when no route exists. */
export function startLeg(
  g: RoadGraph,
  s: SimStaff,
  to: LngLat,
  t: number,
  speed: number,
  purpose: LegPurpose,
): Leg | null {
  haltAt(g, s, t);
  const a = snap(g, s.pos);
  const b = snap(g, to);
  if (!a || !b) return null;
  const route = shortestPath(g, a, b);
  if (!route) return null;
  const coords = route.coords.length ? route.coords : [a.point];
  const cum = polylineCumulative(g, coords);
  const leg: Leg = { coords, cum, totalM: cum[cum.length - 1], t0: t, speed, purpose };
  s.leg = leg;
  return leg;
}
