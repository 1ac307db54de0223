import { Cartesian3, Math as CesiumMath, Matrix4, Transforms } from 'cesium';
import { describe, expect, it } from 'vitest';
import { topEdgeSeesSky } from './sky-cull.cesium.ts';

/** A camera over the demo district: heading and pitch in degrees, the wall's 16:9 view (fov 60°). */
function view(height: number, headingDeg: number, pitchDeg: number): boolean {
  const position = Cartesian3.fromDegrees(108.74, 29.52, height);
  const enu = Transforms.eastNorthUpToFixedFrame(position);
  const h = CesiumMath.toRadians(headingDeg);
  const p = CesiumMath.toRadians(pitchDeg);
  const toWorld = (x: number, y: number, z: number) =>
    Cartesian3.normalize(
      Matrix4.multiplyByPointAsVector(enu, new Cartesian3(x, y, z), new Cartesian3()),
      new Cartesian3(),
    );
  const direction = toWorld(Math.sin(h) * Math.cos(p), Math.cos(h) * Math.cos(p), Math.sin(p));
  const right = toWorld(Math.cos(h), -Math.sin(h), 0);
  const up = Cartesian3.normalize(Cartesian3.cross(right, direction, new Cartesian3()), new Cartesian3());
  const aspect = 16 / 9;
  // Cesium's fov spans the wider side: the vertical one is narrower on a wide screen
  const tanHalfFovy = Math.tan(CesiumMath.toRadians(30)) / aspect;
  return topEdgeSeesSky(position, direction, up, right, tanHalfFovy, aspect);
}

describe('topEdgeSeesSky', () => {
  it('sees no sky in the views the wall flies to (district, grid focus)', () => {
    expect(view(60_000, 0, -90)).toBe(false);
    expect(view(1_100, 20, -42)).toBe(false);
    expect(view(3_000, 0, -50)).toBe(false);
  });

  it('sees sky when the view is tilted up to the horizon', () => {
    expect(view(1_100, 20, -10)).toBe(true);
    expect(view(600, 200, 0)).toBe(true);
    expect(view(400_000, 0, -30)).toBe(true);
  });
});
