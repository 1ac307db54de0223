// Trails for the few staff that need one (en route, or selected on the wall): a ring of recent fixes
// per person, carved out of one shared Float64Array pool so a 1 Hz feed allocates nothing. Slots
// are handed out when a person starts to need a trail and returned when they stop.

/** Room per ring: five minutes at 1 Hz plus slack (fixes closer than TRAIL_MIN_SPACING_MS merge). */
export const TRAIL_CAPACITY = 330;
export const TRAIL_MIN_SPACING_MS = 900;
const STRIDE = 3; // lng, lat, at

export interface TrailPool {
  slots: number;
  /** slot * TRAIL_CAPACITY * 3 + k * 3 -> lng, lat, at */
  data: Float64Array;
  /** Ring start and length per slot. */
  head: Int32Array;
  len: Int32Array;
  free: number[];
}

export function createTrailPool(slots = 64): TrailPool {
  const free: number[] = [];
  for (let s = slots - 1; s >= 0; s--) free.push(s);
  return {
    slots,
    data: new Float64Array(slots * TRAIL_CAPACITY * STRIDE),
    head: new Int32Array(slots),
    len: new Int32Array(slots),
    free,
  };
}

/** A free slot, growing the pool (doubling) when none is left. */
export function acquireTrail(p: TrailPool): number {
  if (p.free.length === 0) {
    const old = p.slots;
    const slots = old * 2;
    const data = new Float64Array(slots * TRAIL_CAPACITY * STRIDE);
    data.set(p.data);
    const head = new Int32Array(slots);
    head.set(p.head);
    const len = new Int32Array(slots);
    len.set(p.len);
    p.data = data;
    p.head = head;
    p.len = len;
    p.slots = slots;
    for (let s = slots - 1; s >= old; s--) p.free.push(s);
  }
  const s = p.free.pop()!;
  p.head[s] = 0;
  p.len[s] = 0;
  return s;
}

export function releaseTrail(p: TrailPool, slot: number): void {
  p.len[slot] = 0;
  p.free.push(slot);
}

/** Appends a fix; in a burst of fixes closer than the spacing, only the newest is kept. */
export function pushTrail(p: TrailPool, slot: number, lng: number, lat: number, at: number): void {
  const base = slot * TRAIL_CAPACITY * STRIDE;
  let len = p.len[slot];
  const head = p.head[slot];
  if (len > 0) {
    const last = base + ((head + len - 1) % TRAIL_CAPACITY) * STRIDE;
    if (at <= p.data[last + 2]) return; // out of order: the ring is kept in time order
    // Keep points at least the spacing apart, except the newest, which always moves to the latest fix.
    if (len > 1 && at - p.data[base + ((head + len - 2) % TRAIL_CAPACITY) * STRIDE + 2] < TRAIL_MIN_SPACING_MS) len--;
  }
  if (len === TRAIL_CAPACITY) {
    p.head[slot] = (head + 1) % TRAIL_CAPACITY;
    len--;
  }
  const at3 = base + ((p.head[slot] + len) % TRAIL_CAPACITY) * STRIDE;
  p.data[at3] = lng;
  p.data[at3 + 1] = lat;
  p.data[at3 + 2] = at;
  p.len[slot] = len + 1;
}

/**
 * Copies the points not older than `sinceMs` into out as lng, lat pairs, oldest first; returns the
 * number of points written (bounded by out's room).
 */
export function readTrail(p: TrailPool, slot: number, sinceMs: number, out: Float64Array): number {
  const base = slot * TRAIL_CAPACITY * STRIDE;
  const head = p.head[slot];
  const len = p.len[slot];
  const room = out.length >> 1;
  let n = 0;
  for (let k = 0; k < len && n < room; k++) {
    const o = base + ((head + k) % TRAIL_CAPACITY) * STRIDE;
    if (p.data[o + 2] < sinceMs) continue;
    out[2 * n] = p.data[o];
    out[2 * n + 1] = p.data[o + 1];
    n++;
  }
  return n;
}
