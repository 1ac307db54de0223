import { fail, type Ack, type AckFail, type StoredAck } from '../../src/protocol/ack.ts';
import type { IncidentAction, IncidentReport } from '../../src/protocol/incident.schema.ts';
import type { StreamEvent } from '../../src/protocol/live.schema.ts';
import type { DistrictStore } from '../http/district-store.ts';
import type { Storage } from '../storage/storage.ts';
import type { StreamLog } from './stream-log.ts';

// Checks on what a message claims about the world, beyond its schema: where (inside the district),
// when (near the relay's clock) and, for a retried event id, that it is the same event.

/** How far outside the district's bounding box a point may lie: staff cross the border on duty
 * (a hospital, a neighbouring police post), a GPS fix wanders; [0, 0] or another city does not. */
export const AREA_MARGIN_KM = 5;

/**
 * The accepted window around the relay's clock for `reportedAt` and a step's `at`. A center that was
 * offline drains its backlog with the original times, so the past reaches back a day; a center
 * clock a few minutes fast is clamped to now; anything further ahead is a broken clock. Outside the
 * window the message is refused with `clock`, because a report dated years back is overdue at once
 * and skews every figure built on it.
 */
export const CLOCK_PAST_MS = 24 * 3600_000;
export const CLOCK_FUTURE_MS = 5 * 60_000;

export interface DistrictArea {
  /** west, south, east, north, margin included */
  bounds: [number, number, number, number];
  contains(lng: number, lat: number): boolean;
}

type Ring = [number, number][];
function extend(b: [number, number, number, number], rings: Ring[] | undefined) {
  for (const ring of rings ?? []) {
    for (const [x, y] of ring) {
      b[0] = Math.min(b[0], x);
      b[1] = Math.min(b[1], y);
      b[2] = Math.max(b[2], x);
      b[3] = Math.max(b[3], y);
    }
  }
}

/**
 * The district's box plus the margin: from the summary's bbox, else the district polygon, else the
 * streets' polygons. Null when the data has no geometry at all (relay-only tests): no check then,
 * as the street and scope checks still bound who may publish what.
 */
export function districtArea(d: Partial<DistrictStore> | undefined, marginKm = AREA_MARGIN_KM): DistrictArea | null {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  const bbox = d?.summary?.bbox;
  if (bbox)
    extend(b, [
      [
        [bbox[0], bbox[1]],
        [bbox[2], bbox[3]],
      ],
    ]);
  else if (d?.hierarchy?.district?.polygon) extend(b, d.hierarchy.district.polygon as Ring[]);
  else for (const s of d?.streetById?.values() ?? []) extend(b, (s as { polygon?: Ring[] }).polygon);
  if (!(b[0] <= b[2] && b[1] <= b[3])) return null;
  const dLat = marginKm / 111.32;
  const dLng = marginKm / (111.32 * Math.max(0.1, Math.cos((((b[1] + b[3]) / 2) * Math.PI) / 180)));
  const bounds: [number, number, number, number] = [b[0] - dLng, b[1] - dLat, b[2] + dLng, b[3] + dLat];
  return {
    bounds,
    contains: (lng, lat) => lng >= bounds[0] && lng <= bounds[2] && lat >= bounds[1] && lat <= bounds[3],
  };
}

export function outOfArea(area: DistrictArea | null, what: string, lng: number, lat: number): AckFail | null {
  if (!area || area.contains(lng, lat)) return null;
  const [w, s, e, n] = area.bounds.map((v) => v.toFixed(3));
  return fail(
    'out-of-area',
    `${what} [${lng}, ${lat}] is outside the district (${w}..${e} E, ${s}..${n} N, ${AREA_MARGIN_KM} km margin included)`,
  );
}

/** Null when `at` is inside the window around `now`; a `clock` refusal that says by how much otherwise. */
export function offClock(what: string, at: number | undefined, now: number): AckFail | null {
  if (at === undefined) return null;
  const d = at - now;
  if (d >= -CLOCK_PAST_MS && d <= CLOCK_FUTURE_MS) return null;
  const h = Math.abs(d) / 3600_000;
  const by =
    h >= 48 ? `${Math.round(h / 24)} days` : h >= 1 ? `${h.toFixed(1)} h` : `${Math.round(Math.abs(d) / 60_000)} min`;
  return fail(
    'clock',
    `${what} is ${by} ${d < 0 ? 'before' : 'after'} the relay's clock; accepted: 24 h before to 5 min after`,
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Does a stored event say what this report says? (reportedAt was clamped to the first receipt.) */
export function reportMatches(rep: IncidentReport, ev: StreamEvent): boolean {
  if (ev.kind !== 'incident' || ev.type !== 'report' || ev.incidentId !== rep.id) return false;
  const i = ev.incident;
  if (rep.reportedAt !== undefined && rep.reportedAt < ev.at) return false;
  return (
    i.streetId === rep.streetId &&
    i.gridId === rep.gridId &&
    i.category === rep.category &&
    i.title === rep.title &&
    i.description === rep.description &&
    same(i.position, rep.position) &&
    i.source === rep.source &&
    i.priority === rep.priority
  );
}

/** Does a stored event record this step on this incident, with the same payload? */
export function stepMatches(incidentId: string, step: IncidentAction, ev: StreamEvent): boolean {
  if (ev.kind !== 'incident' || ev.type !== step.action || ev.incidentId !== incidentId) return false;
  const i = ev.incident;
  const entry = [...i.history].reverse().find((h) => h.type === step.action && h.at === ev.at);
  if (entry && (entry.note ?? '') !== (step.note ?? '')) return false;
  if ('staffIds' in step && step.staffIds && !step.staffIds.every((id) => i.assignees.includes(id))) return false;
  if (step.action === 'rate' && i.rating !== step.rating) return false;
  if (step.action === 'close' && i.resolution !== step.resolution) return false;
  if (step.action === 'escalate' && i.escalation?.level !== step.level) return false;
  return true;
}

/** Does a stored camera event carry exactly these statuses? (times were clamped to the receipt.) */
export function camerasMatch(cameras: { cameraId: string; status: string; at: number }[], ev: StreamEvent): boolean {
  if (ev.kind !== 'camera' || ev.cameras.length !== cameras.length) return false;
  return cameras.every((c, n) => {
    const s = ev.cameras[n]!;
    return s.cameraId === c.cameraId && s.status === c.status && s.at <= c.at;
  });
}

/**
 * A retried event id is answered `duplicate` only when it is the same event: the stored event (from
 * the in-memory log, else storage) must match. Different content under a used id is a `conflict`,
 * never a silent drop. Costs a read only on duplicates.
 */
export async function sameOrConflict(
  ctx: { log: StreamLog; storage: Storage },
  pending: Promise<Ack<StoredAck>> | Ack<StoredAck>,
  matches: (ev: StreamEvent) => boolean,
): Promise<Ack<StoredAck>> {
  const a = await pending;
  if (!a.ok || !a.duplicate) return a;
  const ev =
    ctx.log.range(a.stream, a.seq - 1, a.seq)?.[0]?.event ??
    (await ctx.storage.readStream(a.stream, a.seq - 1, 1))[0]?.event;
  if (!ev || matches(ev)) return a;
  return fail(
    'conflict',
    `event id already used for a different event (stored as ${a.stream} #${a.seq}); use a new id for new content`,
  );
}
