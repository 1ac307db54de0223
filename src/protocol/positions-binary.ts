import { z } from 'zod';
import { CAMERA_STATUSES } from './camera.schema.ts';
import { idSchema, scopeSchema } from './common.schema.ts';
import { incidentSchema } from './incident.schema.ts';
import { STAFF_STATUSES, type FrameRow, type StaffState } from './positions.schema.ts';
import type { Snapshot } from './live.schema.ts';

// Binary forms of the two big /live messages, for subscribers that say `binary: true`. Positions are
// most of the relay's bytes (a city sends 50,000 a second) and the district snapshot is megabytes of
// JSON, so both travel as typed arrays in a Socket.IO binary attachment, with ids as one
// comma-joined string (ids never contain commas: see idSchema). Browser-safe: no Buffer.
//
// Positions frame columns, in this order (widest first, so every column stays aligned):
//   Int32 lng·1e6 [n] | Int32 lat·1e6 [n] | Int32 at − t (ms) [n] | Uint16 heading·100, 65535 = none [n] | Uint8 status code [n]
// 15 bytes a row plus its id: under half a JSON row, under a quarter of the center's own JSON.

export const NO_HEADING = 0xffff;
const FRAME_ROW_BYTES = 15;

/** Node hands binary attachments over as Buffers (Uint8Array), browsers as ArrayBuffers. */
export const bytesSchema = z.custom<Uint8Array | ArrayBuffer>(
  (v) => v instanceof Uint8Array || v instanceof ArrayBuffer,
  'binary attachment',
);
const toBytes = (b: Uint8Array | ArrayBuffer) => (b instanceof Uint8Array ? b : new Uint8Array(b));

/** /live `positions` for binary subscribers: one street's movers since its last frame. */
export const binaryFrameSchema = z.object({
  stream: idSchema,
  t: z.number(),
  /** staff ids, comma-joined, in row order */
  ids: z.string(),
  cols: bytesSchema,
});
export type BinaryFrame = z.infer<typeof binaryFrameSchema>;

const i32 = (x: number) => Math.max(-0x80000000, Math.min(0x7fffffff, Math.round(x)));
const heading100 = (h: number) => (h < 0 || !Number.isFinite(h) ? NO_HEADING : Math.min(36000, Math.round(h * 100)));

/** Rows as the coalescer gives them ([id, lng, lat, at, code, heading | -1]) to one binary frame. */
export function encodeFrame(stream: string, t: number, rows: readonly FrameRow[]): BinaryFrame {
  const n = rows.length;
  const buf = new ArrayBuffer(n * FRAME_ROW_BYTES);
  const lng = new Int32Array(buf, 0, n);
  const lat = new Int32Array(buf, n * 4, n);
  const dt = new Int32Array(buf, n * 8, n);
  const hd = new Uint16Array(buf, n * 12, n);
  const code = new Uint8Array(buf, n * 14, n);
  const ids: string[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const r = rows[k]!;
    ids[k] = r[0];
    lng[k] = i32(r[1] * 1e6);
    lat[k] = i32(r[2] * 1e6);
    dt[k] = i32(r[3] - t);
    code[k] = r[4];
    hd[k] = heading100(r[5]);
  }
  return { stream, t, ids: ids.join(','), cols: new Uint8Array(buf) };
}

/** Columns of a decoded frame (views, no per-row objects): what the wall applies in place. */
export interface FrameColumns {
  n: number;
  ids: string[];
  lng: Float64Array;
  lat: Float64Array;
  at: Float64Array;
  /** degrees, −1 = unknown */
  heading: Float64Array;
  code: Uint8Array;
}

/** Copies when a transport hands over an unaligned view (Node Buffers from a pool). */
function aligned(bytes: Uint8Array, align: number): Uint8Array {
  if (bytes.byteOffset % align === 0) return bytes;
  const copy = new Uint8Array(bytes.byteLength); // (a Node Buffer's slice() is a view, not a copy)
  copy.set(bytes);
  return copy;
}

/** Null when the frame is malformed (lengths disagree). */
export function decodeFrame(
  f: { t: number; ids: string; cols: Uint8Array | ArrayBuffer },
  out?: FrameColumns,
): FrameColumns | null {
  const ids = f.ids.length ? f.ids.split(',') : [];
  const n = ids.length;
  const w = frameWire(f, n);
  if (!w) return null;
  const c = out && out.lng.length >= n ? out : allocColumns(n);
  for (let k = 0; k < n; k++) {
    c.lng[k] = wireLng(w, k);
    c.lat[k] = wireLat(w, k);
    c.at[k] = wireAt(w, k);
    c.heading[k] = wireHeading(w, k);
    c.code[k] = w.code[k]!;
  }
  c.n = n;
  c.ids = ids;
  return c;
}

/** A frame's columns as they travel (views on its bytes): the wall reads them in place, row by row. */
export interface FrameWire {
  n: number;
  t: number;
  lng: Int32Array;
  lat: Int32Array;
  dt: Int32Array;
  hd: Uint16Array;
  code: Uint8Array;
}

/** Views on a frame of n rows (copied only when unaligned); null when its bytes are not n rows. */
export function frameWire(f: { t: number; cols: Uint8Array | ArrayBuffer }, n: number): FrameWire | null {
  const bytes = aligned(toBytes(f.cols), 4);
  if (bytes.byteLength !== n * FRAME_ROW_BYTES) return null;
  const { buffer, byteOffset: o } = bytes;
  return {
    n,
    t: f.t,
    lng: new Int32Array(buffer, o, n),
    lat: new Int32Array(buffer, o + n * 4, n),
    dt: new Int32Array(buffer, o + n * 8, n),
    hd: new Uint16Array(buffer, o + n * 12, n),
    code: new Uint8Array(buffer, o + n * 14, n),
  };
}

// Row k's values in degrees, epoch ms and degrees (−1: no heading): the one decoding of the wire.
export const wireLng = (w: FrameWire, k: number) => w.lng[k]! / 1e6;
export const wireLat = (w: FrameWire, k: number) => w.lat[k]! / 1e6;
export const wireAt = (w: FrameWire, k: number) => w.t + w.dt[k]!;
export const wireHeading = (w: FrameWire, k: number) => (w.hd[k] === NO_HEADING ? -1 : w.hd[k]! / 100);

export function allocColumns(n: number): FrameColumns {
  return {
    n: 0,
    ids: [],
    lng: new Float64Array(n),
    lat: new Float64Array(n),
    at: new Float64Array(n),
    heading: new Float64Array(n),
    code: new Uint8Array(n),
  };
}

/** A decoded frame back as rows (tests, benches and clients that want the JSON shape). */
export function frameRows(c: FrameColumns): FrameRow[] {
  const rows: FrameRow[] = [];
  for (let k = 0; k < c.n; k++) rows.push([c.ids[k]!, c.lng[k]!, c.lat[k]!, c.at[k]!, c.code[k]!, c.heading[k]!]);
  return rows;
}

// ---- packed snapshot ---------------------------------------------------------------------------
// Staff columns: Float64 lng, lat, at [n] | Uint16 street index, heading·100 [n] | Uint8 status [n].
// Camera columns: Float64 at [n] | Uint16 street index [n] | Uint8 status [n].
// Trails only for people on an incident (responding, on scene): the wall draws no other trail, and
// 20 points for everyone were two thirds of the district snapshot.

const TRAILED = new Set<number>([STAFF_STATUSES.indexOf('responding'), STAFF_STATUSES.indexOf('on-scene')]);

export const packedSnapshotSchema = z.object({
  scope: scopeSchema,
  t: z.number(),
  streams: z.record(idSchema, z.number().int().min(0)),
  incidents: z.array(incidentSchema),
  packed: z.object({
    streets: z.array(idSchema),
    staffIds: z.string(),
    staff: bytesSchema,
    /** [row, incidentId] for people with an incident */
    staffIncidents: z.array(z.tuple([z.number().int().min(0), idSchema])),
    /** [row, lng, lat, at, lng, lat, at, …] oldest first */
    trails: z.array(z.array(z.number())),
    cameraIds: z.string(),
    cameras: bytesSchema,
  }),
});
export type PackedSnapshot = z.infer<typeof packedSnapshotSchema>;

function streetIndex(streets: string[], index: Map<string, number>, id: string): number {
  let i = index.get(id);
  if (i === undefined) {
    i = streets.length;
    streets.push(id);
    index.set(id, i);
  }
  return i;
}

export function packSnapshot(s: Snapshot): PackedSnapshot {
  const streets: string[] = [];
  const index = new Map<string, number>();
  const n = s.staff.length;
  const sb = new ArrayBuffer(n * 29);
  const [lng, lat, at] = [0, 1, 2].map((k) => new Float64Array(sb, k * n * 8, n)) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const street = new Uint16Array(sb, n * 24, n);
  const hd = new Uint16Array(sb, n * 26, n);
  const code = new Uint8Array(sb, n * 28, n);
  const staffIncidents: [number, string][] = [];
  const trails: number[][] = [];
  s.staff.forEach((p, k) => {
    lng[k] = p.lng;
    lat[k] = p.lat;
    at[k] = p.at;
    street[k] = streetIndex(streets, index, p.streetId);
    hd[k] = p.heading === null ? NO_HEADING : heading100(p.heading);
    code[k] = Math.max(0, STAFF_STATUSES.indexOf(p.status));
    if (p.incidentId) staffIncidents.push([k, p.incidentId]);
    if (TRAILED.has(code[k]!) && p.trail.length) trails.push([k, ...p.trail.flat()]);
  });
  const m = s.cameras.length;
  const cb = new ArrayBuffer(m * 11);
  const cAt = new Float64Array(cb, 0, m);
  const cStreet = new Uint16Array(cb, m * 8, m);
  const cStatus = new Uint8Array(cb, m * 10, m);
  s.cameras.forEach((c, k) => {
    cAt[k] = c.at;
    cStreet[k] = streetIndex(streets, index, c.streetId);
    cStatus[k] = Math.max(0, CAMERA_STATUSES.indexOf(c.status));
  });
  return {
    scope: s.scope,
    t: s.t,
    streams: s.streams,
    incidents: s.incidents,
    packed: {
      streets,
      staffIds: s.staff.map((p) => p.staffId).join(','),
      staff: new Uint8Array(sb),
      staffIncidents,
      trails,
      cameraIds: s.cameras.map((c) => c.cameraId).join(','),
      cameras: new Uint8Array(cb),
    },
  };
}

/** Back to the JSON snapshot's shape; null when the columns disagree with the ids. */
export function unpackSnapshot(p: PackedSnapshot): Snapshot | null {
  const { packed: k } = p;
  const ids = k.staffIds.length ? k.staffIds.split(',') : [];
  const n = ids.length;
  const sbytes = aligned(toBytes(k.staff), 8);
  const cids = k.cameraIds.length ? k.cameraIds.split(',') : [];
  const m = cids.length;
  const cbytes = aligned(toBytes(k.cameras), 8);
  if (sbytes.byteLength !== n * 29 || cbytes.byteLength !== m * 11) return null;
  const o = sbytes.byteOffset;
  const lng = new Float64Array(sbytes.buffer, o, n);
  const lat = new Float64Array(sbytes.buffer, o + n * 8, n);
  const at = new Float64Array(sbytes.buffer, o + n * 16, n);
  const street = new Uint16Array(sbytes.buffer, o + n * 24, n);
  const hd = new Uint16Array(sbytes.buffer, o + n * 26, n);
  const code = new Uint8Array(sbytes.buffer, o + n * 28, n);
  const incidentOf = new Map(k.staffIncidents);
  const trailOf = new Map(k.trails.map((t) => [t[0]!, t.slice(1)]));
  const staff: StaffState[] = ids.map((staffId, i) => {
    const flat = trailOf.get(i) ?? [];
    const trail: [number, number, number][] = [];
    for (let j = 0; j + 2 < flat.length; j += 3) trail.push([flat[j]!, flat[j + 1]!, flat[j + 2]!]);
    return {
      staffId,
      streetId: k.streets[street[i]!] ?? '',
      lng: lng[i]!,
      lat: lat[i]!,
      at: at[i]!,
      status: STAFF_STATUSES[code[i]!] ?? 'on-duty',
      heading: hd[i] === NO_HEADING ? null : hd[i]! / 100,
      incidentId: incidentOf.get(i) ?? null,
      trail,
    };
  });
  const co = cbytes.byteOffset;
  const cAt = new Float64Array(cbytes.buffer, co, m);
  const cStreet = new Uint16Array(cbytes.buffer, co + m * 8, m);
  const cStatus = new Uint8Array(cbytes.buffer, co + m * 10, m);
  const cameras = cids.map((cameraId, i) => ({
    cameraId,
    status: CAMERA_STATUSES[cStatus[i]!] ?? 'online',
    at: cAt[i]!,
    streetId: k.streets[cStreet[i]!] ?? '',
  }));
  return { scope: p.scope, t: p.t, streams: p.streams, incidents: p.incidents, staff, cameras };
}
