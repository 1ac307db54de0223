import { Cartesian3, type PointPrimitive } from 'cesium';
import type { StaffModel } from '../../live/models/staff.model.ts';
import type { GroundHeights } from '../layer.types.ts';
import { onGround } from '../shared/ground-drape.ts';

// Which staff dots to redraw in an animation frame, and redrawing them. A dot is redrawn when its
// glide has taken it a visible distance (the tolerance, a quarter pixel) from where it was drawn.
// Interpolating all 50,000 people every frame to find the few hundred that got that far was most of
// the layer's frame, so each dot gets a wake time instead: the earliest its current glide can take
// it the tolerance away. Until then it costs two loads and a compare. A new fix (its `at` changes)
// or a finer tolerance (zooming in) wakes it at once; a dot that stands at its fix sleeps until the
// next one. A dot that reaches its fix within the tolerance is not written again: at a 50,000-person
// frame that was a 50,000-point write once a second for nothing visible.

/** Wake a little early, so rounding never lets a dot lag more than the tolerance. */
const EARLY = 0.9;

export class StaffDots {
  private lastLng = new Float64Array(0);
  private lastLat = new Float64Array(0);
  private wakeAt = new Float64Array(0);
  private atSeen = new Float64Array(0);
  private tolSeen = NaN;
  private readonly scratch = new Cartesian3();

  constructor(
    private readonly ground: GroundHeights,
    private readonly liftM: number,
  ) {}

  get capacity(): number {
    return this.lastLng.length;
  }

  grow(capacity: number): void {
    const grown = (a: Float64Array, fill: number) => {
      const b = new Float64Array(capacity).fill(fill);
      b.set(a);
      return b;
    };
    this.lastLng = grown(this.lastLng, NaN);
    this.lastLat = grown(this.lastLat, NaN);
    this.wakeAt = grown(this.wakeAt, 0);
    this.atSeen = grown(this.atSeen, NaN);
  }

  /**
   * Redraws the first n dots that moved at least `tol` degrees (on either axis) since drawn, at
   * local time nowMs; returns how many it wrote.
   */
  write(m: StaffModel, pts: readonly PointPrimitive[], n: number, nowMs: number, tol: number): number {
    if (!(tol >= this.tolSeen)) this.wakeAt.fill(0);
    this.tolSeen = tol;
    const { fromLng, fromLat, lng, lat, t0, dur, at } = m;
    const { lastLng, lastLat, wakeAt, atSeen, scratch } = this;
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const fixAt = at[i]!;
      if (fixAt === atSeen[i] && nowMs < wakeAt[i]!) continue;
      atSeen[i] = fixAt;
      // where the dot is due now: the same interpolation as sample()
      const d = dur[i]!;
      const s = t0[i]!;
      let u = d > 0 ? (nowMs - s) / d : 1;
      let x: number, y: number;
      if (u >= 1) {
        x = lng[i]!;
        y = lat[i]!;
      } else {
        if (u < 0) u = 0;
        x = fromLng[i]! + u * (lng[i]! - fromLng[i]!);
        y = fromLat[i]! + u * (lat[i]! - fromLat[i]!);
      }
      let dx = x - lastLng[i]!;
      let dy = y - lastLat[i]!;
      if (!(dx < tol && dx > -tol && dy < tol && dy > -tol)) {
        lastLng[i] = x;
        lastLat[i] = y;
        dx = dy = 0;
        pts[i]!.position = onGround(this.ground, x, y, this.liftM, scratch);
        moved++;
      }
      if (u >= 1) {
        wakeAt[i] = Infinity; // standing at its fix until the next one
        continue;
      }
      // degrees per ms on each axis; how long until either axis can be the tolerance away
      const tx = (tol - Math.abs(dx)) / (Math.abs(lng[i]! - fromLng[i]!) / d);
      const ty = (tol - Math.abs(dy)) / (Math.abs(lat[i]! - fromLat[i]!) / d);
      wakeAt[i] = (nowMs > s ? nowMs : s) + EARLY * (tx < ty ? tx : ty);
    }
    return moved;
  }
}
