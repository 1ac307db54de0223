// Deterministic fixtures shared by the live-model tests and the wall-model benchmark (never shipped
// in the app bundle: only tests and bench import this file).
import type { Camera, LngLat, Staff } from '../../src/domain/district.types.ts';
import { applyStep, createIncident } from '../../src/domain/incident-lifecycle.ts';
import type { Incident, IncidentAction, IncidentEvent } from '../../src/protocol/incident.schema.ts';
import type { Delta } from '../../src/protocol/live.schema.ts';
import { mulberry32 } from '../../src/domain/seeded-random.ts';

/** mulberry32, so fixtures are the same on every run. */
export const seeded = mulberry32;

/** Near the demo district (Qianjiang). */
export const ORIGIN: LngLat = [108.77, 29.53];

export function makeCamera(
  id: string,
  position: LngLat,
  heading: number,
  fov = 60,
  range = 100,
  streetId = 'S01',
): Camera {
  return {
    id,
    name: `摄像头${id}`,
    kind: 'road',
    position,
    height: 6,
    heading,
    fov,
    range,
    streetId,
    gridId: `${streetId}-C01-G01`,
    streamUrl: null,
  };
}

/** n cameras scattered over roughly `spanDeg` around ORIGIN with random headings, fovs and ranges. */
export function randomCameras(n: number, seed = 1, spanDeg = 0.08): Camera[] {
  const r = seeded(seed);
  const out: Camera[] = [];
  for (let i = 0; i < n; i++) {
    const p: LngLat = [ORIGIN[0] + (r() - 0.5) * spanDeg, ORIGIN[1] + (r() - 0.5) * spanDeg];
    const street = `S${String(1 + Math.floor(r() * 30)).padStart(2, '0')}`;
    out.push(makeCamera(`C${String(i + 1).padStart(5, '0')}`, p, r() * 360, 30 + r() * 90, 40 + r() * 160, street));
  }
  return out;
}

export function makeStaff(id: string, home: LngLat, mode: Staff['mode'] = 'foot', streetId = 'S01'): Staff {
  return {
    id,
    name: `员工${id}`,
    role: 'grid-worker',
    phone: '13800000000',
    streetId,
    gridId: `${streetId}-C01-G01`,
    home,
    mode,
  };
}

export function randomStaff(n: number, seed = 2, spanDeg = 0.1): Staff[] {
  const r = seeded(seed);
  const modes: Staff['mode'][] = ['foot', 'ebike', 'car'];
  const out: Staff[] = [];
  for (let i = 0; i < n; i++) {
    const street = `S${String(1 + (i % 30)).padStart(2, '0')}`;
    out.push(
      makeStaff(
        `W${String(i + 1).padStart(5, '0')}`,
        [ORIGIN[0] + (r() - 0.5) * spanDeg, ORIGIN[1] + (r() - 0.5) * spanDeg],
        modes[Math.floor(r() * 3)],
        street,
      ),
    );
  }
  return out;
}

// --- incidents and relay messages, built with the protocol's own lifecycle rules ---------------

const CENTER = { role: 'center' as const, id: 'center' };

export function makeIncident(
  id: string,
  streetId: string,
  reportedAt: number,
  position: LngLat | null = ORIGIN,
): Incident {
  return createIncident(
    {
      id,
      streetId,
      gridId: `${streetId}-C01-G01`,
      category: 'noise',
      title: `事件${id}`,
      description: '',
      position,
      source: 'app',
      priority: 'normal',
    },
    reportedAt,
    CENTER,
  );
}

export function step(inc: Incident, s: IncidentAction, at: number): Incident {
  const r = applyStep(inc, s, at, CENTER);
  if (!r.ok) throw new Error(r.message);
  return r.incident;
}

export function incidentDelta(
  stream: string,
  seq: number,
  type: IncidentEvent['type'],
  incident: Incident,
  at = incident.updatedAt,
): Delta {
  return { stream, seq, event: { kind: 'incident', type, incidentId: incident.id, at, by: CENTER, incident } };
}
