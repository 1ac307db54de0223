import { Cartesian3, Cartographic, Color, SceneMode, type Scene } from 'cesium';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ORIGIN, randomStaff, seeded } from '../../../test/support/live.fixture.ts';
import { applyPositionFrame } from '../../live/models/staff-apply.model.ts';
import { createStaffModel, setStaffSelected, STAFF_CLASS, type StaffModel } from '../../live/models/staff.model.ts';
import { STAFF_CLASS_COLORS } from './staff.style.ts';
import { StaffPrimitives } from './staff.primitives.ts';

// The staff dots restyle only the people whose status changed and skip sub-pixel moves. Whatever
// they skip, every dot must end up styled as its person's status says and drawn within the
// tolerance of where the model puts them. Cesium's collections run in Node; only the scene, the
// camera and the arrow's canvas are stand-ins.

const T = 1_700_000_000_000;
const N = 300;
const HEIGHT_M = 1500;
const CANVAS_PX = 1000;

beforeAll(() => {
  const g2d = new Proxy({}, { get: () => () => {} });
  vi.stubGlobal('document', { createElement: () => ({ width: 0, height: 0, getContext: () => g2d }) });
  for (const k of ['HTMLCanvasElement', 'HTMLImageElement', 'HTMLVideoElement', 'ImageBitmap', 'OffscreenCanvas'])
    vi.stubGlobal(k, class {});
});
afterAll(() => vi.unstubAllGlobals());

function fakeScene(): Scene {
  return {
    primitives: { add: <P>(p: P) => p, remove: () => true },
    camera: { frustum: { fovy: 1 }, positionCartographic: Cartographic.fromDegrees(ORIGIN[0], ORIGIN[1], HEIGHT_M) },
    canvas: { clientHeight: CANVAS_PX },
    frameState: { mode: SceneMode.SCENE3D },
  } as unknown as Scene;
}

/** What each dot must look like, straight from the model (not from the layer's bookkeeping). */
function expectStyled(prims: StaffPrimitives, m: StaffModel, greyed: boolean) {
  for (let i = 0; i < m.count; i++) {
    const p = prims.points.get(i);
    const cls = m.cls[i]!;
    expect(p.show, m.ids[i]).toBe(cls !== STAFF_CLASS.noFix);
    const want = greyed ? STAFF_CLASS_COLORS.greyed : STAFF_CLASS_COLORS.byClass[cls];
    expect(Color.equals(p.color, want!), `${m.ids[i]} colour`).toBe(true);
    expect(p.pixelSize).toBe(cls === STAFF_CLASS.enRoute || m.selected[i] ? 8 : 6);
  }
}

describe('staff dots', () => {
  const roster = randomStaff(N, 4, 0.01);
  const r = seeded(6);
  const frame = (at: number, codeOf: (k: number) => number) =>
    roster.map((s, k) => [s.id, s.home[0] + (r() - 0.5) * 1e-3, s.home[1] + (r() - 0.5) * 1e-3, at, codeOf(k), -1]);

  it('are styled as each person status says after any status change, and greyed as a whole', () => {
    const m = createStaffModel({ roster });
    const prims = new StaffPrimitives(fakeScene(), m, ORIGIN, () => null, { terrain: false, at: () => 0 });
    prims.frame(0);
    expectStyled(prims, m, false); // nobody has a fix yet
    const codes = roster.map(() => Math.floor(r() * 5));
    applyPositionFrame(
      m,
      frame(T, (k) => codes[k]!),
      0,
    );
    prims.frame(10);
    expectStyled(prims, m, false);
    for (let step = 1; step <= 6; step++) {
      // a few people change status, one is selected and another unselected
      for (let k = 0; k < 20; k++) codes[Math.floor(r() * N)] = Math.floor(r() * 5);
      applyPositionFrame(
        m,
        frame(T + step * 1000, (k) => codes[k]!),
        step * 1000,
      );
      setStaffSelected(m, roster[step]!.id, true);
      setStaffSelected(m, roster[step - 1]!.id, false);
      prims.frame(step * 1000 + 10);
      expectStyled(prims, m, false);
    }
    prims.setGreyed(true);
    prims.frame(9000);
    expectStyled(prims, m, true);
    prims.setGreyed(false);
    prims.frame(9100);
    expectStyled(prims, m, false);
  });

  it('are drawn within a quarter pixel of where the model puts them now, frame by frame and after zooming in', () => {
    const m = createStaffModel({ roster });
    const scene = fakeScene();
    const prims = new StaffPrimitives(scene, m, ORIGIN, () => null, { terrain: false, at: () => 0 });
    const lng = roster.map((s) => s.home[0]);
    const lat = roster.map((s) => s.home[1]);
    let height = HEIGHT_M;
    for (let f = 0; f < 360; f++) {
      const now = f * (1000 / 60);
      if (f % 60 === 0) {
        // a fix a second, each person walking or driving 0-12 m in some direction
        const rows = roster.map((s, k) => {
          lng[k]! += (r() - 0.5) * 2.2e-4;
          lat[k]! += (r() - 0.5) * 2.2e-4;
          return [s.id, lng[k], lat[k], T + f * 20, 0, -1];
        });
        applyPositionFrame(m, rows, now);
      }
      if (f === 200) {
        height = 300; // zoom in: a finer tolerance
        (scene.camera as { positionCartographic: Cartographic }).positionCartographic = Cartographic.fromDegrees(
          ORIGIN[0],
          ORIGIN[1],
          height,
        );
      }
      prims.frame(now);
      // a quarter of a pixel at this eye height, as the layer computes it; 1.5 x: the layer's
      // tolerance is per axis in degrees, this is a distance in metres
      const slackM = 1.5 * ((0.25 * 2 * height * Math.tan(0.5)) / CANVAS_PX);
      for (let i = 0; i < m.count; i++) {
        const u = Math.min(1, m.dur[i]! > 0 ? (now - m.t0[i]!) / m.dur[i]! : 1);
        const x = m.fromLng[i]! + u * (m.lng[i]! - m.fromLng[i]!);
        const y = m.fromLat[i]! + u * (m.lat[i]! - m.fromLat[i]!);
        // by Cesium's own geodesy (independent of the layer's fast ECEF)
        const due = Cartesian3.fromDegrees(x, y, 3);
        const off = Cartesian3.distance(prims.points.get(i).position, due);
        if (off > slackM + 1e-3) expect.fail(`frame ${f}: ${m.ids[i]} drawn ${off.toFixed(3)} m off (> ${slackM})`);
      }
    }
  });
});
