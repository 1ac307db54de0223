import { describe, expect, it } from 'vitest';
import type { LngLat, RoadNetwork } from '../../domain/district.types.ts';
import { offsetByMetres } from '../../domain/geo.ts';
import { buildRoadGraph, MODE_SPEED_MS, rankByRoad } from '../../domain/road-graph.ts';
import { statusCode } from '../../protocol/positions.schema.ts';
import { makeStaff, ORIGIN, seeded } from '../../../test/support/live.fixture.ts';
import { nearestFreeStaff } from './staff-nearest.model.ts';
import { applyPositionFrame, createStaffModel } from './staff.model.ts';

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
    for (let k = 0; k < per - 1; k++) edges.push({ id: id++, from: bank * per + k, to: bank * per + k + 1, cls: 'street', name: '', lengthM: 200 });
  }
  edges.push({ id: id++, from: per - 1, to: 2 * per - 1, cls: 'arterial', name: '大桥', lengthM: 200 });
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
    applyPositionFrame(m, [fix('ACROSS', at(0, 200)), fix('NEAR', at(600, 0)), fix('MID', at(1000, 0)), fix('BUSY', at(100, 0), statusCode('responding'))], 0);
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

  it('gives the same top three as ranking every free person by road (random staff, small prefilter)', () => {
    const r = seeded(21);
    const roster = Array.from({ length: 300 }, (_, k) => makeStaff(`W${k}`, at(r() * 2200 - 100, r() * 400 - 100), (['foot', 'ebike', 'car'] as const)[k % 3]));
    const m = createStaffModel({ roster });
    applyPositionFrame(m, roster.map((s, k) => [s.id, s.home[0], s.home[1], T, statusCode(k % 4 === 0 ? 'off-duty' : 'on-duty'), -1]), 0);
    for (let q = 0; q < 20; q++) {
      const target = at(r() * 2000, r() * 200);
      const expected = rankByRoad(g, target, roster.filter((_, k) => k % 4 !== 0).map((s) => ({ id: s.id, position: s.home, mode: s.mode }))).slice(0, 3);
      const got = nearestFreeStaff(m, g, target, { initialCandidates: 2 });
      expect(got.map((x) => x.staffId)).toEqual(expected.map((x) => x.candidate.id));
      got.forEach((x, k) => expect(x.roadM).toBeCloseTo(expected[k].roadM, 6));
    }
  });

  it('returns fewer than three when fewer are free', () => {
    const m = createStaffModel({ roster: [makeStaff('ONLY', at(400, 0))] });
    applyPositionFrame(m, [['ONLY', ...at(400, 0), T, statusCode('on-duty'), -1]], 0);
    expect(nearestFreeStaff(m, g, at(0, 0)).map((x) => x.staffId)).toEqual(['ONLY']);
  });
});
