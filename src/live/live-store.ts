// The wall's live state: what the relay's /live namespace has said, applied to the layer models.
// Snapshot + numbered deltas per stream (one stream per street) through the protocol's
// StreamTracker: duplicates are dropped, a gap asks for a resubscribe with the last numbers, and the
// numbers survive a reconnect so the relay can replay exactly what was missed. Every payload is
// checked against the protocol's zod schemas (positions rows by hand, for speed); a bad or
// surprising one is dropped and counted, and nothing ever throws out of the store. A disconnect
// freezes the state and marks it stale; it never empties the models.
import type { Camera, Staff } from '../domain/district.types.ts';
import { applyCameraStatuses, createCameraModel, type CameraModel } from './models/cameras.model.ts';
import {
  applyIncidentEvent,
  applyIncidentSnapshot,
  createIncidentsModel,
  pruneIncidents,
  type IncidentsModel,
  type IncidentsModelOptions,
} from './models/incidents.model.ts';
import { applyPositionFrame, applyStaffSnapshot } from './models/staff-apply.model.ts';
import { createStaffModel, setStaffIncident, type StaffModel } from './models/staff.model.ts';
import { cameraStatusSchema } from '../protocol/camera.schema.ts';
import { isOpen } from '../domain/incident-lifecycle.ts';
import { incidentSchema, type Incident } from '../protocol/incident.schema.ts';
import { deltaSchema, noticeSchema, type Notice } from '../protocol/live.schema.ts';
import { idSchema, scopeSchema } from '../protocol/common.schema.ts';
import { StreamTracker } from '../protocol/stream-tracker.ts';
import { z } from 'zod';
import type { StaffState } from '../protocol/positions.schema.ts';
import { checkStaffState } from './fast-checks.ts';
import { applyBinaryFrame, isBinaryFrame, unpackIfPacked } from './binary-frames.ts';
import { createLiveSignals, type LiveSignals } from './live-signals.ts';

export type ConnectionState = 'connecting' | 'live' | 'stale' | 'offline';

export interface StreetHealth {
  /** Local ms of the last message of any kind on this stream (0: none yet). */
  lastMessageAt: number;
  stale: boolean;
  /** The relay's word (`feeds`): is the street's center connected? null until it has said. */
  centerOnline: boolean | null;
}

export type DropReason = 'malformed' | 'duplicate' | 'gap' | 'surprising' | 'stale-rows' | 'bad-rows';

export interface LiveStoreOptions {
  cameras?: readonly Camera[];
  roster?: readonly Staff[];
  incidents?: IncidentsModelOptions;
  /** A street with no message for this long is stale (positions flow about once a second). */
  streetStaleMs?: number;
  /** After a disconnect, how long the state counts as stale before it is called offline. */
  offlineAfterMs?: number;
  /** Asked to resubscribe with these last numbers (a gap, or a relay `resync` notice). */
  onResync?: (since: Record<string, number>) => void;
  signals?: LiveSignals;
}

export interface LiveStore {
  readonly staff: StaffModel;
  readonly cameras: CameraModel;
  readonly incidents: IncidentsModel;
  readonly tracker: StreamTracker;
  readonly signals: LiveSignals;
  connection: ConnectionState;
  /** Whether the socket is up (the state may still be stale while it is). */
  connected: boolean;
  /** Whether the relay acknowledged our subscription on the current connection. */
  subscribed: boolean;
  disconnectedAt: number;
  /** Relay clock minus local clock, ms (estimated from snapshot and frame times). */
  clockOffsetMs: number;
  streets: Map<string, StreetHealth>;
  /** Streams the current subscription covers (empty until the subscribe ack). */
  streams: Set<string>;
  resyncPending: boolean;
  lastNotice: Notice | null;
  counts: {
    snapshots: number;
    deltas: number;
    frames: number;
    resyncRequests: number;
    dropped: Record<DropReason, number>;
  };
  /** The last few reasons for drops, newest last (diagnostics). */
  lastErrors: string[];
  readonly opts: Required<Pick<LiveStoreOptions, 'streetStaleMs' | 'offlineAfterMs'>> &
    Pick<LiveStoreOptions, 'onResync'>;
}

export function createLiveStore(opts: LiveStoreOptions = {}): LiveStore {
  return {
    staff: createStaffModel({ roster: opts.roster }),
    cameras: createCameraModel(opts.cameras ?? []),
    incidents: createIncidentsModel(opts.incidents),
    tracker: new StreamTracker(),
    signals: opts.signals ?? createLiveSignals(),
    connection: 'connecting',
    connected: false,
    subscribed: false,
    disconnectedAt: 0,
    clockOffsetMs: NaN,
    streets: new Map(),
    streams: new Set(),
    resyncPending: false,
    lastNotice: null,
    counts: {
      snapshots: 0,
      deltas: 0,
      frames: 0,
      resyncRequests: 0,
      dropped: { malformed: 0, duplicate: 0, gap: 0, surprising: 0, 'stale-rows': 0, 'bad-rows': 0 },
    },
    lastErrors: [],
    opts: {
      streetStaleMs: opts.streetStaleMs ?? 10_000,
      offlineAfterMs: opts.offlineAfterMs ?? 30_000,
      onResync: opts.onResync,
    },
  };
}

export function drop(s: LiveStore, reason: DropReason, what: string, n = 1): void {
  s.counts.dropped[reason] += n;
  s.lastErrors.push(`${reason}: ${what}`);
  if (s.lastErrors.length > 20) s.lastErrors.splice(0, s.lastErrors.length - 20);
}

/** Runs a handler so that nothing, not even a bug of ours, escapes into the socket's event loop. */
export function guarded<T>(s: LiveStore, what: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    drop(s, 'malformed', `${what} threw ${(err as Error)?.message ?? String(err)}`);
    return fallback;
  }
}

export function touchStreet(s: LiveStore, stream: string, nowMs: number): void {
  let h = s.streets.get(stream);
  if (!h) s.streets.set(stream, (h = { lastMessageAt: 0, stale: false, centerOnline: null }));
  h.lastMessageAt = nowMs;
  if (h.stale) {
    h.stale = false;
    s.signals.markDirty('streets');
  }
}

export function noteRelayTime(s: LiveStore, relayT: number, nowMs: number): void {
  if (!Number.isFinite(relayT) || relayT <= 0) return;
  // Transit delay only ever lowers the sample, so track the upper envelope, slowly decaying.
  const sample = relayT - nowMs;
  const o = s.clockOffsetMs;
  s.clockOffsetMs = o !== o || sample > o ? sample : o + (sample - o) * 0.05;
}

/** The relay's clock now (response-target countdowns run on it). */
export function relayNow(s: LiveStore, nowMs: number): number {
  return s.clockOffsetMs === s.clockOffsetMs ? nowMs + s.clockOffsetMs : nowMs;
}

function setConnection(s: LiveStore, next: ConnectionState): void {
  if (s.connection === next) return;
  s.connection = next;
  s.signals.markDirty('connection');
}

function requestResync(s: LiveStore): void {
  if (s.resyncPending) return;
  s.resyncPending = true;
  s.counts.resyncRequests++;
  setConnection(s, 'stale');
  s.opts.onResync?.(s.tracker.since());
}

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

/** `notice` from the relay: a resync request is honoured; the rest are recorded for diagnostics. */
export function handleNotice(s: LiveStore, raw: unknown): void {
  guarded(s, 'notice', undefined, () => {
    const r = noticeSchema.safeParse(raw);
    if (!r.success) return drop(s, 'malformed', 'notice');
    s.lastNotice = r.data;
    if (r.data.kind === 'resync') {
      s.resyncPending = false;
      requestResync(s);
    }
    s.signals.markDirty('connection');
  });
}

/** Socket up and subscribed (the subscribe ack came back). */
export function markSubscribed(
  s: LiveStore,
  streams: readonly string[],
  resumed: readonly string[],
  nowMs: number,
): void {
  s.connected = true;
  s.subscribed = true;
  for (const st of streams) {
    s.streams.add(st);
    // Listed from the start, so a street that never says anything shows up (age unknown, stale).
    if (!s.streets.has(st)) s.streets.set(st, { lastMessageAt: 0, stale: true, centerOnline: null });
  }
  for (const st of resumed) touchStreet(s, st, nowMs);
  s.resyncPending = false;
  // Streams that get a snapshot become live when it arrives; resumed ones are live now.
  if (s.counts.snapshots > 0 || resumed.length > 0) setConnection(s, 'live');
}

export function markConnected(s: LiveStore): void {
  s.connected = true;
  s.signals.markDirty('connection');
}

/** The socket dropped: freeze, grey, keep everything (and the numbers for the resume). */
export function markDisconnected(s: LiveStore, nowMs: number): void {
  s.connected = false;
  s.subscribed = false;
  s.disconnectedAt = nowMs;
  s.resyncPending = false;
  setConnection(s, s.counts.snapshots > 0 ? 'stale' : 'connecting');
  for (const h of s.streets.values()) h.stale = true;
  s.signals.markDirty('streets');
}

/** Re-evaluates staleness; call about once a second (the client does). */
export function tickStore(s: LiveStore, nowMs: number): void {
  guarded(s, 'tick', undefined, () => {
    let changed = false;
    for (const h of s.streets.values()) {
      const stale = !s.connected || h.centerOnline === false || nowMs - h.lastMessageAt > s.opts.streetStaleMs;
      if (stale !== h.stale) {
        h.stale = stale;
        changed = true;
      }
    }
    if (changed) s.signals.markDirty('streets');
    if (!s.connected && s.counts.snapshots > 0 && nowMs - s.disconnectedAt > s.opts.offlineAfterMs)
      setConnection(s, 'offline');
    if (s.connected && s.subscribed && !s.resyncPending && s.counts.snapshots > 0) setConnection(s, 'live');
    if (pruneIncidents(s.incidents, nowMs, relayNow(s, nowMs))) s.signals.markDirty('incidents');
  });
}

export function streetAgeMs(s: LiveStore, streetId: string, nowMs: number): number | null {
  const h = s.streets.get(streetId);
  return h && h.lastMessageAt > 0 ? nowMs - h.lastMessageAt : null;
}
