// What `window.gridwall` (with ?diag=1) shows about the live layers: per layer a count, the
// connection state, the age of the last message per street, and what was dropped and why.
// JSON-safe, computed on demand (the browser tests poll it; nothing here runs per frame).
import { cameraStatusCounts } from './models/cameras.model.ts';
import { incidentCounts } from './models/incidents.model.ts';
import { staffClassCounts } from './models/staff.model.ts';
import { relayNow, type ConnectionState, type DropReason, type LiveStore } from './live-store.ts';

export interface LiveDiagnostics {
  connection: ConnectionState;
  connected: boolean;
  resyncPending: boolean;
  layers: {
    staff: { count: number; withFix: number; byClass: Record<string, number> };
    incidents: { count: number; open: number; byTiming: Record<string, number>; ticker: number };
    cameras: { count: number; byStatus: Record<string, number> };
  };
  /** Per street: ms since its last message (null: never), stale flag, last applied seq. */
  streets: Record<string, { ageMs: number | null; stale: boolean; seq: number; centerOnline: boolean | null }>;
  counts: { snapshots: number; deltas: number; frames: number; resyncRequests: number };
  dropped: Record<DropReason, number>;
  /** Malformed payloads of every kind (envelopes, items, rows): the figure the issue asks for. */
  malformed: number;
  clockOffsetMs: number | null;
  lastErrors: string[];
  lastNotice: string | null;
}

export function liveDiagnostics(s: LiveStore, nowMs: number): LiveDiagnostics {
  const rNow = relayNow(s, nowMs);
  const inc = incidentCounts(s.incidents, rNow);
  const byClass = staffClassCounts(s.staff);
  const streets: LiveDiagnostics['streets'] = {};
  for (const [id, h] of [...s.streets.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    streets[id] = {
      ageMs: h.lastMessageAt > 0 ? Math.round(nowMs - h.lastMessageAt) : null,
      stale: h.stale,
      seq: s.tracker.lastSeq(id),
      centerOnline: h.centerOnline,
    };
  }
  return {
    connection: s.connection,
    connected: s.connected,
    resyncPending: s.resyncPending,
    layers: {
      staff: { count: s.staff.count, withFix: s.staff.count - byClass['no-fix'], byClass },
      incidents: {
        count: s.incidents.byId.size,
        open: inc.open,
        byTiming: { 'on-time': inc['on-time'], 'at-risk': inc['at-risk'], overdue: inc.overdue },
        ticker: s.incidents.ticker.length,
      },
      cameras: { count: s.cameras.cameras.length, byStatus: cameraStatusCounts(s.cameras) },
    },
    streets,
    counts: {
      snapshots: s.counts.snapshots,
      deltas: s.counts.deltas,
      frames: s.counts.frames,
      resyncRequests: s.counts.resyncRequests,
    },
    dropped: { ...s.counts.dropped },
    malformed: s.counts.dropped.malformed + s.counts.dropped['bad-rows'],
    clockOffsetMs: Number.isFinite(s.clockOffsetMs) ? Math.round(s.clockOffsetMs) : null,
    lastErrors: [...s.lastErrors],
    lastNotice: s.lastNotice ? `${s.lastNotice.kind}: ${s.lastNotice.message}` : null,
  };
}
