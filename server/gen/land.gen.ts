// The land: district outline, the river, the urban area and the urban patches of the 3D model.
import type { Rng } from '../../src/domain/seeded-random.ts';
import {
  area,
  ccw,
  closeRing,
  convexHull,
  differenceRings,
  intersectRings,
  pointInRing,
  rotate,
  type PRing,
  type XY,
} from './plane.ts';

export const DISTRICT_AREA_M2 = 2400e6;
export const MODEL_AREA_M2 = 44e6;

/** An irregular, roughly N-S elongated outline with the real district's area. */
export function districtOutline(rng: Rng): PRing {
  const n = 150;
  const harmonics = [2, 3, 4, 5, 6, 7, 9].map((k) => ({
    k,
    amp: rng.range(0.015, 0.06) / Math.sqrt(k - 1),
    ph: rng.range(0, Math.PI * 2),
  }));
  const pts: XY[] = [];
  for (let i = 0; i < n; i++) {
    const t = (i / n) * Math.PI * 2;
    let r = 1;
    for (const h of harmonics) r += h.amp * Math.sin(h.k * t + h.ph);
    r += rng.range(-0.008, 0.008);
    pts.push([Math.cos(t) * r * 0.82, Math.sin(t) * r]);
  }
  const ring = closeRing(pts);
  const s = Math.sqrt(DISTRICT_AREA_M2 / area(ring));
  return ccw(ring.map(([x, y]) => [x * s, y * s] as XY));
}

/** y where a vertical line at x leaves the ring, searching from `from` towards `dir` (+1 north). */
function boundaryAlong(ring: PRing, x: number, dir: 1 | -1): number {
  let y = 0;
  while (pointInRing([x, y], ring)) y += dir * 200;
  return y;
}

export interface River {
  name: string;
  nameEn: string;
  centre: XY[];
  halfWidth: number[];
  polygon: PRing;
}

/** 黔江河: a meandering band, N to S through the city, 60-120 m wide. */
export function makeRiver(rng: Rng, district: PRing): River {
  const north = boundaryAlong(district, -600, 1) + 3000;
  const south = boundaryAlong(district, -600, -1) - 3000;
  const ctrl: XY[] = [];
  for (let y = north; y > south; y -= 4000) {
    const nearCity = Math.abs(y) < 6000;
    ctrl.push([-600 + (nearCity ? rng.range(-150, 150) : rng.range(-2500, 2500)), y]);
  }
  ctrl.push([-600 + rng.range(-2500, 2500), south]);
  // Catmull-Rom through the control points, ~120 m between samples
  const centre: XY[] = [];
  for (let i = 0; i < ctrl.length - 1; i++) {
    const p0 = ctrl[Math.max(0, i - 1)];
    const p1 = ctrl[i];
    const p2 = ctrl[i + 1];
    const p3 = ctrl[Math.min(ctrl.length - 1, i + 2)];
    const steps = Math.ceil(Math.hypot(p2[0] - p1[0], p2[1] - p1[1]) / 120);
    for (let s = 0; s < steps; s++) {
      const t = s / steps;
      const t2 = t * t;
      const t3 = t2 * t;
      const f = (a: number, b: number, c: number, d: number) =>
        0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
      centre.push([f(p0[0], p1[0], p2[0], p3[0]), f(p0[1], p1[1], p2[1], p3[1])]);
    }
  }
  centre.push(ctrl[ctrl.length - 1]);
  let w = 45;
  const halfWidth = centre.map(() => (w = Math.max(30, Math.min(60, w + rng.range(-2, 2)))));
  const left: XY[] = [];
  const right: XY[] = [];
  centre.forEach((p, i) => {
    const a = centre[Math.max(0, i - 1)];
    const b = centre[Math.min(centre.length - 1, i + 1)];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const nx = -(b[1] - a[1]) / len;
    const ny = (b[0] - a[0]) / len;
    left.push([p[0] + nx * halfWidth[i], p[1] + ny * halfWidth[i]]);
    right.push([p[0] - nx * halfWidth[i], p[1] - ny * halfWidth[i]]);
  });
  const band = ccw(closeRing(left.concat(right.reverse())));
  const pieces = intersectRings(district, band).sort((a, b) => area(b) - area(a));
  return { name: '黔江河', nameEn: 'Qianjiang River', centre, halfWidth, polygon: pieces[0] };
}

/** Region west of the river centreline (the centreline runs north to south past the district). */
export function westOfRiver(river: River): PRing {
  const big = 200_000;
  const first = river.centre[0];
  const last = river.centre[river.centre.length - 1];
  return ccw(
    closeRing([
      ...river.centre,
      [last[0], last[1] - big],
      [-big, last[1] - big],
      [-big, first[1] + big],
      [first[0], first[1] + big],
    ]),
  );
}

/** A convex, slightly irregular ellipse of a given area, rotated, centred at c. */
export function blob(rng: Rng, c: XY, areaM2: number, aspect: number, angle: number, noise: number, n = 28): PRing {
  const radii = Array.from({ length: n }, () => 1 + rng.range(-noise, noise));
  return blobFromRadii(radii, c, areaM2, aspect, angle);
}

function blobFromRadii(radii: number[], c: XY, areaM2: number, aspect: number, angle: number): PRing {
  const n = radii.length;
  const pts: XY[] = radii.map((r, i) => {
    const t = (i / n) * Math.PI * 2;
    return rotate([Math.cos(t) * r * aspect, Math.sin(t) * r], angle);
  });
  const hull = convexHull(pts);
  const s = Math.sqrt(areaM2 / area(hull));
  return hull.map(([x, y]) => [c[0] + x * s, c[1] + y * s] as XY);
}

/** The city: one convex urban area split by the river into old town (west) and new town (east). */
export function makeCity(rng: Rng, river: River, targetM2: number): { urban: PRing; oldTown: PRing; newTown: PRing } {
  const angle = rng.range(0.35, 0.7);
  const aspect = rng.range(1.45, 1.75);
  const radii = Array.from({ length: 28 }, () => 1 + rng.range(-0.04, 0.04));
  const west = westOfRiver(river);
  let scale = targetM2;
  for (let iter = 0; ; iter++) {
    const urban = blobFromRadii(radii, [0, 0], scale, aspect, angle);
    const oldTown = intersectRings(urban, west).sort((a, b) => area(b) - area(a))[0];
    const newTown = differenceRings(urban, west).sort((a, b) => area(b) - area(a))[0];
    const total = area(oldTown) + area(newTown);
    if (Math.abs(total - targetM2) < targetM2 * 1e-4 || iter === 5) return { urban, oldTown, newTown };
    scale *= targetM2 / total;
  }
}
