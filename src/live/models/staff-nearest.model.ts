// "Who is nearest?" for the incident panel: the free staff closest to a point by road, with the
// distance and an ETA for each person's own mode. Straight-line distance prefilters 10,000 people
// to a few dozen; one bounded Dijkstra from the incident (road-graph's rankByRoad) ranks those.
// The answer is exact, not a heuristic: road distance is never shorter than heuristicScale times the
// straight line, so once the k-th road distance is within that bound of the nearest person left
// out, nobody further away can beat it; otherwise the candidate set doubles.
import type { LngLat } from '../../domain/district.types.ts';
import { rankByRoad, type Candidate, type RoadGraph } from '../../domain/road-graph.ts';
import { MODES, STAFF_CLASS, type StaffModel } from './staff.model.ts';

export interface NearestStaff {
  index: number;
  staffId: string;
  /** Along the roads plus the off-road legs at both ends, metres. */
  roadM: number;
  straightM: number;
  etaS: number;
  mode: (typeof MODES)[number];
  position: LngLat;
}

export interface NearestOptions {
  k?: number;
  /** Candidates ranked by road on the first try (doubles until the answer is provably exact). */
  initialCandidates?: number;
  /** Which classes count as available (default: free only). */
  classes?: readonly number[];
  /** Ignore people further than this in a straight line, metres. */
  maxStraightM?: number;
}

interface StaffCandidate extends Candidate {
  index: number;
  straightM: number;
}

export function nearestFreeStaff(
  m: StaffModel,
  g: RoadGraph,
  point: LngLat,
  opts: NearestOptions = {},
): NearestStaff[] {
  const k = opts.k ?? 3;
  const classes = new Set(opts.classes ?? [STAFF_CLASS.free]);
  const maxStraight = opts.maxStraightM ?? Infinity;
  const [px, py] = g.project(point);
  const idx: number[] = [];
  const dist = new Float64Array(m.count);
  for (let i = 0; i < m.count; i++) {
    if (!classes.has(m.cls[i]) || m.at[i] === 0) continue;
    const [x, y] = g.project([m.lng[i], m.lat[i]]);
    const d = Math.hypot(x - px, y - py);
    if (d > maxStraight) continue;
    dist[i] = d;
    idx.push(i);
  }
  idx.sort((a, b) => dist[a] - dist[b]);
  const scale = g.heuristicScale;
  let n = Math.min(idx.length, opts.initialCandidates ?? Math.max(24, 8 * k));
  for (;;) {
    const cands: StaffCandidate[] = idx.slice(0, n).map((i) => ({
      id: m.ids[i],
      index: i,
      straightM: dist[i],
      position: [m.lng[i], m.lat[i]],
      mode: MODES[m.mode[i]] ?? 'foot',
    }));
    const ranked = rankByRoad(g, point, cands);
    const top = ranked.slice(0, k);
    const exhausted = n >= idx.length;
    // Nobody left out can be nearer by road than scale * their straight-line distance.
    const boundOk = top.length === k && top[k - 1].roadM <= scale * dist[idx[n]];
    if (exhausted || boundOk) {
      return top.map((r) => ({
        index: r.candidate.index,
        staffId: r.candidate.id,
        roadM: r.roadM,
        straightM: r.candidate.straightM,
        etaS: r.etaS,
        mode: r.candidate.mode,
        position: r.candidate.position,
      }));
    }
    n = Math.min(idx.length, n * 2);
  }
}
