import { z } from 'zod';
import { EPOCH_MS_MAX, EPOCH_MS_MIN, epochMsSchema, ID_PATTERN } from './common.schema.ts';
import { bytesSchema, encodeFrame, frameWire, NO_HEADING, wireAt, wireLat, wireLng } from './positions-binary.ts';
import {
  MAX_POSITIONS_PER_BATCH,
  STAFF_STATUSES,
  statusCode,
  type Position,
  type PositionsMessage,
} from './positions.schema.ts';

// /ingest `positions:bin`: a center's positions batch in the columns of the walls' binary frames
// (positions-binary.ts), for centers that send many people. At city load (50,000 positions a second)
// JSON-parsing and zod-validating every row object was about a tenth of a relay node's CPU, and the
// generator's own JSON encoding a share of its loop. The batch is { t, ids, cols, incidents? }:
// `ids` the staff ids comma-joined, `cols` the frame's columns (lng and lat in 10⁻⁶ degrees, at as
// ms from t, heading in 0.01°, status code), `incidents` the incident ids comma-joined in row order
// ('' for none; the whole field may be left out when nobody has one). It decodes to the same
// PositionsMessage the JSON `positions` event carries, checked row by row to the JSON schema's
// bounds; a batch that breaks one is refused whole, the reason naming the row. JSON `positions`
// stays accepted (real centers).

const MAX_IDS_CHARS = MAX_POSITIONS_PER_BATCH * 65;
const MAX_HEADING = 36_000; // 360° in the frame's 0.01° steps

export const binaryPositionsMessageSchema = z.object({
  t: epochMsSchema,
  ids: z.string().min(1).max(MAX_IDS_CHARS),
  cols: bytesSchema,
  incidents: z.string().max(MAX_IDS_CHARS).optional(),
});
export type BinaryPositionsMessage = z.input<typeof binaryPositionsMessageSchema>;

/** The batch as the relay's handlers take it: decoded to a PositionsMessage, or refused with why. */
export const binaryPositionsSchema = binaryPositionsMessageSchema.transform((m, ctx): PositionsMessage => {
  const r = decodePositionsBatch(m);
  if ('positions' in r) return r;
  ctx.addIssue({ code: 'custom', message: r.message, path: r.path });
  return z.NEVER;
});

/** One batch of up to MAX_POSITIONS_PER_BATCH positions (the caller splits larger sets). */
export function encodePositionsBatch(positions: readonly Position[]): BinaryPositionsMessage {
  const t = positions[0]?.at ?? 0;
  const f = encodeFrame(
    '-',
    t,
    positions.map((p) => [p.staffId, p.lng, p.lat, p.at, statusCode(p.status), p.heading ?? -1]),
  );
  const msg: BinaryPositionsMessage = { t, ids: f.ids, cols: f.cols };
  if (positions.some((p) => p.incidentId)) msg.incidents = positions.map((p) => p.incidentId ?? '').join(',');
  return msg;
}

interface Refusal {
  message: string;
  path: (string | number)[];
}

/** Decodes and checks a batch whose fields passed binaryPositionsMessageSchema. */
export function decodePositionsBatch(m: z.output<typeof binaryPositionsMessageSchema>): PositionsMessage | Refusal {
  const ids = m.ids.split(',');
  const n = ids.length;
  if (n > MAX_POSITIONS_PER_BATCH) return { message: `at most ${MAX_POSITIONS_PER_BATCH} rows`, path: ['ids'] };
  const w = frameWire(m, n);
  if (!w) return { message: `cols: not ${n} rows of the frame's 15 bytes`, path: ['cols'] };
  const incidents = m.incidents === undefined ? null : m.incidents.split(',');
  if (incidents && incidents.length !== n) return { message: `incidents: ${n} entries expected`, path: ['incidents'] };
  const positions: Position[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const staffId = ids[k]!;
    if (!ID_PATTERN.test(staffId)) return { message: `row ${k}: bad staff id`, path: ['ids', k] };
    const lng = wireLng(w, k);
    const lat = wireLat(w, k);
    if (lng < -180 || lng > 180 || lat < -90 || lat > 90)
      return { message: `row ${k}: lng/lat out of range`, path: ['cols', k] };
    const at = wireAt(w, k);
    if (at < EPOCH_MS_MIN || at > EPOCH_MS_MAX) return { message: `row ${k}: at out of range`, path: ['cols', k] };
    const code = w.code[k]!;
    const status = STAFF_STATUSES[code];
    if (status === undefined) return { message: `row ${k}: unknown status code ${code}`, path: ['cols', k] };
    const hd = w.hd[k]!;
    if (hd !== NO_HEADING && hd > MAX_HEADING) return { message: `row ${k}: heading over 360°`, path: ['cols', k] };
    const inc = incidents?.[k] || null;
    if (inc !== null && !ID_PATTERN.test(inc)) return { message: `row ${k}: bad incident id`, path: ['incidents', k] };
    positions[k] = { staffId, lng, lat, at, status, heading: hd === NO_HEADING ? null : hd / 100, incidentId: inc };
  }
  return { positions };
}
