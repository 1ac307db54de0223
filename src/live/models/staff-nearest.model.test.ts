import { describe, expect, it } from 'vitest';
import type { LngLat, RoadNetwork } from '../../domain/district.types.ts';
import { offsetByMetres } from '../../domain/geo.ts';
import { buildRoadGraph, MODE_SPEED_MS } from '../../domain/road-graph.ts';
import { statusCode } from '../../protocol/positions.schema.ts';
import { makeStaff, ORIGIN, seeded } from '../../../test/support/live.fixture.ts';
import { nearestFreeStaff } from './staff-nearest.model.ts';
import { applyPositionFrame } from './staff-apply.model.ts';
import { createStaffModel } from './staff.model.ts';

const T = 1_700_000_000_000;
const at = (dx: number, dy: number): LngLat => offsetByMetres(ORIGIN, dx, dy);

/**
 * Two roads along the banks of a river 200 m wide, joined only by a bridge 2 km east: across the
 * water is near in a straight line and far by road.
 */
function riverNetwork(): RoadNetwork {
  const nodes: LngLat[] = [];
  const edges: RoadNetwork['edges'] = [];
  for (const y of [0, 200]) for (let x = 0; x <= 2000; x += 200) nodes.push(at(x, y));
  const per = 11;
  let id = 0;
  for (const bank of [0, 1]) {
    for (let k = 0; k < per - 1; k++)
      edges.push({ id: id++, from: bank * per + k, to: bank * per + k + 1, cls: 'street', name: '', lengthM: 200 });
  }
  edges.push({ id, from: per - 1, to: 2 * per - 1, cls: 'arterial', name: '大桥', lengthM: 200 });
  return { nodes, edges };
}

describe('nearestFreeStaff', () => {
  const g = buildRoadGraph(riverNetwork());

  it('orders free staff by road distance, not straight-line distance, with an ETA for each mode', () => {
    const m = createStaffModel({
      roster: [
        makeStaff('ACROSS', at(0, 200), 'car'), // 200 m straight, 4.2 km by road
        makeStaff('NEAR', at(600, 0), 'foot'),
        makeStaff('MID', at(1000, 0), 'ebike'),
        makeStaff('BUSY', at(100, 0), 'foot'), // closest of all, but en route elsewhere
        makeStaff('SILENT', at(50, 0), 'foot'), // in the roster, never sent a fix
      ],
    });
    const fix = (id: string, p: LngLat, code = statusCode('on-duty')) => [id, p[0], p[1], T, code, -1];
    applyPositionFrame(
      m,
      [
        fix('ACROSS', at(0, 200)),
        fix('NEAR', at(600, 0)),
        fix('MID', at(1000, 0)),
        fix('BUSY', at(100, 0), statusCode('responding')),
      ],
      0,
    );
    const got = nearestFreeStaff(m, g, at(0, 0), { initialCandidates: 1 });
    expect(got.map((r) => r.staffId)).toEqual(['NEAR', 'MID', 'ACROSS']);
    expect(got[0].roadM).toBeCloseTo(600, 0);
    expect(got[1].roadM).toBeCloseTo(1000, 0);
    expect(got[2].roadM).toBeCloseTo(4200, 0);
    expect(got[2].straightM).toBeCloseTo(200, 0);
    expect(got[0].etaS).toBeCloseTo(600 / MODE_SPEED_MS.foot, 3);
    expect(got[1].etaS).toBeCloseTo(1000 / MODE_SPEED_MS.ebike, 3);
    expect(got[2].etaS).toBeCloseTo(4200 / MODE_SPEED_MS.car, 3);
  });

  it('gives the top three of a brute-force road distance (random staff, small prefilter)', () => {
    // The river network is one U-shaped path: bank y=0 from x=0 to 2000, the bridge up to y=200,
    // the far bank back to x=0. Road distance by hand: each end's off-road leg to its nearest point
    // on the U, plus the distance between those points along the U.
    const onU = (x: number, y: number): { s: number; off: number } => {
      const legs = [
        { s: Math.min(2000, Math.max(0, x)), off: Math.hypot(x - Math.min(2000, Math.max(0, x)), y) },
        { s: 2000 + Math.min(200, Math.max(0, y)), off: Math.hypot(x - 2000, y - Math.min(200, Math.max(0, y))) },
        {
          s: 2200 + (2000 - Math.min(2000, Math.max(0, x))),
          off: Math.hypot(x - Math.min(2000, Math.max(0, x)), y - 200),
        },
      ];
      return legs.reduce((a, b) => (b.off < a.off ? b : a));
    };
    const roadM = (a: [number, number], b: [number, number]) => {
      const p = onU(...a);
      const q = onU(...b);
      return Math.abs(p.s - q.s) + p.off + q.off;
    };
    const r = seeded(21);
    const local = Array.from({ length: 300 }, () => [r() * 2200 - 100, r() * 400 - 100] as [number, number]);
    const roster = local.map((xy, k) => makeStaff(`W${k}`, at(...xy), (['foot', 'ebike', 'car'] as const)[k % 3]));
    const m = createStaffModel({ roster });
    applyPositionFrame(
      m,
      roster.map((s, k) => [s.id, s.home[0], s.home[1], T, statusCode(k % 4 === 0 ? 'off-duty' : 'on-duty'), -1]),
      0,
    );
    for (let q = 0; q < 20; q++) {
      const target: [number, number] = [r() * 2000, r() * 200];
      const expected = local
        .map((xy, k) => ({ id: `W${k}`, k, roadM: roadM(target, xy) }))
        .filter((c) => c.k % 4 !== 0)
        .sort((a, b) => a.roadM - b.roadM)
        .slice(0, 3);
      const got = nearestFreeStaff(m, g, at(...target), { initialCandidates: 2 });
      expect(got.map((x) => x.staffId)).toEqual(expected.map((x) => x.id));
      // metres on the ground vs the graph's projection: agree within half a metre
      got.forEach((x, k) => expect(x.roadM).toBeCloseTo(expected[k]!.roadM, 0));
    }
  });

  it('returns fewer than three when fewer are free', () => {
    const m = createStaffModel({ roster: [makeStaff('ONLY', at(400, 0))] });
    applyPositionFrame(m, [['ONLY', ...at(400, 0), T, statusCode('on-duty'), -1]], 0);
    expect(nearestFreeStaff(m, g, at(0, 0)).map((x) => x.staffId)).toEqual(['ONLY']);
  });
});
