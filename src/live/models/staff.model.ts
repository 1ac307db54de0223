// The field-staff layer's model: up to 50,000 people moving at about 1 Hz, held in typed arrays
// indexed by a stable slot per person (Map id -> index). A position frame is applied in place with
// no per-row allocation (staff-apply.model.ts); positions to draw are interpolated between the
// displayed position when the last fix arrived and that fix (sample(now) for everyone, sampleOne
// for one), so motion is smooth and never jumps backwards when a fix comes early or late.
import type { Staff } from '../../domain/district.types.ts';
import type { TravelMode } from '../../domain/road-graph.ts';
import { STAFF_STATUSES, type StaffStatus } from '../../protocol/positions.schema.ts';
import {
  acquireTrail,
  createTrailPool,
  pushTrail,
  readTrail,
  releaseTrail,
  type TrailPool,
} from './staff-trail.model.ts';

/** What the wall colours by. `no-fix`: known from the roster, no position received yet. */
export const STAFF_CLASS = { free: 0, enRoute: 1, onScene: 2, offDuty: 3, noFix: 4 } as const;
export const STAFF_CLASS_NAMES = ['free', 'en-route', 'on-scene', 'off-duty', 'no-fix'] as const;
export type StaffClassName = (typeof STAFF_CLASS_NAMES)[number];

const CLASS_OF_STATUS: Record<StaffStatus, number> = {
  'on-duty': STAFF_CLASS.free,
  responding: STAFF_CLASS.enRoute,
  'on-scene': STAFF_CLASS.onScene,
  break: STAFF_CLASS.offDuty,
  'off-duty': STAFF_CLASS.offDuty,
};
/** Wire status code (index into STAFF_STATUSES) -> STAFF_CLASS. */
export const CLASS_BY_CODE = Uint8Array.from(STAFF_STATUSES.map((s) => CLASS_OF_STATUS[s]));

export const MODES: readonly TravelMode[] = ['foot', 'ebike', 'car'];
const NO_CODE = 255;

export interface StaffModel {
  capacity: number;
  count: number;
  ids: string[];
  indexById: Map<string, number>;
  /** Latest fix. */
  lng: Float64Array;
  lat: Float64Array;
  /** Epoch ms of the latest fix by the sender's clock (0: none yet). */
  at: Float64Array;
  /** Degrees clockwise from north, latest fix (NaN: unknown). */
  heading: Float32Array;
  /** Where the display segment starts: the position shown when the latest fix arrived. */
  fromLng: Float64Array;
  fromLat: Float64Array;
  fromHeading: Float32Array;
  /** Signed shortest turn from fromHeading to heading, degrees (precomputed: sample() stays cheap). */
  turn: Float32Array;
  /** Local clock (ms) the segment starts at, and how long it runs (ms; 0 = shown at the fix). */
  t0: Float64Array;
  dur: Float32Array;
  /** STAFF_CLASS per person, and the wire status code it came from (255: none). */
  cls: Uint8Array;
  code: Uint8Array;
  /** Index into MODES. */
  mode: Uint8Array;
  /** Index into streetIds. */
  street: Uint16Array;
  streetIds: string[];
  streetIndex: Map<string, number>;
  /** The incident each person is heading for or working on (null: none). */
  incident: (string | null)[];
  selected: Uint8Array;
  /** Trail slot per person (-1: no trail kept). */
  trailSlot: Int32Array;
  trails: TrailPool;
  trailWindowMs: number;
  /** cos(latitude) of the first fix: east-west metres for headings (a district spans < 0.5°). */
  cosLat: number;
  /** Longest display segment: a fix after a long silence glides for at most this long. */
  maxSegmentMs: number;
  /** Bump on any position change / any class, incident or selection change / count change. */
  positionsVersion: number;
  statusVersion: number;
  /** The statusVersion at each person's last status change: a renderer restyles only those past its own. */
  statusAt: Float64Array;
  rosterVersion: number;
  stats: { frames: number; applied: number; stale: number; malformed: number; added: number };
}

export interface StaffModelOptions {
  roster?: readonly Staff[];
  capacity?: number;
  trailWindowMs?: number;
  maxSegmentMs?: number;
}

export function createStaffModel(opts: StaffModelOptions = {}): StaffModel {
  const capacity = Math.max(16, opts.capacity ?? opts.roster?.length ?? 1024);
  const m: StaffModel = {
    capacity: 0,
    count: 0,
    ids: [],
    indexById: new Map(),
    lng: new Float64Array(0),
    lat: new Float64Array(0),
    at: new Float64Array(0),
    heading: new Float32Array(0),
    fromLng: new Float64Array(0),
    fromLat: new Float64Array(0),
    fromHeading: new Float32Array(0),
    turn: new Float32Array(0),
    t0: new Float64Array(0),
    dur: new Float32Array(0),
    cls: new Uint8Array(0),
    code: new Uint8Array(0),
    mode: new Uint8Array(0),
    street: new Uint16Array(0),
    streetIds: [],
    streetIndex: new Map(),
    incident: [],
    selected: new Uint8Array(0),
    trailSlot: new Int32Array(0),
    trails: createTrailPool(64),
    trailWindowMs: opts.trailWindowMs ?? 5 * 60_000,
    cosLat: NaN,
    maxSegmentMs: opts.maxSegmentMs ?? 3000,
    positionsVersion: 0,
    statusVersion: 0,
    statusAt: new Float64Array(0),
    rosterVersion: 0,
    stats: { frames: 0, applied: 0, stale: 0, malformed: 0, added: 0 },
  };
  grow(m, capacity);
  for (const s of opts.roster ?? []) {
    const i = addStaff(m, s.id, s.streetId);
    m.mode[i] = Math.max(0, MODES.indexOf(s.mode));
    m.lng[i] = m.fromLng[i] = s.home[0];
    m.lat[i] = m.fromLat[i] = s.home[1];
  }
  return m;
}

function grow(m: StaffModel, capacity: number): void {
  const f64 = (a: Float64Array) => {
    const b = new Float64Array(capacity);
    b.set(a);
    return b;
  };
  const f32 = (a: Float32Array, fill: number) => {
    const b = new Float32Array(capacity).fill(fill);
    b.set(a);
    return b;
  };
  const u8 = (a: Uint8Array, fill: number) => {
    const b = new Uint8Array(capacity).fill(fill);
    b.set(a);
    return b;
  };
  m.lng = f64(m.lng);
  m.lat = f64(m.lat);
  m.at = f64(m.at);
  m.fromLng = f64(m.fromLng);
  m.fromLat = f64(m.fromLat);
  m.t0 = f64(m.t0);
  m.statusAt = f64(m.statusAt);
  m.heading = f32(m.heading, NaN);
  m.fromHeading = f32(m.fromHeading, NaN);
  m.turn = f32(m.turn, 0);
  m.dur = f32(m.dur, 0);
  m.cls = u8(m.cls, STAFF_CLASS.noFix);
  m.code = u8(m.code, NO_CODE);
  m.mode = u8(m.mode, 0);
  m.selected = u8(m.selected, 0);
  const street = new Uint16Array(capacity);
  street.set(m.street);
  m.street = street;
  const slot = new Int32Array(capacity).fill(-1);
  slot.set(m.trailSlot);
  m.trailSlot = slot;
  m.capacity = capacity;
}

export function streetIdx(m: StaffModel, streetId: string | undefined): number {
  if (!streetId) return 0;
  let k = m.streetIndex.get(streetId);
  if (k === undefined) {
    k = m.streetIds.length;
    m.streetIds.push(streetId);
    m.streetIndex.set(streetId, k);
  }
  return k;
}

/** Slot of a person, adding them (rare: someone not in the roster) when unknown. */
export function addStaff(m: StaffModel, id: string, streetId?: string): number {
  const known = m.indexById.get(id);
  if (known !== undefined) return known;
  if (m.count === m.capacity) grow(m, m.capacity * 2);
  const i = m.count++;
  m.ids.push(id);
  m.incident.push(null);
  m.indexById.set(id, i);
  m.street[i] = streetIdx(m, streetId);
  m.rosterVersion++;
  return i;
}

// Float modulo is slow in V8 and this runs per row and per frame: compare instead.
export const wrap360 = (d: number) => (d < 0 ? d + 360 : d >= 360 ? d - 360 : d);

/** Keeps a trail exactly for en-route or selected people. */
export function syncTrail(m: StaffModel, i: number): void {
  const want = m.cls[i] === STAFF_CLASS.enRoute || m.selected[i] === 1;
  const slot = m.trailSlot[i];
  if (want && slot < 0) {
    m.trailSlot[i] = acquireTrail(m.trails);
    if (m.at[i] > 0) pushTrail(m.trails, m.trailSlot[i], m.lng[i], m.lat[i], m.at[i]);
  } else if (!want && slot >= 0) {
    releaseTrail(m.trails, slot);
    m.trailSlot[i] = -1;
  }
}

/** Slot i's class, selection or incident changed. */
export function statusChanged(m: StaffModel, i: number): void {
  m.statusAt[i] = ++m.statusVersion;
}

/** The incident a person is heading for (from a dispatch); null clears it. */
export function setStaffIncident(m: StaffModel, staffId: string, incidentId: string | null): boolean {
  const i = m.indexById.get(staffId);
  if (i === undefined || m.incident[i] === incidentId) return false;
  m.incident[i] = incidentId;
  statusChanged(m, i);
  return true;
}

export function setStaffSelected(m: StaffModel, staffId: string, selected: boolean): boolean {
  const i = m.indexById.get(staffId);
  if (i === undefined || (m.selected[i] === 1) === selected) return false;
  m.selected[i] = selected ? 1 : 0;
  syncTrail(m, i);
  statusChanged(m, i);
  return true;
}

export interface StaffSampleOut {
  lng: Float64Array;
  lat: Float64Array;
  /** NaN where unknown. */
  heading: Float32Array;
}

export function createSampleOut(capacity: number): StaffSampleOut {
  return { lng: new Float64Array(capacity), lat: new Float64Array(capacity), heading: new Float32Array(capacity) };
}

/**
 * Positions to draw at local time nowMs, written into out (grown by the caller when count exceeds
 * its length: check the return value). Returns the number of people written (model.count).
 */
export function sample(m: StaffModel, nowMs: number, out: StaffSampleOut): number {
  const n = Math.min(m.count, out.lng.length, out.lat.length, out.heading.length);
  const { fromLng, fromLat, lng, lat, t0, dur, fromHeading, heading, turn } = m;
  const oLng = out.lng,
    oLat = out.lat,
    oHd = out.heading;
  for (let i = 0; i < n; i++) {
    const d = dur[i];
    let u = d > 0 ? (nowMs - t0[i]) / d : 1;
    if (u >= 1) {
      oLng[i] = lng[i];
      oLat[i] = lat[i];
      oHd[i] = heading[i];
      continue;
    }
    if (u < 0) u = 0;
    oLng[i] = fromLng[i] + u * (lng[i] - fromLng[i]);
    oLat[i] = fromLat[i] + u * (lat[i] - fromLat[i]);
    const fh = fromHeading[i];
    if (fh === fh) {
      oHd[i] = wrap360(fh + u * turn[i]);
    } else oHd[i] = heading[i];
  }
  return n;
}

/** sample() for slot i alone (a renderer that interpolates only the people it needs to redraw). */
export function sampleOne(m: StaffModel, i: number, nowMs: number, out: StaffSampleOut): void {
  const d = m.dur[i]!;
  let u = d > 0 ? (nowMs - m.t0[i]!) / d : 1;
  if (u >= 1) {
    out.lng[i] = m.lng[i]!;
    out.lat[i] = m.lat[i]!;
    out.heading[i] = m.heading[i]!;
    return;
  }
  if (u < 0) u = 0;
  out.lng[i] = m.fromLng[i]! + u * (m.lng[i]! - m.fromLng[i]!);
  out.lat[i] = m.fromLat[i]! + u * (m.lat[i]! - m.fromLat[i]!);
  const fh = m.fromHeading[i]!;
  out.heading[i] = fh === fh ? wrap360(fh + u * m.turn[i]!) : m.heading[i]!;
}

/** Trail of slot i as lng, lat pairs (oldest first) over the trail window; returns the point count. */
export function trailOf(m: StaffModel, i: number, out: Float64Array): number {
  const slot = m.trailSlot[i];
  if (slot < 0) return 0;
  return readTrail(m.trails, slot, m.at[i] - m.trailWindowMs, out);
}

/** Slots that keep a trail (en route or selected). */
export function staffWithTrails(m: StaffModel): number[] {
  const out: number[] = [];
  for (let i = 0; i < m.count; i++) if (m.trailSlot[i] >= 0) out.push(i);
  return out;
}

/** En-route people with the incident they are heading for: the renderer draws a line for each. */
export function enRouteTargets(m: StaffModel): { index: number; incidentId: string }[] {
  const out: { index: number; incidentId: string }[] = [];
  for (let i = 0; i < m.count; i++) {
    const inc = m.incident[i];
    if (inc !== null && m.cls[i] === STAFF_CLASS.enRoute) out.push({ index: i, incidentId: inc });
  }
  return out;
}

/** People per class, for the legend and diagnostics. */
export function staffClassCounts(m: StaffModel): Record<StaffClassName, number> {
  const out = { free: 0, 'en-route': 0, 'on-scene': 0, 'off-duty': 0, 'no-fix': 0 } as Record<StaffClassName, number>;
  for (let i = 0; i < m.count; i++) out[STAFF_CLASS_NAMES[m.cls[i]]]++;
  return out;
}
