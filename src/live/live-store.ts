// The wall's live state: what the relay's /live namespace has said, applied to the layer models
// (the messages themselves are applied in live-messages.ts).
// Snapshot + numbered deltas per stream (one stream per street) through the protocol's
// StreamTracker: duplicates are dropped, a gap asks for a resubscribe with the last numbers, and the
// numbers survive a reconnect so the relay can replay exactly what was missed. Every payload is
// checked against the protocol's zod schemas (positions rows by hand, for speed); a bad or
// surprising one is dropped and counted, and nothing ever throws out of the store. A disconnect
// freezes the state and marks it stale; it never empties the models.
import type { Camera, Staff } from '../domain/district.types.ts';
import { createCameraModel, type CameraModel } from './models/cameras.model.ts';
import {
  createIncidentsModel,
  pruneIncidents,
  type IncidentsModel,
  type IncidentsModelOptions,
} from './models/incidents.model.ts';
import { createStaffModel, type StaffModel } from './models/staff.model.ts';
import { noticeSchema, type Notice } from '../protocol/live.schema.ts';
import { StreamTracker } from '../protocol/stream-tracker.ts';
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

/** Moves the connection state (and says so to the UI); the message handlers call it too. */
export function setConnection(s: LiveStore, next: ConnectionState): void {
  if (s.connection === next) return;
  s.connection = next;
  s.signals.markDirty('connection');
}

/** Asks the client to resubscribe with the last numbers (once until it has). */
export function requestResync(s: LiveStore): void {
  if (s.resyncPending) return;
  s.resyncPending = true;
  s.counts.resyncRequests++;
  setConnection(s, 'stale');
  s.opts.onResync?.(s.tracker.since());
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
