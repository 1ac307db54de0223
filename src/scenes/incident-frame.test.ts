import { describe, expect, it } from 'vitest';
import type { Camera } from '../domain/district.types.ts';
import { bearingDeg, camerasSeeing, distanceM, frameTarget, MIN_DISTANCE_M } from './incident-frame.ts';

const P: [number, number] = [108.77, 29.53];
const M_LAT = 1 / 111_320; // degrees of latitude per metre
const M_LNG = 1 / (111_320 * Math.cos((29.53 * Math.PI) / 180));
const at = (eastM: number, northM: number): [number, number] => [P[0] + eastM * M_LNG, P[1] + northM * M_LAT];
const cam = (id: string, pos: [number, number], heading: number, fov = 60, range = 150): Camera => ({
  id,
  name: id,
  kind: 'road',
  position: pos,
  height: 6,
  heading,
  fov,
  range,
  streetId: 'S01',
  gridId: 'S01-C01-G01',
  streamUrl: null,
});

describe('geometry helpers', () => {
  it('bearing and distance in the local frame', () => {
    expect(bearingDeg(P, at(0, 100))).toBeCloseTo(0, 6);
    expect(bearingDeg(P, at(100, 0))).toBeCloseTo(90, 6);
    expect(bearingDeg(P, at(0, -100))).toBeCloseTo(180, 6);
    expect(bearingDeg(P, at(-100, 0))).toBeCloseTo(270, 6);
    expect(distanceM(P, at(30, 40))).toBeCloseTo(50, 6);
  });
});

describe('camerasSeeing', () => {
  it('keeps the cameras whose cone holds the point, nearest first', () => {
    const cameras = [
      cam('south-looking-north', at(0, -100), 0), // 100 m away, straight at it
      cam('west-looking-east', at(-50, 0), 90), // 50 m, straight at it
      cam('south-looking-east', at(0, -100), 90), // 90° off its heading
      cam('too-far', at(0, -200), 0), // beyond its 150 m range
      cam('edge-of-cone', at(-100, -100), 16), // bearing 45°, heading 16°: 29° off, fov/2 = 30 → in
      cam('just-outside', at(-100, -100), 14), // 31° off → out
    ];
    expect(camerasSeeing(P, cameras).map((c) => c.id)).toEqual([
      'west-looking-east',
      'south-looking-north',
      'edge-of-cone',
    ]);
    expect(camerasSeeing(P, cameras, 1).map((c) => c.id)).toEqual(['west-looking-east']);
  });
});

describe('frameTarget', () => {
  it('looks north at a lone point from the minimum distance, backed off to the south', () => {
    const t = frameTarget([P], 0, -30)!;
    // distance 350 m: height 350·sin30 = 175, 350·cos30 ≈ 303.1 m south of the point
    expect(t.kind).toBe('view');
    expect(t.height).toBeCloseTo(MIN_DISTANCE_M * 0.5, 6);
    expect((t.lat - P[1]) / M_LAT).toBeCloseTo(-MIN_DISTANCE_M * Math.cos(Math.PI / 6), 3);
    expect(t.lng).toBeCloseTo(P[0], 9);
    expect([t.heading, t.pitch]).toEqual([0, -30]);
    // its height counts from the ground at the point framed (on terrain the wall adds that ground)
    expect(t.ground).toEqual(P);
  });

  it('backs off further for spread points, facing east from the west', () => {
    // bbox centre (0, 50); farthest point √(400² + 50²) away → distance that/sin30; straight down at -90
    const t = frameTarget([at(-400, 0), at(400, 0), at(0, 100)], 90, -90)!;
    expect(t.height).toBeCloseTo(2 * Math.hypot(400, 50), 0); // flat-frame maths: within half a metre
    expect((t.lng - P[0]) / M_LNG).toBeCloseTo(0, 0);
    // at pitch -45, heading 90: the eye is 800·cos45 ≈ 565.7 m west of the centre (y centre = 50 m)
    const t2 = frameTarget([at(-400, 0), at(400, 0), at(0, 100)], 90, -45, 1)!;
    const radius = Math.hypot(400, 50);
    const d = radius / 0.5;
    expect((t2.lng - P[0]) / M_LNG).toBeCloseTo(-d * Math.SQRT1_2, 0);
    expect((t2.lat - P[1]) / M_LAT).toBeCloseTo(50, 0);
    expect(t2.height).toBeCloseTo(d * Math.SQRT1_2, 0);
  });

  it('nothing to frame → null', () => {
    expect(frameTarget([], 0, -45)).toBeNull();
  });
});
