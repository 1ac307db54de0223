import {
  BillboardCollection,
  BoundingSphere,
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  ComponentDatatype,
  DistanceDisplayConditionGeometryInstanceAttribute,
  Geometry,
  GeometryAttribute,
  GeometryAttributes,
  GeometryInstance,
  LabelCollection,
  LabelStyle,
  NearFarScalar,
  PerInstanceColorAppearance,
  PointPrimitiveCollection,
  Primitive,
  PrimitiveType,
  VerticalOrigin,
  type Billboard,
  type Label,
  type PointPrimitive,
  type Scene,
} from 'cesium';
import { onGround } from '../shared/ground-drape.ts';
import type { GroundHeights } from '../layer.types.ts';
import { CAMERA_STATUS, viewCone, type CameraModel } from '../../live/models/cameras.model.ts';
import { clusterCameras, metresPerPixelAt, type CameraCluster } from '../../live/models/cameras-cluster.model.ts';
import { CAMERA_STATUS_COLORS, clusterImage } from './cameras.style.ts';
import { withImage } from '../shared/billboard-image.ts';

// 5,000+ cameras without one entity each: a PointPrimitiveCollection of status-coloured dots; at
// district scale the dots give way to cluster markers (count + worst status) recomputed only when
// the zoom crosses a power-of-two cell size or statuses change; closer in, every camera's view cone
// lies on the ground, all of them in ONE Primitive with a per-instance colour and a per-instance
// distance condition, so the GPU (not JS) decides which cones are near enough to show.

const CONE_MAX_DISTANCE_M = 2500;
const CLUSTER_CELL_PX = 72;
/** Cameras per cone Primitive: one such chunk is built per frame after start. */
const CONE_CHUNK = 1000;

/** Below this many metres per pixel every camera is drawn on its own. */
const CLUSTER_FROM_MPP = 2.5;

export class CameraPrimitives {
  private readonly points: PointPrimitiveCollection;
  private readonly clusterBillboards: BillboardCollection;
  private readonly clusterLabels: LabelCollection;
  /** Cones in chunks of CONE_CHUNK cameras, built one chunk per frame after start (index i → chunk i / CONE_CHUNK). */
  private cones: Primitive[] = [];
  private conesBuilt = 0;
  private pts: PointPrimitive[] = [];
  private versionSeen = -1;
  private drawnStatus = new Uint8Array(0);
  private conesPending = true;
  private cellSeen = -1;
  private greyed = false;
  private clusters: CameraCluster[] = [];
  private clusterMarks: { b: Billboard; l: Label }[] = [];
  private visible = true;

  constructor(
    private readonly scene: Scene,
    private readonly model: CameraModel,
    /** the terrain under the cameras (ADR 0008); 0 on the flat globe */
    private readonly ground: GroundHeights,
  ) {
    this.points = scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    this.clusterBillboards = scene.primitives.add(new BillboardCollection({ scene })) as BillboardCollection;
    this.clusterLabels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
    const t0 = performance.now();
    const scratch = new Cartesian3();
    for (const c of model.cameras) {
      this.pts.push(
        this.points.add({
          id: c.id,
          position: onGround(ground, c.position[0], c.position[1], Math.max(2, c.height), scratch),
          pixelSize: 5,
          outlineColor: Color.fromCssColorString('#0b1220'),
          outlineWidth: 1,
          scaleByDistance: new NearFarScalar(300, 1.2, 20_000, 0.7),
        }),
      );
    }
    this.buildMs = performance.now() - t0;
  }

  /** ms spent building dots and cone geometry (dots at start, cones chunk by chunk after). */
  buildMs = 0;

  private get conesReady(): boolean {
    return this.conesBuilt === this.model.cameras.length && this.cones.every((c) => c.ready);
  }

  get count(): number {
    return this.pts.length;
  }

  /**
   * The next CONE_CHUNK cones as one Primitive. Precomputed geometry must be combined synchronously,
   * which for all 13,770 cameras at once froze the wall for seconds at start (under SwiftShader);
   * a chunk per frame spreads that, and cones are only drawn close in, never in the first view.
   */
  private buildConeChunk(): void {
    const t0 = performance.now();
    const m = this.model;
    const instances: GeometryInstance[] = [];
    const scratch = new Cartesian3();
    const ddc = new DistanceDisplayConditionGeometryInstanceAttribute(0, CONE_MAX_DISTANCE_M);
    const from = this.conesBuilt;
    const to = Math.min(m.cameras.length, from + CONE_CHUNK);
    for (let i = from; i < to; i++) {
      const c = m.cameras[i];
      const ring = viewCone(c, m.coneSegments);
      const isFan = ring.length > 2 && ring[0][0] === c.position[0] && ring[0][1] === c.position[1];
      const pts = ring.slice(0, -1);
      // A disc (fov 360) has no apex in the ring: fan from the camera position instead.
      const fan = isFan ? pts : [c.position, ...pts];
      const positions = new Float64Array(fan.length * 3);
      for (let k = 0; k < fan.length; k++) {
        onGround(this.ground, fan[k][0], fan[k][1], 1.0, scratch);
        positions[3 * k] = scratch.x;
        positions[3 * k + 1] = scratch.y;
        positions[3 * k + 2] = scratch.z;
      }
      const indices = new Uint16Array((fan.length - 2) * 3 + (isFan ? 0 : 3));
      let w = 0;
      for (let k = 1; k < fan.length - 1; k++) {
        indices[w++] = 0;
        indices[w++] = k;
        indices[w++] = k + 1;
      }
      if (!isFan) {
        indices[w++] = 0;
        indices[w++] = fan.length - 1;
        indices[w] = 1;
      }
      const geometry = new Geometry({
        attributes: {
          position: new GeometryAttribute({
            componentDatatype: ComponentDatatype.DOUBLE,
            componentsPerAttribute: 3,
            values: positions,
          }),
        } as GeometryAttributes,
        indices,
        primitiveType: PrimitiveType.TRIANGLES,
        boundingSphere: BoundingSphere.fromVertices(Array.from(positions)),
      });
      instances.push(
        new GeometryInstance({
          id: c.id,
          geometry,
          attributes: {
            color: ColorGeometryInstanceAttribute.fromColor(this.coneColor(m.status[i])),
            distanceDisplayCondition: ddc,
          },
        }),
      );
    }
    const chunk = this.scene.primitives.add(
      new Primitive({
        geometryInstances: instances,
        appearance: new PerInstanceColorAppearance({ flat: true, translucent: true, closed: false }),
        asynchronous: false,
        releaseGeometryInstances: true,
        allowPicking: false,
      }),
    ) as Primitive;
    chunk.show = this.visible;
    this.cones.push(chunk);
    this.conesBuilt = to;
    this.buildMs += performance.now() - t0;
    this.scene.requestRender();
  }

  private coneColor(status: number): Color {
    return (this.greyed ? CAMERA_STATUS_COLORS.greyed : CAMERA_STATUS_COLORS.byStatus[status]).withAlpha(
      status === CAMERA_STATUS.online ? 0.13 : 0.1,
    );
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.points.show = this.clusterBillboards.show = this.clusterLabels.show = visible;
    for (const c of this.cones) c.show = visible;
  }

  setGreyed(greyed: boolean): void {
    if (greyed === this.greyed) return;
    this.greyed = greyed;
    this.versionSeen = -1;
  }

  /** Once per frame: cheap unless the zoom crossed a cell size or statuses changed. */
  frame(): void {
    if (!this.visible) return;
    const scene = this.scene;
    const height = Math.max(1, scene.camera.positionCartographic.height);
    const fovy = (scene.camera.frustum as { fovy?: number }).fovy ?? Math.PI / 3;
    const mpp = metresPerPixelAt(height, (fovy * 180) / Math.PI, scene.canvas.clientHeight || 1);
    const cell = mpp < CLUSTER_FROM_MPP ? 0 : 2 ** Math.round(Math.log2(mpp * CLUSTER_CELL_PX));
    const m = this.model;
    if (this.conesBuilt < m.cameras.length) {
      this.buildConeChunk();
      this.conesPending = true;
    } else if (this.conesPending && this.conesReady) this.recolour();
    if (cell === this.cellSeen && m.version === this.versionSeen) return;
    const statusChanged = m.version !== this.versionSeen;
    this.cellSeen = cell;
    this.versionSeen = m.version;
    if (statusChanged) this.recolour();
    this.recluster(cell);
    scene.requestRender();
  }

  /** Touches only the cameras whose drawn status differs from the model's (a few per second). */
  private recolour(): void {
    const m = this.model;
    const all = this.drawnStatus.length !== m.status.length;
    if (all) this.drawnStatus = new Uint8Array(m.status.length).fill(255);
    const conesReady = this.conesReady;
    for (let i = 0; i < this.pts.length; i++) {
      const st = this.greyed ? 254 : m.status[i];
      if (this.drawnStatus[i] === st) continue;
      this.pts[i].color = this.greyed ? CAMERA_STATUS_COLORS.greyed : CAMERA_STATUS_COLORS.byStatus[st];
      if (!conesReady) continue; // drawnStatus stays stale, so the cone is coloured once it is ready
      const attrs = this.cones[Math.floor(i / CONE_CHUNK)]!.getGeometryInstanceAttributes(m.cameras[i].id);
      if (attrs)
        attrs.color = ColorGeometryInstanceAttribute.toValue(this.coneColor(m.status[i]), attrs.color as Uint8Array);
      this.drawnStatus[i] = st;
    }
    this.conesPending = !conesReady;
  }

  private recluster(cellM: number): void {
    const m = this.model;
    this.clusters = cellM > 0 ? clusterCameras(m, { cellM }) : [];
    const singles = new Uint8Array(m.cameras.length);
    if (cellM === 0) singles.fill(1);
    let k = 0;
    for (const c of this.clusters) {
      if (c.single >= 0) {
        singles[c.single] = 1;
        continue;
      }
      let mark = this.clusterMarks[k];
      if (!mark) {
        mark = {
          b: withImage(
            this.clusterBillboards.add({ position: Cartesian3.ZERO, verticalOrigin: VerticalOrigin.CENTER }),
            'gw-camera-cluster',
            clusterImage(),
          ),
          l: this.clusterLabels.add({
            position: Cartesian3.ZERO,
            font: '600 11px sans-serif',
            style: LabelStyle.FILL_AND_OUTLINE,
            outlineWidth: 3,
            outlineColor: Color.BLACK,
            fillColor: Color.WHITE,
            verticalOrigin: VerticalOrigin.CENTER,
          }),
        };
        this.clusterMarks.push(mark);
      }
      const pos = onGround(this.ground, c.lng, c.lat, 5, new Cartesian3());
      const size = 16 + Math.min(16, Math.log2(c.count) * 2);
      mark.b.show = mark.l.show = true;
      mark.b.position = pos;
      mark.b.width = mark.b.height = size;
      mark.b.color = this.greyed ? CAMERA_STATUS_COLORS.greyed : CAMERA_STATUS_COLORS.byStatus[c.worst];
      mark.b.id = { cluster: k };
      mark.l.position = pos;
      mark.l.text = String(c.count);
      k++;
    }
    for (; k < this.clusterMarks.length; k++) this.clusterMarks[k].b.show = this.clusterMarks[k].l.show = false;
    let shown = 0;
    for (let i = 0; i < this.pts.length; i++) {
      const show = singles[i] === 1;
      this.pts[i].show = show;
      if (show) shown++;
    }
    this.singlesShown = shown;
    this.clustersShown = k;
  }

  private singlesShown = 0;
  private clustersShown = 0;

  /** Camera id of a picked dot; a picked cluster gives the camera nearest its centre (zoom target). */
  pick(
    picked: unknown,
  ): { kind: 'camera'; id: string } | { kind: 'cluster'; lng: number; lat: number; count: number } | null {
    const p = picked as { collection?: unknown; id?: unknown } | undefined;
    if (!p) return null;
    if (p.collection === this.points && typeof p.id === 'string') return { kind: 'camera', id: p.id };
    if (p.collection === this.clusterBillboards && p.id && typeof (p.id as { cluster?: number }).cluster === 'number') {
      const all = this.clusters.filter((c) => c.single < 0);
      const c = all[(p.id as { cluster: number }).cluster];
      return c ? { kind: 'cluster', lng: c.lng, lat: c.lat, count: c.count } : null;
    }
    return null;
  }

  positionOf(cameraId: string): Cartesian3 | null {
    const i = this.model.indexById.get(cameraId);
    return i === undefined || !this.pts[i].show ? null : this.pts[i].position;
  }

  diagnostics(): { clusters: number; singles: number; cellM: number; buildMs: number; conesBuilt: number } {
    // Read by the host every frame: figures kept by recluster, nothing counted here.
    return {
      clusters: this.clustersShown,
      singles: this.singlesShown,
      cellM: this.cellSeen,
      buildMs: Math.round(this.buildMs),
      conesBuilt: this.conesBuilt,
    };
  }

  destroy(): void {
    for (const c of [this.points, this.clusterBillboards, this.clusterLabels, ...this.cones])
      this.scene.primitives.remove(c);
    this.cones = [];
  }
}
