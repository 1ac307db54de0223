// GET /api/replay (issue 13): a replay window as one binary body. A day of a district's thinned
// positions is a few hundred thousand points: as columns of typed arrays it is a few MB before
// gzip instead of tens of MB of JSON, and the wall reads it without parsing a single object.
//
// Layout: "GWR1", u32 header length, header JSON (UTF-8), zero padding to 4 bytes, then the
// columns: offsetMs i32[n], lng i32[n] (1e-6°), lat i32[n], incident i32[n] (index, -1 none),
// staff u16[n] (index into header.staff), status u8[n]. Points are grouped by person, oldest first.
import type { Incident } from './incident.schema.ts';

export interface ReplayHeader {
  version: 1;
  scope: string;
  from: number;
  to: number;
  /** the time offsets count from here (epoch ms) */
  t0: number;
  count: number;
  staff: string[];
  incidentIds: string[];
  /** every incident open at some time in the window, as its final record (history included) */
  incidents: Incident[];
  /** [cameraId, t, status]: each camera's status when the window opens, then its changes */
  cameras: [string, number, string][];
  /** the oldest kept point of this scope (null: no history yet); sent with the window overview */
  earliest?: number | null;
}

export interface ReplayPoints {
  staff: Uint16Array;
  offsetMs: Int32Array;
  lng: Int32Array;
  lat: Int32Array;
  status: Uint8Array;
  incident: Int32Array;
}

export interface ReplayChunk {
  header: ReplayHeader;
  points: ReplayPoints;
}

const MAGIC = 0x31525747; // "GWR1" little-endian

export interface PointIn {
  staffId: string;
  t: number;
  lng: number;
  lat: number;
  status: number;
  incidentId: string | null;
}

export function encodeReplay(
  head: Omit<ReplayHeader, 'count' | 'staff' | 'incidentIds' | 't0' | 'version'>,
  pts: readonly PointIn[],
): Uint8Array {
  const staff: string[] = [];
  const staffIx = new Map<string, number>();
  const incidentIds: string[] = [];
  const incIx = new Map<string, number>();
  const n = pts.length;
  const cols = {
    offsetMs: new Int32Array(n),
    lng: new Int32Array(n),
    lat: new Int32Array(n),
    incident: new Int32Array(n),
    staff: new Uint16Array(n),
    status: new Uint8Array(n),
  };
  const t0 = head.from;
  pts.forEach((p, i) => {
    let s = staffIx.get(p.staffId);
    if (s === undefined) staffIx.set(p.staffId, (s = staff.push(p.staffId) - 1));
    let k = -1;
    if (p.incidentId) {
      k = incIx.get(p.incidentId) ?? -1;
      if (k < 0) incIx.set(p.incidentId, (k = incidentIds.push(p.incidentId) - 1));
    }
    cols.offsetMs[i] = Math.round(p.t - t0);
    cols.lng[i] = Math.round(p.lng * 1e6);
    cols.lat[i] = Math.round(p.lat * 1e6);
    cols.incident[i] = k;
    cols.staff[i] = s;
    cols.status[i] = p.status;
  });
  if (staff.length > 65_535) throw new Error('replay: more than 65,535 people in one window');
  const header: ReplayHeader = { version: 1, ...head, t0, count: n, staff, incidentIds };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headLen = 8 + json.length + ((4 - (json.length % 4)) % 4);
  const out = new Uint8Array(headLen + n * (4 * 4 + 2 + 1));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, json.length, true);
  out.set(json, 8);
  let at = headLen;
  for (const c of [cols.offsetMs, cols.lng, cols.lat, cols.incident, cols.staff, cols.status]) {
    out.set(new Uint8Array(c.buffer, c.byteOffset, c.byteLength), at);
    at += c.byteLength;
  }
  return out;
}

/** Reads a body; throws saying what is wrong with a body that is not a replay chunk. */
export function decodeReplay(buf: ArrayBuffer | Uint8Array): ReplayChunk {
  const bytes = buf instanceof Uint8Array ? buf : new Uint8Array(buf);
  if (bytes.byteLength < 8) throw new Error('replay: body too short');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== MAGIC) throw new Error('replay: not a replay chunk (bad magic)');
  const jsonLen = dv.getUint32(4, true);
  if (8 + jsonLen > bytes.byteLength) throw new Error('replay: header runs past the body');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + jsonLen))) as ReplayHeader;
  if (header.version !== 1) throw new Error(`replay: unknown version ${String(header.version)}`);
  const n = header.count;
  let at = 8 + jsonLen + ((4 - (jsonLen % 4)) % 4);
  if (bytes.byteLength - at !== n * 19)
    throw new Error(`replay: ${n} points need ${n * 19} bytes, body has ${bytes.byteLength - at}`);
  // copy into a fresh, aligned buffer: the body's own offset is not always a multiple of 4
  const body = bytes.slice(at).buffer;
  at = 0;
  const take = <T>(make: (b: ArrayBuffer, o: number, len: number) => T, size: number): T => {
    const v = make(body, at, n);
    at += n * size;
    return v;
  };
  const points: ReplayPoints = {
    offsetMs: take((b, o, l) => new Int32Array(b, o, l), 4),
    lng: take((b, o, l) => new Int32Array(b, o, l), 4),
    lat: take((b, o, l) => new Int32Array(b, o, l), 4),
    incident: take((b, o, l) => new Int32Array(b, o, l), 4),
    staff: take((b, o, l) => new Uint16Array(b, o, l), 2),
    status: take((b, o, l) => new Uint8Array(b, o, l), 1),
  };
  return { header, points };
}
