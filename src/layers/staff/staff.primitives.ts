import {
  BillboardCollection,
  BlendOption,
  Cartesian3,
  Color,
  Material,
  NearFarScalar,
  PointPrimitiveCollection,
  PolylineCollection,
  type Billboard,
  type PointPrimitive,
  type Polyline,
  type Scene,
} from 'cesium';
import {
  createSampleOut,
  enRouteTargets,
  sampleOne,
  STAFF_CLASS,
  staffWithTrails,
  trailOf,
  type StaffModel,
  type StaffSampleOut,
} from '../../live/models/staff.model.ts';
import { TRAIL_CAPACITY } from '../../live/models/staff-trail.model.ts';
import { ecefInto } from '../shared/fast-ecef.ts';
import { onGround } from '../shared/ground-drape.ts';
import type { GroundHeights } from '../layer.types.ts';
import { withImage } from '../shared/billboard-image.ts';
import { STAFF_CLASS_COLORS, arrowImage } from './staff.style.ts';
import { StaffDots } from './staff-dots.primitives.ts';

// Draws the staff model with one point per person in a PointPrimitiveCollection that is written in
// place every animation frame (no entity, no allocation per person per frame). Only what changed is
// touched: positions whose sampled value moved visibly, colours of the people whose status changed. The
// few things that need more than a dot (heading arrows, trails, lines to the incident) are limited
// to the people that matter: en route, selected, or near the camera when zoomed in.

const LIFT_M = 3; // above the ground so street-level dots are not z-fighting the ground imagery
const MAX_ARROWS = 600;
const ARROW_NEAR_HEIGHT_M = 4000;
const SLOW_UPDATE_MS = 500;
const LINES_UPDATE_MS = 1000;
const TRAILS_PER_FRAME = 24;
const TRAIL_MAX_VERTICES = 60;

export interface StaffFrameStats {
  /** ms this frame: interpolating and writing the dots that moved, then everything else */
  interpolateMs: number;
  writeMs: number;
  moved: number;
  pointsMs?: number;
  restyleMs?: number;
  slowMs?: number;
  arrowsMs?: number;
}

/** Metres per pixel above which staff dots lose their outline (district scale). */
const OUTLINE_BELOW_MPP = 20;

export class StaffPrimitives {
  readonly points: PointPrimitiveCollection;
  private readonly arrows: BillboardCollection;
  private readonly trails: PolylineCollection;
  private readonly lines: PolylineCollection;
  private pts: PointPrimitive[] = [];
  private out: StaffSampleOut = createSampleOut(0);
  private readonly dots: StaffDots;
  private statusSeen = -1;
  private greyed = false;
  private arrowSlots: number[] = [];
  private arrowPool: Billboard[] = [];
  private nextSlowAt = 0;
  private trailLines = new Map<number, Polyline>();
  private targetLines: Polyline[] = [];
  private lineEnds: [Cartesian3, Cartesian3][] = [];
  private readonly scratch = new Cartesian3();
  private readonly north: Cartesian3;
  private outlineSeen = 1;
  stats: StaffFrameStats = { interpolateMs: 0, writeMs: 0, moved: 0 };

  constructor(
    private readonly scene: Scene,
    private readonly model: StaffModel,
    origin: [number, number],
    /** Where an incident is, for the en-route lines (null: unknown, no line). */
    private readonly incidentPosition: (incidentId: string) => readonly [number, number] | null,
    /** the terrain under the staff (ADR 0008); 0 on the flat globe */
    private readonly ground: GroundHeights,
  ) {
    this.points = scene.primitives.add(
      new PointPrimitiveCollection({ blendOption: BlendOption.OPAQUE }),
    ) as PointPrimitiveCollection;
    this.trails = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    this.lines = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    this.arrows = scene.primitives.add(new BillboardCollection({ scene })) as BillboardCollection;
    this.dots = new StaffDots(ground, LIFT_M);
    // Arrows point along the local north of the district centre (under 0.3° off anywhere in it).
    const a = ecefInto(origin[0], origin[1], 0, new Cartesian3());
    const b = ecefInto(origin[0], origin[1] + 0.001, 0, new Cartesian3());
    this.north = Cartesian3.normalize(Cartesian3.subtract(b, a, new Cartesian3()), new Cartesian3());
  }

  setVisible(visible: boolean): void {
    this.points.show = this.arrows.show = this.trails.show = this.lines.show = visible;
  }

  /** Disconnected: keep the last known positions, drawn grey. */
  setGreyed(greyed: boolean): void {
    if (greyed === this.greyed) return;
    this.greyed = greyed;
    this.statusSeen = -1;
  }

  get count(): number {
    return this.pts.length;
  }

  private grow(n: number): void {
    if (this.out.lng.length < n) {
      const cap = Math.max(n, this.out.lng.length * 2, 1024);
      this.out = createSampleOut(cap);
      this.dots.grow(cap);
    }
    for (let i = this.pts.length; i < n; i++) {
      this.pts.push(
        this.points.add({
          id: this.model.ids[i],
          pixelSize: 6,
          outlineColor: Color.BLACK.withAlpha(0.6),
          outlineWidth: this.outlineSeen,
          scaleByDistance: new NearFarScalar(500, 1.6, 40_000, 0.8),
          show: false,
        }),
      );
    }
    this.statusSeen = -1;
  }

  /** Writes the frame at local time nowMs. Call once per animation frame (scene.preRender). */
  frame(nowMs: number): StaffFrameStats {
    const m = this.model;
    const t0 = performance.now();
    if (m.count > this.pts.length) this.grow(m.count);
    const n = Math.min(m.count, this.pts.length);
    const pts = this.pts;
    // Movement under a quarter pixel is invisible (StaffDots writes only what moved more). Metres
    // per pixel from the eye's height is the finest scale anywhere in view (conservative).
    const cam = this.scene.camera;
    const fovy = (cam.frustum as { fovy?: number }).fovy ?? 1;
    const mpp =
      (2 * Math.max(1, cam.positionCartographic.height) * Math.tan(fovy / 2)) /
      Math.max(1, this.scene.canvas.clientHeight);
    const tol = (0.25 * mpp) / 111_320;
    const t1 = performance.now();
    const moved = this.dots.write(m, pts, n, nowMs, tol);
    const tp = performance.now();
    if (this.statusSeen !== m.statusVersion) this.restyle();
    // Far out, a 1 px dark outline around every 4 px dot turned the old town's thousand people into
    // a black smear that hid their status colours: outlines only once dots stand apart.
    const outline = mpp < OUTLINE_BELOW_MPP ? 1 : 0;
    if (outline !== this.outlineSeen) {
      this.outlineSeen = outline;
      for (const p of pts) p.outlineWidth = outline;
    }
    const tr = performance.now();
    if (nowMs >= this.nextSlowAt) {
      this.nextSlowAt = nowMs + SLOW_UPDATE_MS;
      this.slowUpdate(nowMs);
    }
    const ts = performance.now();
    this.writeArrows(tol, nowMs);
    if (this.trailQueue.length) this.updateTrails();
    const t2 = performance.now();
    this.stats = {
      interpolateMs: tp - t0,
      writeMs: t2 - tp,
      moved,
      pointsMs: tp - t1,
      restyleMs: tr - tp,
      slowMs: ts - tr,
      arrowsMs: t2 - ts,
    };
    return this.stats;
  }

  /** True while some dot is still gliding towards its latest fix (keep requesting frames). */
  animating(nowMs: number): boolean {
    const m = this.model;
    for (let i = 0; i < m.count; i++) if (m.dur[i] > 0 && nowMs - m.t0[i] < m.dur[i]) return true;
    return false;
  }

  /** Restyles the people whose status changed since the last restyle (everyone after a grow or greying). */
  private restyle(): void {
    const m = this.model;
    const since = this.statusSeen;
    this.statusSeen = m.statusVersion;
    const colors = STAFF_CLASS_COLORS;
    const changedAt = m.statusAt;
    for (let i = 0; i < this.pts.length; i++) {
      if (since >= 0 && changedAt[i] <= since) continue;
      const p = this.pts[i];
      const cls = m.cls[i];
      p.show = cls !== STAFF_CLASS.noFix;
      p.color = this.greyed ? colors.greyed : (colors.byClass[cls] ?? colors.greyed);
      p.pixelSize = cls === STAFF_CLASS.enRoute || m.selected[i] ? 8 : 6;
    }
  }

  /** Chooses who gets an arrow and refreshes trails and en-route lines (a few times a second). */
  private slowUpdate(nowMs: number): void {
    const m = this.model;
    const slots: number[] = [];
    for (let i = 0; i < m.count && slots.length < MAX_ARROWS; i++)
      if (m.cls[i] === STAFF_CLASS.enRoute || m.selected[i]) slots.push(i);
    const cam = this.scene.camera.positionCartographic;
    if (cam.height < ARROW_NEAR_HEIGHT_M && slots.length < MAX_ARROWS) {
      const lng0 = (cam.longitude * 180) / Math.PI;
      const lat0 = (cam.latitude * 180) / Math.PI;
      const r = (cam.height * 1.5) / 111_000;
      for (let i = 0; i < m.count && slots.length < MAX_ARROWS; i++) {
        if (m.cls[i] === STAFF_CLASS.enRoute || m.selected[i] || m.cls[i] === STAFF_CLASS.noFix) continue;
        if (Math.abs(m.lng[i] - lng0) < r && Math.abs(m.lat[i] - lat0) < r) slots.push(i);
      }
    }
    this.arrowSlots = slots;
    this.arrowLast.fill(NaN);
    while (this.arrowPool.length < slots.length) {
      this.arrowPool.push(
        withImage(
          this.arrows.add({ position: Cartesian3.ZERO, alignedAxis: this.north, width: 18, height: 18, show: false }),
          'gw-staff-arrow',
          arrowImage(),
        ),
      );
    }
    for (let k = 0; k < this.arrowPool.length; k++) {
      const b = this.arrowPool[k];
      const i = slots[k];
      if (i !== undefined) sampleOne(m, i, nowMs, this.out);
      b.show = i !== undefined && !(this.out.heading[i] !== this.out.heading[i]);
      if (i !== undefined) b.color = this.greyed ? STAFF_CLASS_COLORS.greyed : STAFF_CLASS_COLORS.byClass[m.cls[i]];
    }
    this.trailQueue = staffWithTrails(m);
    for (const [i, line] of this.trailLines) {
      if (m.trailSlot[i] < 0) {
        this.trails.remove(line);
        this.trailLines.delete(i);
        this.trailSeen.delete(i);
      }
    }
    if (nowMs >= this.nextLinesAt) {
      this.nextLinesAt = nowMs + LINES_UPDATE_MS;
      this.updateTargetLines(nowMs);
    }
  }

  private arrowLast = new Float64Array(MAX_ARROWS * 3);

  private writeArrows(tol: number, nowMs: number): void {
    const { lng, lat, heading } = this.out;
    const last = this.arrowLast;
    for (let k = 0; k < this.arrowSlots.length; k++) {
      const i = this.arrowSlots[k];
      const b = this.arrowPool[k];
      if (!b.show) continue;
      sampleOne(this.model, i, nowMs, this.out);
      const dx = lng[i] - last[3 * k];
      const dy = lat[i] - last[3 * k + 1];
      const dh = heading[i] - last[3 * k + 2];
      if (dx < tol && dx > -tol && dy < tol && dy > -tol && dh < 2 && dh > -2) continue;
      last[3 * k] = lng[i];
      last[3 * k + 1] = lat[i];
      last[3 * k + 2] = heading[i];
      b.position = onGround(this.ground, lng[i], lat[i], LIFT_M + 1, this.scratch);
      b.rotation = (-heading[i] * Math.PI) / 180;
    }
  }

  private trailBuf = new Float64Array(TRAIL_CAPACITY * 2);
  private trailQueue: number[] = [];
  private trailCursor = 0;
  private trailSeen = new Map<number, number>();
  private nextLinesAt = 0;

  /**
   * Redraws a bounded number of trails per frame, round robin, and only those whose fixes changed:
   * hundreds of responders must not cost one long frame every second.
   */
  private updateTrails(): void {
    const m = this.model;
    const q = this.trailQueue;
    for (let budget = Math.min(TRAILS_PER_FRAME, q.length); budget > 0; budget--) {
      const i = q[this.trailCursor++ % q.length];
      if (m.trailSlot[i] < 0) continue;
      const key = m.at[i] + m.cls[i] * 1e-3 + (this.greyed ? 0.5 : 0);
      if (this.trailSeen.get(i) === key) continue;
      this.trailSeen.set(i, key);
      const n = trailOf(m, i, this.trailBuf);
      // At most ~60 vertices per trail: five minutes at 1 Hz reads the same at wall scale.
      const step = Math.max(1, Math.ceil(n / TRAIL_MAX_VERTICES));
      const positions: Cartesian3[] = [];
      for (let k = 0; k < n; k += step)
        positions.push(onGround(this.ground, this.trailBuf[2 * k], this.trailBuf[2 * k + 1], LIFT_M, new Cartesian3()));
      positions.push(onGround(this.ground, m.lng[i], m.lat[i], LIFT_M, new Cartesian3()));
      if (positions.length < 2) continue;
      const color = this.greyed ? STAFF_CLASS_COLORS.greyed : STAFF_CLASS_COLORS.byClass[m.cls[i]];
      let line = this.trailLines.get(i);
      if (!line) {
        line = this.trails.add({ width: 2, material: Material.fromType('Color', { color: color.withAlpha(0.7) }) });
        this.trailLines.set(i, line);
      }
      line.positions = positions;
    }
  }

  private updateTargetLines(nowMs: number): void {
    const targets = enRouteTargets(this.model);
    let k = 0;
    for (const { index, incidentId } of targets) {
      const to = this.incidentPosition(incidentId);
      if (!to) continue;
      let line = this.targetLines[k];
      if (!line) {
        line = this.lines.add({
          width: 1.5,
          material: Material.fromType('PolylineDash', {
            color: STAFF_CLASS_COLORS.byClass[STAFF_CLASS.enRoute],
            dashLength: 12,
          }),
        });
        this.targetLines.push(line);
        this.lineEnds.push([new Cartesian3(), new Cartesian3()]);
      }
      const ends = this.lineEnds[k];
      sampleOne(this.model, index, nowMs, this.out);
      onGround(this.ground, this.out.lng[index], this.out.lat[index], LIFT_M, ends[0]);
      onGround(this.ground, to[0], to[1], LIFT_M, ends[1]);
      line.show = true;
      line.positions = ends;
      k++;
    }
    for (; k < this.targetLines.length; k++) this.targetLines[k].show = false;
  }

  /** The staff id of a picked point, or null. */
  pick(picked: unknown): string | null {
    const p = picked as { collection?: unknown; id?: unknown } | undefined;
    return p && p.collection === this.points && typeof p.id === 'string' ? p.id : null;
  }

  positionOf(staffId: string): Cartesian3 | null {
    const i = this.model.indexById.get(staffId);
    if (i === undefined || i >= this.pts.length || !this.pts[i].show) return null;
    return this.pts[i].position;
  }

  destroy(): void {
    for (const c of [this.points, this.arrows, this.trails, this.lines]) this.scene.primitives.remove(c);
    this.pts = [];
  }
}
