// The relay's /live messages applied to the wall's live state (live-store.ts): the snapshot, the
// numbered deltas of each street's stream, and the positions frames. Every payload is checked
// against the protocol's zod schemas (positions rows by hand, for speed); a bad or surprising one
// is dropped and counted, and nothing ever throws out of here.
import { applyCameraStatuses } from './models/cameras.model.ts';
import { applyIncidentEvent, applyIncidentSnapshot } from './models/incidents.model.ts';
import { applyPositionFrame, applyStaffSnapshot } from './models/staff-apply.model.ts';
import { setStaffIncident } from './models/staff.model.ts';
import { cameraStatusSchema } from '../protocol/camera.schema.ts';
import { isOpen } from '../domain/incident-lifecycle.ts';
import { incidentSchema, type Incident } from '../protocol/incident.schema.ts';
import { deltaSchema } from '../protocol/live.schema.ts';
import { idSchema, scopeSchema } from '../protocol/common.schema.ts';
import { z } from 'zod';
import type { StaffState } from '../protocol/positions.schema.ts';
import { checkStaffState } from './fast-checks.ts';
import { applyBinaryFrame, isBinaryFrame, unpackIfPacked } from './binary-frames.ts';
import {
  drop,
  guarded,
  noteRelayTime,
  requestResync,
  setConnection,
  touchStreet,
  type LiveStore,
} from './live-store.ts';

const snapshotEnvelope = z.object({
  scope: scopeSchema,
  t: z.number(),
  streams: z.record(idSchema, z.number().int().min(0)),
  incidents: z.array(z.unknown()),
  staff: z.array(z.unknown()),
  cameras: z.array(z.unknown()),
});
const snapshotCameraSchema = cameraStatusSchema.extend({ streetId: idSchema });

/**
 * `snapshot`: replaces the state of its streams and sets their numbers. The envelope must be valid
 * or the whole snapshot is dropped (and a resync asked); single bad items are dropped and counted.
 */
export function handleSnapshot(s: LiveStore, raw: unknown, nowMs: number): boolean {
  return guarded(s, 'snapshot', false, () => {
    const env = snapshotEnvelope.safeParse(unpackIfPacked(raw));
    if (!env.success) {
      drop(s, 'malformed', `snapshot: ${env.error.issues[0]?.message ?? 'invalid'}`);
      requestResync(s);
      return false;
    }
    const snap = env.data;
    const streams = Object.keys(snap.streams);
    const incidents: Incident[] = [];
    for (const item of snap.incidents) {
      const r = incidentSchema.safeParse(item);
      if (r.success) incidents.push(r.data);
      else drop(s, 'malformed', 'snapshot incident');
    }
    const staff: StaffState[] = [];
    for (const item of snap.staff) {
      const r = checkStaffState(item);
      if (r) staff.push(r);
      else drop(s, 'malformed', 'snapshot staff');
    }
    const cams = [];
    for (const item of snap.cameras) {
      const r = snapshotCameraSchema.safeParse(item);
      if (r.success) cams.push(r.data);
      else drop(s, 'malformed', 'snapshot camera');
    }
    noteRelayTime(s, snap.t, nowMs);
    s.tracker.reset(snap);
    applyIncidentSnapshot(s.incidents, incidents, streams);
    applyStaffSnapshot(s.staff, staff, nowMs);
    for (const inc of incidents) linkAssignees(s, inc);
    const before = s.cameras.rejected;
    applyCameraStatuses(s.cameras, cams);
    if (s.cameras.rejected > before)
      drop(s, 'surprising', 'snapshot camera not in the roster', s.cameras.rejected - before);
    for (const st of streams) {
      touchStreet(s, st, nowMs);
      s.streams.add(st);
    }
    s.counts.snapshots++;
    s.resyncPending = false;
    if (s.connected && s.subscribed) setConnection(s, 'live');
    s.signals.markDirty('incidents');
    s.signals.markDirty('staff');
    s.signals.markDirty('cameras');
    s.signals.markDirty('streets');
    return true;
  });
}

/** Staff dispatched to an open incident head for it; closing it frees them of it. */
function linkAssignees(s: LiveStore, inc: Incident): void {
  const target = isOpen(inc) ? inc.id : null;
  for (const id of inc.assignees) {
    const i = s.staff.indexById.get(id);
    if (i === undefined) continue;
    const cur = s.staff.incident[i];
    if (target !== null || cur === inc.id) setStaffIncident(s.staff, id, target);
  }
}

export type DeltaOutcome = 'applied' | 'duplicate' | 'gap' | 'malformed' | 'surprising';

/** `delta`: one numbered event of one stream. */
export function handleDelta(s: LiveStore, raw: unknown, nowMs: number): DeltaOutcome {
  return guarded<DeltaOutcome>(s, 'delta', 'malformed', () => {
    const r = deltaSchema.safeParse(raw);
    if (!r.success) {
      drop(
        s,
        'malformed',
        `delta: ${r.error.issues[0]?.path.join('.') ?? ''} ${r.error.issues[0]?.message ?? 'invalid'}`,
      );
      // Its number is still used. When the envelope is readable and it is the next one, step over
      // it: a replay would bring the same unreadable event back forever, and each incident delta
      // carries the whole record, so the next event of that incident repairs the state anyway.
      const env = raw as { stream?: unknown; seq?: unknown } | null;
      if (
        env &&
        typeof env.stream === 'string' &&
        Number.isInteger(env.seq) &&
        env.seq === s.tracker.lastSeq(env.stream) + 1
      ) {
        s.tracker.accept({ stream: env.stream, seq: env.seq as number });
        touchStreet(s, env.stream, nowMs);
      }
      return 'malformed';
    }
    const d = r.data;
    if (d.event.kind === 'incident' && d.event.incident.streetId !== d.stream) {
      // Accept its number (it was sent in order) but not its content.
      if (s.tracker.accept(d) === 'apply') touchStreet(s, d.stream, nowMs);
      drop(s, 'surprising', `delta ${d.stream}#${d.seq}: incident of ${d.event.incident.streetId}`);
      return 'surprising';
    }
    const verdict = s.tracker.accept(d);
    if (verdict === 'duplicate') {
      drop(s, 'duplicate', `${d.stream}#${d.seq}`);
      return 'duplicate';
    }
    if (verdict === 'gap') {
      drop(s, 'gap', `${d.stream}#${d.seq} after #${s.tracker.lastSeq(d.stream)}`);
      requestResync(s);
      return 'gap';
    }
    touchStreet(s, d.stream, nowMs);
    s.counts.deltas++;
    if (d.event.kind === 'incident') {
      applyIncidentEvent(s.incidents, d.event, nowMs);
      linkAssignees(s, d.event.incident);
      s.signals.markDirty('incidents');
      s.signals.markDirty('staff');
    } else {
      const before = s.cameras.rejected;
      applyCameraStatuses(s.cameras, d.event.cameras);
      if (s.cameras.rejected > before)
        drop(s, 'surprising', `camera status for a camera not in the roster`, s.cameras.rejected - before);
      s.signals.markDirty('cameras');
    }
    return 'applied';
  });
}

/** `positions`: a compact frame of one street, latest-value (not numbered). */
export function handlePositions(s: LiveStore, raw: unknown, nowMs: number): number {
  return guarded(s, 'positions', 0, () => {
    const f = raw as { stream?: unknown; t?: unknown; rows?: unknown };
    const binary = isBinaryFrame(raw);
    if (
      !f ||
      typeof f !== 'object' ||
      typeof f.stream !== 'string' ||
      !idSchema.safeParse(f.stream).success ||
      typeof f.t !== 'number' ||
      !(binary || Array.isArray(f.rows))
    ) {
      drop(s, 'malformed', 'positions frame envelope');
      return 0;
    }
    noteRelayTime(s, f.t, nowMs);
    touchStreet(s, f.stream, nowMs);
    const res = binary
      ? applyBinaryFrame(s.staff, raw, nowMs)
      : applyPositionFrame(s.staff, f.rows as unknown[], nowMs, f.stream);
    if (!res) {
      drop(s, 'malformed', `positions ${f.stream}: binary columns do not match the ids`);
      return 0;
    }
    s.counts.frames++;
    if (res.malformed) drop(s, 'bad-rows', `positions ${f.stream}: ${res.malformed} bad rows`, res.malformed);
    if (res.stale) s.counts.dropped['stale-rows'] += res.stale;
    if (res.applied) s.signals.markDirty('staff');
    return res.applied;
  });
}
