// Thinning people's positions for the shift replay (issue 13): a stored point when a person moved
// more than `minMoveM`, when their status or incident changed, and at least every `maxGapMs` while
// they keep sending. A district of 4,000 people at one fix a second would be 345 million rows a
// day; at a point a minute or a street's length it is a few hundred thousand.
import type { StaffState } from '../../src/protocol/positions.schema.ts';

export interface TrackPoint {
  staffId: string;
  streetId: string;
  t: number;
  lng: number;
  lat: number;
  /** index into STAFF_STATUSES */
  status: number;
  incidentId: string | null;
}

export interface ThinningRule {
  minMoveM: number;
  maxGapMs: number;
}
export const DEFAULT_THINNING: ThinningRule = { minMoveM: 30, maxGapMs: 60_000 };

const M_PER_DEG = 111_320;

/** Metres between two nearby points (equirectangular: exact enough within a district). */
export function metresBetween(aLng: number, aLat: number, bLng: number, bLat: number): number {
  const k = Math.cos((((aLat + bLat) / 2) * Math.PI) / 180);
  return Math.hypot((bLng - aLng) * M_PER_DEG * k, (bLat - aLat) * M_PER_DEG);
}

/** Remembers each person's last kept point and keeps only the points the rule asks for. */
export class TrackThinner {
  private last = new Map<string, TrackPoint>();
  constructor(
    private readonly statusCode: (s: StaffState['status']) => number,
    private readonly rule: ThinningRule = DEFAULT_THINNING,
  ) {}

  /** The points worth keeping among these latest states (at most one per person per call). */
  offer(states: readonly StaffState[]): TrackPoint[] {
    const keep: TrackPoint[] = [];
    for (const s of states) {
      const p: TrackPoint = {
        staffId: s.staffId,
        streetId: s.streetId,
        t: s.at,
        lng: s.lng,
        lat: s.lat,
        status: this.statusCode(s.status),
        incidentId: s.incidentId ?? null,
      };
      const prev = this.last.get(p.staffId);
      if (prev && p.t <= prev.t) continue;
      const wanted =
        !prev ||
        prev.status !== p.status ||
        prev.incidentId !== p.incidentId ||
        p.t - prev.t >= this.rule.maxGapMs ||
        metresBetween(prev.lng, prev.lat, p.lng, p.lat) > this.rule.minMoveM;
      if (!wanted) continue;
      this.last.set(p.staffId, p);
      keep.push(p);
    }
    return keep;
  }
}
