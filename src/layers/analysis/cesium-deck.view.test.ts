import { Cartesian3, Cartesian4, Math as CMath, Matrix4, PerspectiveFrustum, type Camera } from 'cesium';
import { describe, expect, it } from 'vitest';
import { CesiumView, cameraMatrices, localFrame, toLocal } from './cesium-deck.view.ts';

// The register claim of ADR 0004 without a browser: for many camera poses, a point projected with
// Cesium's own matrices (frustum projection × camera view) lands on the same pixel as the same point,
// given in the overlay's local frame, projected by deck.gl's viewport built from cameraMatrices.

const W = 960;
const H = 540;
const ORIGIN: [number, number] = [108.77, 29.53];

/** The parts of a Cesium Camera that cameraMatrices reads, posed like camera.setView would. */
function pose(lng: number, lat: number, height: number, headingDeg: number, pitchDeg: number): Camera {
  const position = Cartesian3.fromDegrees(lng, lat, height);
  const enu = localFrame(lng, lat).enuToEcef;
  const h = CMath.toRadians(headingDeg);
  const p = CMath.toRadians(pitchDeg);
  // Direction in the camera's own ENU: heading clockwise from north, pitch below the horizon.
  const dirLocal = new Cartesian3(Math.sin(h) * Math.cos(p), Math.cos(h) * Math.cos(p), Math.sin(p));
  const upLocal = new Cartesian3(-Math.sin(h) * Math.sin(p), -Math.cos(h) * Math.sin(p), Math.cos(p));
  const direction = Cartesian3.normalize(
    Matrix4.multiplyByPointAsVector(enu, dirLocal, new Cartesian3()),
    new Cartesian3(),
  );
  const up = Cartesian3.normalize(Matrix4.multiplyByPointAsVector(enu, upLocal, new Cartesian3()), new Cartesian3());
  const right = Cartesian3.normalize(Cartesian3.cross(direction, up, new Cartesian3()), new Cartesian3());
  const viewMatrix = Matrix4.computeView(position, direction, up, right, new Matrix4());
  const frustum = new PerspectiveFrustum({ fov: CMath.toRadians(60), aspectRatio: W / H, near: 1, far: 5e8 });
  return { frustum, viewMatrix, positionWC: position } as unknown as Camera;
}

function cesiumPixel(camera: Camera, world: Cartesian3): [number, number] | null {
  const vp = Matrix4.multiply(camera.frustum.projectionMatrix, camera.viewMatrix, new Matrix4());
  const clip = Matrix4.multiplyByVector(vp, new Cartesian4(world.x, world.y, world.z, 1), new Cartesian4());
  if (clip.w <= 0) return null;
  return [((clip.x / clip.w + 1) / 2) * W, ((1 - clip.y / clip.w) / 2) * H];
}

describe('deck.gl overlay in register with Cesium', () => {
  it('projects district points to the same pixel for many camera poses', () => {
    const frame = localFrame(ORIGIN[0], ORIGIN[1]);
    const view = new CesiumView({ id: 'cesium' });
    const poses: [number, number, number, number, number][] = [
      [108.77, 29.44, 9000, 0, -45],
      [108.8, 29.5, 2500, 60, -30],
      [108.75, 29.55, 15000, 200, -80],
      [108.76, 29.52, 800, 330, -20],
      [108.95, 29.7, 40000, 135, -60], // far from the frame's origin
    ];
    let worst = 0;
    let probes = 0;
    for (const [lng, lat, h, hd, pt] of poses) {
      const camera = pose(lng, lat, h, hd, pt);
      const m = cameraMatrices(camera, frame, W / H)!;
      const viewport = view.makeViewport({
        width: W,
        height: H,
        viewState: { viewMatrix: m.viewMatrix, projectionMatrix: m.projectionMatrix } as never,
      })!;
      for (let i = 0; i < 60; i++) {
        const p: [number, number, number] = [
          ORIGIN[0] + ((i * 37) % 100) / 500 - 0.1,
          ORIGIN[1] + ((i * 53) % 100) / 600 - 0.08,
          (i % 4) * 40,
        ];
        const c = cesiumPixel(camera, Cartesian3.fromDegrees(...p));
        if (!c || c[0] < 0 || c[1] < 0 || c[0] > W || c[1] > H) continue;
        const [x, y] = viewport.project(toLocal(frame, ...p));
        worst = Math.max(worst, Math.hypot(x - c[0], y - c[1]));
        probes++;
      }
    }
    expect(probes).toBeGreaterThan(50);
    expect(worst).toBeLessThan(0.01);
  });

  it('keeps centimetre precision in the local frame across the district', () => {
    const frame = localFrame(ORIGIN[0], ORIGIN[1]);
    const [e, n, u] = toLocal(frame, ORIGIN[0] + 0.3, ORIGIN[1] + 0.2, 0);
    // float32 round trip of a local coordinate 30 km out stays within 1 cm.
    for (const v of [e, n, u]) expect(Math.abs(Math.fround(v) - v)).toBeLessThan(0.01);
    expect(Math.hypot(e, n)).toBeGreaterThan(30_000);
  });
});
