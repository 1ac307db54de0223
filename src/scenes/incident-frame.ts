import type { Camera } from '../domain/district.types.ts';
import type { CameraTarget } from '../state/wall.model.ts';

// Framing an incident (issue 9: "frames the incident, its responders and the cameras that see it"):
// pure maths on lng/lat in a local flat frame, which is exact enough over the few kilometres one
// incident spans. The result is a camera *pose* (where the eye is), as the wall's 'view' target.

const M_PER_DEG = 111_320;
const RAD = Math.PI / 180;
/** never closer than this, so a lone point is not framed from a rooftop */
export const MIN_DISTANCE_M = 350;
/** Cesium's default vertical field of view is 60°; leave a margin around the points */
const HALF_FOV = 30 * RAD;
export const MAX_CAMERAS = 6;

type LngLat = [number, number];

const toLocal = (origin: LngLat, p: LngLat): [number, number] => [
  (p[0] - origin[0]) * M_PER_DEG * Math.cos(origin[1] * RAD),
  (p[1] - origin[1]) * M_PER_DEG,
];
const toLngLat = (origin: LngLat, x: number, y: number): LngLat => [
  origin[0] + x / (M_PER_DEG * Math.cos(origin[1] * RAD)),
  origin[1] + y / M_PER_DEG,
];

/** Bearing from a to b in degrees clockwise from north, in [0, 360). */
export function bearingDeg(a: LngLat, b: LngLat): number {
  const [x, y] = toLocal(a, b);
  return (((Math.atan2(x, y) / RAD) % 360) + 360) % 360;
}

export function distanceM(a: LngLat, b: LngLat): number {
  const [x, y] = toLocal(a, b);
  return Math.hypot(x, y);
}

/** The cameras whose view cone (heading ± fov/2, up to range) holds the point, nearest first. */
export function camerasSeeing(point: LngLat, cameras: readonly Camera[], max = MAX_CAMERAS): Camera[] {
  const seeing: [number, Camera][] = [];
  for (const c of cameras) {
    const d = distanceM(c.position, point);
    if (d > c.range) continue;
    const off = Math.abs(((bearingDeg(c.position, point) - c.heading + 540) % 360) - 180);
    // a camera almost on top of the point sees it whatever its heading
    if (d > 5 && off > c.fov / 2) continue;
    seeing.push([d, c]);
  }
  return seeing
    .sort((a, b) => a[0] - b[0] || (a[1].id < b[1].id ? -1 : 1))
    .slice(0, max)
    .map(([, c]) => c);
}

/**
 * The pose that keeps every point in view: the eye backs off from the points' centre along the
 * heading, far enough that the circle around them fits the field of view, at the given pitch.
 */
export function frameTarget(
  points: readonly LngLat[],
  heading: number,
  pitch: number,
  rangeScale = 1,
): Extract<CameraTarget, { kind: 'view' }> | null {
  if (points.length === 0) return null;
  const lngs = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  const centre: LngLat = [(Math.min(...lngs) + Math.max(...lngs)) / 2, (Math.min(...lats) + Math.max(...lats)) / 2];
  const radius = Math.max(60, ...points.map((p) => distanceM(centre, p)));
  const distance = Math.max(MIN_DISTANCE_M, (radius / Math.sin(HALF_FOV)) * rangeScale);
  const down = Math.max(5, Math.min(90, -pitch)) * RAD;
  const back = distance * Math.cos(down);
  const [lng, lat] = toLngLat(centre, -back * Math.sin(heading * RAD), -back * Math.cos(heading * RAD));
  return { kind: 'view', lng, lat, height: distance * Math.sin(down), heading, pitch, ground: centre };
}
