import {
  Cartesian2,
  Color,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  NearFarScalar,
  PointPrimitiveCollection,
  PolylineCollection,
  Material,
  VerticalOrigin,
  type Cartesian3,
  type PointPrimitive,
  type Polyline,
  type Scene,
} from 'cesium';
import type { ReplayModel } from '../../domain/replay/replay.model.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { Incident } from '../../protocol/incident.schema.ts';
import { countdownOf, markerText } from '../shared/incident-countdown.ts';

// The replay's Cesium primitives: one point collection reused for everyone (points are moved, never
// re-created per frame), a few hundred incident markers and labels, and responders' trails.

/** by STAFF_STATUSES index: on-duty, responding, on-scene, break, off-duty */
export const STATUS_COLORS = [
  Color.fromCssColorString('#3ddc84'),
  Color.fromCssColorString('#ffb547'),
  Color.fromCssColorString('#ff5a5f'),
  Color.fromCssColorString('#8aa0b8'),
  Color.fromCssColorString('#4a5a6a'),
];
const TIMING_COLORS: Record<string, Color> = {
  'on-time': Color.fromCssColorString('#37f0ff'),
  'at-risk': Color.fromCssColorString('#ffb547'),
  overdue: Color.fromCssColorString('#ff5a5f'),
};
const TRAIL_COLOR = Color.fromCssColorString('#ffb547').withAlpha(0.8);

export class ReplayPrimitives {
  private readonly points: PointPrimitiveCollection;
  private readonly markers: PointPrimitiveCollection;
  private readonly labels: LabelCollection;
  private readonly lines: PolylineCollection;
  private readonly pool: PointPrimitive[] = [];
  /** Trails are moved and hidden, never removed: removing a polyline destroys its material with it */
  private readonly trailPool: Polyline[] = [];

  constructor(private readonly scene: Scene) {
    this.lines = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    this.points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    this.markers = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    this.labels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
    this.show(false);
  }

  person(i: number, position: Cartesian3, color: Color) {
    let p = this.pool[i];
    if (!p) {
      p = this.points.add({ position, color, pixelSize: 7, outlineColor: Color.BLACK, outlineWidth: 1 });
      this.pool.push(p);
    } else {
      p.position = position;
      if (!Color.equals(p.color, color)) p.color = color;
    }
    p.show = true;
  }

  /** Hides the points past the first `n` (fewer people in this window than the last). */
  people(n: number) {
    for (let i = n; i < this.pool.length; i++) if (this.pool[i].show) this.pool[i].show = false;
  }

  /** Redraws the open incidents at t; returns how many. */
  incidents(list: readonly Incident[], t: number, at: (lng: number, lat: number) => Cartesian3, tr: Translate): number {
    this.markers.removeAll();
    this.labels.removeAll();
    for (const inc of list) {
      const [lng, lat] = inc.position!;
      const c = countdownOf(inc, t);
      const position = at(lng, lat);
      this.markers.add({
        position,
        pixelSize: 14,
        color: TIMING_COLORS[c.timing] ?? Color.WHITE,
        outlineColor: Color.BLACK,
        outlineWidth: 2,
      });
      this.labels.add({
        position,
        text: markerText(inc, c, tr),
        font: '600 15px sans-serif',
        fillColor: Color.WHITE,
        outlineColor: Color.BLACK,
        outlineWidth: 3,
        style: LabelStyle.FILL_AND_OUTLINE,
        pixelOffset: new Cartesian2(0, 14),
        horizontalOrigin: HorizontalOrigin.CENTER,
        verticalOrigin: VerticalOrigin.TOP,
        translucencyByDistance: new NearFarScalar(5_000, 1, 20_000, 0),
      });
    }
    return list.length;
  }

  /** The last `windowMs` of each responder's kept track, ending where they are at t. */
  trails(model: ReplayModel, t: number, windowMs: number, at: (lng: number, lat: number) => Cartesian3) {
    const { points, header } = model.chunk;
    const rel = t - header.t0;
    let n = 0;
    for (let s = 0; s < header.staff.length; s++) {
      const a = model.start[s];
      const b = model.start[s + 1];
      const positions: Cartesian3[] = [];
      let responding = false;
      for (let i = a; i < b; i++) {
        const off = points.offsetMs[i];
        if (off > rel) break;
        if (off < rel - windowMs) continue;
        responding = points.incident[i] >= 0;
        positions.push(at(points.lng[i] / 1e6, points.lat[i] / 1e6));
      }
      if (!responding || positions.length < 2) continue;
      const line = this.trailPool[n];
      if (line) {
        line.positions = positions;
        line.show = true;
      } else {
        // each its own material: a polyline destroys its material when it goes
        const material = Material.fromType('Color', { color: TRAIL_COLOR });
        this.trailPool.push(this.lines.add({ positions, width: 3, material }));
      }
      n++;
    }
    this.hideTrails(n);
  }

  private hideTrails(from: number) {
    for (let i = from; i < this.trailPool.length; i++) if (this.trailPool[i].show) this.trailPool[i].show = false;
  }

  show(v: boolean) {
    this.points.show = v;
    this.markers.show = v;
    this.labels.show = v;
    this.lines.show = v;
  }

  clear() {
    this.people(0);
    this.markers.removeAll();
    this.labels.removeAll();
    this.hideTrails(0);
  }

  destroy() {
    for (const p of [this.points, this.markers, this.labels, this.lines]) this.scene.primitives.remove(p);
  }
}
