// Applying fixes to the staff model: position frames (JSON rows or binary columns) and snapshot
// rows, all through setFix, in place and without per-row allocation.
import { STAFF_STATUSES, type StaffStatus } from '../../protocol/positions.schema.ts';
import { wireAt, wireHeading, wireLat, wireLng, type FrameWire } from '../../protocol/positions-binary.ts';
import { acquireTrail, pushTrail, releaseTrail } from './staff-trail.model.ts';
import {
  addStaff,
  CLASS_BY_CODE,
  statusChanged,
  streetIdx,
  syncTrail,
  wrap360,
  type StaffModel,
} from './staff.model.ts';

// Float modulo is slow in V8 and this runs per row. Headings are in [0, 360], so a difference needs
// one fold at most: compare first, and round (same result) only for anything wider. (+0: as rounding gives.)
const wrap180 = (d: number) =>
  d >= -180 && d < 180
    ? d + 0
    : d >= 180 && d < 540
      ? d - 360
      : d >= -540 && d < -180
        ? d + 360
        : d - 360 * Math.round(d / 360);

/**
 * Stores one fix for slot i received at local time nowMs (the shared path of frames and snapshots).
 * Each column is read and written once (locals in between): this runs 50,000 times per city frame.
 */
export function setFix(
  m: StaffModel,
  i: number,
  lng: number,
  lat: number,
  at: number,
  code: number,
  heading: number,
  nowMs: number,
): void {
  const oldAt = m.at[i]!;
  const oldLng = m.lng[i]!;
  const oldLat = m.lat[i]!;
  const oldHd = m.heading[i]!;
  if (m.cosLat !== m.cosLat) m.cosLat = Math.cos((lat * Math.PI) / 180);
  // fromHeading as the Float32Array holds it (fround), so turn is computed from the stored value
  let fh: number;
  if (oldAt === 0) {
    m.fromLng[i] = lng;
    m.fromLat[i] = lat;
    m.dur[i] = 0;
    fh = m.fromHeading[i]!;
  } else {
    // Start the new segment where the dot is now, so an early or late fix never makes it jump.
    const d = m.dur[i]!;
    const u = d > 0 ? Math.min(1, Math.max(0, (nowMs - m.t0[i]!) / d)) : 1;
    const fLng = m.fromLng[i]!;
    const fLat = m.fromLat[i]!;
    m.fromLng[i] = fLng + u * (oldLng - fLng);
    m.fromLat[i] = fLat + u * (oldLat - fLat);
    const fh0 = m.fromHeading[i]!;
    fh = fh0 === fh0 && oldHd === oldHd ? Math.fround(wrap360(fh0 + u * m.turn[i]!)) : oldHd;
    m.dur[i] = Math.min(at - oldAt, m.maxSegmentMs);
  }
  let hd = heading >= 0 && heading <= 360 ? heading : NaN;
  if (hd !== hd && oldAt !== 0) {
    // No heading on the wire: take the direction of travel when the move is more than noise (~1 m).
    const dx = (lng - oldLng) * m.cosLat;
    const dy = lat - oldLat;
    hd = dx * dx + dy * dy > 8e-11 ? wrap360((Math.atan2(dx, dy) * 180) / Math.PI) : oldHd;
  }
  if (fh !== fh) fh = Math.fround(hd);
  m.fromHeading[i] = fh;
  m.heading[i] = hd;
  m.turn[i] = hd === hd && fh === fh ? wrap180(hd - fh) : 0;
  m.lng[i] = lng;
  m.lat[i] = lat;
  m.at[i] = at;
  m.t0[i] = nowMs;
  if (m.code[i] !== code) {
    m.code[i] = code;
    m.cls[i] = CLASS_BY_CODE[code]!;
    syncTrail(m, i);
    statusChanged(m, i);
  }
  const slot = m.trailSlot[i]!;
  if (slot >= 0) pushTrail(m.trails, slot, lng, lat, at);
}

export interface FrameResult {
  applied: number;
  stale: number;
  malformed: number;
}
const lastResult: FrameResult = { applied: 0, stale: 0, malformed: 0 };

/**
 * Applies one compact positions frame ([staffId, lng, lat, at, statusCode, heading | -1] rows) in
 * place. Rows are checked by hand rather than by zod: a 10,000-row frame must cost a few ms. A bad
 * row is counted and skipped; a fix not newer than the one held (replay, reordering) is skipped.
 * The result object is reused between calls: read it before the next frame.
 */
export function applyPositionFrame(
  m: StaffModel,
  rows: readonly unknown[],
  nowMs: number,
  streetId?: string,
): FrameResult {
  let applied = 0,
    stale = 0,
    malformed = 0;
  const nCodes = CLASS_BY_CODE.length;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k] as unknown[];
    if (!Array.isArray(row) || row.length < 6) {
      malformed++;
      continue;
    }
    const id = row[0],
      lng = row[1],
      lat = row[2],
      at = row[3],
      code = row[4],
      hd = row[5];
    if (
      typeof id !== 'string' ||
      typeof lng !== 'number' ||
      typeof lat !== 'number' ||
      typeof at !== 'number' ||
      typeof code !== 'number' ||
      typeof hd !== 'number' ||
      !(lng >= -180 && lng <= 180) ||
      !(lat >= -90 && lat <= 90) ||
      !(at > 0 && at < 1e14) ||
      !(code >= 0 && code < nCodes && (code | 0) === code)
    ) {
      malformed++;
      continue;
    }
    let i = m.indexById.get(id);
    if (i === undefined) {
      if (id.length === 0 || id.length > 64) {
        malformed++;
        continue;
      }
      i = addStaff(m, id, streetId);
      m.stats.added++;
    }
    if (at <= m.at[i]) {
      stale++;
      continue;
    }
    setFix(m, i, lng, lat, at, code, hd, nowMs);
    applied++;
  }
  return frameDone(m, applied, stale, malformed);
}

/**
 * A binary frame as it travels (src/protocol/positions-binary.ts): the same checks as rows, read
 * straight from the wire columns. `slots` (staff-ids.model.ts) are the rows' model slots where known
 * (−1: look ids[k] up); slots resolved here are written back, so the stream's next frame has them.
 */
export function applyWireFrame(
  m: StaffModel,
  w: FrameWire,
  ids: readonly string[],
  slots: Int32Array,
  nowMs: number,
  streetId?: string,
): FrameResult {
  let applied = 0,
    stale = 0,
    malformed = 0;
  const nCodes = CLASS_BY_CODE.length;
  for (let k = 0; k < w.n; k++) {
    const lng = wireLng(w, k),
      lat = wireLat(w, k),
      at = wireAt(w, k),
      code = w.code[k]!;
    if (!(lng >= -180 && lng <= 180) || !(lat >= -90 && lat <= 90) || !(at > 0 && at < 1e14) || code >= nCodes) {
      malformed++;
      continue;
    }
    let i = slots[k]!;
    if (i < 0) {
      const id = ids[k]!;
      const known = m.indexById.get(id);
      if (known === undefined) {
        if (id.length === 0 || id.length > 64) {
          malformed++;
          continue;
        }
        i = addStaff(m, id, streetId);
        m.stats.added++;
      } else i = known;
      slots[k] = i;
    }
    if (at <= m.at[i]!) {
      stale++;
      continue;
    }
    setFix(m, i, lng, lat, at, code, wireHeading(w, k), nowMs);
    applied++;
  }
  return frameDone(m, applied, stale, malformed);
}

function frameDone(m: StaffModel, applied: number, stale: number, malformed: number): FrameResult {
  if (applied) m.positionsVersion++;
  m.stats.frames++;
  m.stats.applied += applied;
  m.stats.stale += stale;
  m.stats.malformed += malformed;
  lastResult.applied = applied;
  lastResult.stale = stale;
  lastResult.malformed = malformed;
  return lastResult;
}

/** A person as a snapshot gives them (the protocol's StaffState, structurally). */
export interface StaffSnapshotRow {
  staffId: string;
  streetId: string;
  lng: number;
  lat: number;
  at: number;
  status: string;
  heading: number | null;
  incidentId: string | null;
  trail: readonly (readonly [number, number, number])[];
}

/** Upserts snapshot rows (already schema-checked by the live store). */
export function applyStaffSnapshot(m: StaffModel, rows: readonly StaffSnapshotRow[], nowMs: number): StaffModel {
  for (const r of rows) {
    const code = STAFF_STATUSES.indexOf(r.status as StaffStatus);
    if (code < 0) {
      m.stats.malformed++;
      continue;
    }
    const i = addStaff(m, r.staffId, r.streetId);
    m.street[i] = streetIdx(m, r.streetId);
    if (m.incident[i] !== r.incidentId) {
      m.incident[i] = r.incidentId;
      statusChanged(m, i);
    }
    if (r.at <= m.at[i]) {
      m.stats.stale++;
      continue;
    }
    const hadTrail = m.trailSlot[i] >= 0;
    setFix(m, i, r.lng, r.lat, r.at, code, r.heading ?? -1, nowMs);
    const slot = m.trailSlot[i];
    if (slot >= 0 && !hadTrail && r.trail.length) {
      // A fresh trail: seed it with the relay's short history, then the fix itself.
      releaseTrail(m.trails, slot);
      const s = acquireTrail(m.trails);
      m.trailSlot[i] = s;
      for (const [x, y, t] of r.trail) pushTrail(m.trails, s, x, y, t);
      pushTrail(m.trails, s, r.lng, r.lat, r.at);
    }
  }
  m.positionsVersion++;
  return m;
}
