import { isOpen } from '../../src/domain/incident-lifecycle.ts';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import type { Snapshot } from '../../src/protocol/live.schema.ts';
import { TRAIL_LENGTH, type Position, type StaffState } from '../../src/protocol/positions.schema.ts';
import type { CameraRecord, LoadedState } from '../storage/storage.ts';

// The relay's authoritative live state. Transitions are pure functions (incident-lifecycle.ts for
// incidents, reducePosition below); this container only holds their results. Two views of
// incidents: `working` (includes events staged for commit: used to validate the next step) and
// `committed` (what subscribers have been sent: used for snapshots).

/** A trail keeps a point every few seconds, not every sample. */
export const TRAIL_MIN_GAP_MS = 5_000;

/** Pure: the next state of one person, or null when the sample is not newer than what we hold. */
export function reducePosition(prev: StaffState | undefined, p: Position, streetId: string): StaffState | null {
  if (prev && p.at <= prev.at) return null;
  let trail = prev?.trail ?? [];
  if (prev) {
    const last = trail[trail.length - 1];
    if (!last || prev.at - last[2] >= TRAIL_MIN_GAP_MS)
      trail = [...trail, [prev.lng, prev.lat, prev.at] as [number, number, number]].slice(-TRAIL_LENGTH);
  }
  return {
    staffId: p.staffId,
    streetId,
    lng: p.lng,
    lat: p.lat,
    at: p.at,
    status: p.status,
    heading: p.heading,
    incidentId: p.incidentId,
    trail,
  };
}

export class LiveState {
  private readonly committed = new Map<string, Incident>();
  private readonly staged = new Map<string, { incident: Incident; n: number }>();
  readonly cameras = new Map<string, CameraRecord>();
  readonly staff = new Map<string, StaffState>();
  /** last delivered seq per stream */
  private readonly heads = new Map<string, number>();
  /** last assigned seq per stream (≥ heads while commits are in flight) */
  private readonly assigned = new Map<string, number>();

  load(s: LoadedState) {
    for (const [stream, seq] of Object.entries(s.heads)) {
      this.heads.set(stream, seq);
      this.assigned.set(stream, seq);
    }
    for (const i of s.incidents) this.committed.set(i.id, i);
    for (const c of s.cameras) this.cameras.set(c.cameraId, c);
    for (const p of s.staff) this.staff.set(p.staffId, p);
  }

  incident(id: string): Incident | undefined {
    return this.staged.get(id)?.incident ?? this.committed.get(id);
  }
  /** An archived incident read back from storage, so a late step (a rating) can apply to it. */
  adopt(i: Incident) {
    if (!this.incident(i.id)) this.committed.set(i.id, i);
  }
  /** Open incidents as the next step would see them. */
  *openIncidents(): Iterable<Incident> {
    for (const i of this.committed.values()) {
      const cur = this.incident(i.id)!;
      if (isOpen(cur)) yield cur;
    }
    for (const [id, s] of this.staged) if (!this.committed.has(id) && isOpen(s.incident)) yield s.incident;
  }

  nextSeq(stream: string): number {
    const seq = (this.assigned.get(stream) ?? 0) + 1;
    this.assigned.set(stream, seq);
    return seq;
  }
  head(stream: string): number {
    return this.heads.get(stream) ?? 0;
  }
  streams(): string[] {
    return [...this.assigned.keys()];
  }

  stage(i: Incident) {
    const s = this.staged.get(i.id);
    this.staged.set(i.id, { incident: i, n: (s?.n ?? 0) + 1 });
  }

  /** A stored event is being delivered: its results become the committed state. */
  deliver(stream: string, seq: number, incident?: Incident, cameras?: CameraRecord[]) {
    this.heads.set(stream, seq);
    // another relay node may have numbered it (cluster/): the stream is known from now on
    if ((this.assigned.get(stream) ?? 0) < seq) this.assigned.set(stream, seq);
    if (incident) {
      this.committed.set(incident.id, incident);
      const s = this.staged.get(incident.id);
      if (s && --s.n === 0) this.staged.delete(incident.id);
    }
    for (const c of cameras ?? []) {
      const prev = this.cameras.get(c.cameraId);
      if (!prev || c.at >= prev.at) this.cameras.set(c.cameraId, c);
    }
  }

  /** Drops closed incidents older than `before` from memory (they stay in storage). */
  prune(before: number) {
    for (const [id, i] of this.committed) {
      if (!isOpen(i) && (i.closedAt ?? 0) < before && !this.staged.has(id)) this.committed.delete(id);
    }
  }

  snapshot(scope: string, streams: string[], now: number): Snapshot {
    const set = new Set(streams);
    const heads: Record<string, number> = {};
    for (const s of streams) heads[s] = this.head(s);
    return {
      scope,
      t: now,
      streams: heads,
      incidents: [...this.committed.values()].filter((i) => set.has(i.streetId)),
      staff: [...this.staff.values()].filter((p) => set.has(p.streetId)),
      cameras: [...this.cameras.values()].filter((c) => set.has(c.streetId)),
    };
  }
}
