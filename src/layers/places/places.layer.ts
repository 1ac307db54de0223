import {
  BillboardCollection,
  Cartesian3,
  Color,
  LabelCollection,
  LabelStyle,
  NearFarScalar,
  SceneTransforms,
  VerticalOrigin,
  type Billboard,
  type Label,
} from 'cesium';
import type { Place } from '../../domain/district.types.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { metresPerPixelAt } from '../../live/models/cameras-cluster.model.ts';
import type { WallState } from '../../state/wall.model.ts';
import type { GroundHeights, LayerContext, LayerDiagnostics, LegendEntry, PickHit, WallLayer } from '../layer.types.ts';
import { withImage } from '../shared/billboard-image.ts';
import { onGround } from '../shared/ground-drape.ts';
import { clusterCellM, clusterPlaces, parsePlaces, PLACE_KINDS, type PlaceCluster } from './places.cluster.ts';
import { PLACE_STYLE, placeClusterImage, placeIcon } from './places.style.ts';

// Places (地 of 人事地物情组织): the district's 11,000+ schools, clinics, markets, party-mass service
// centres… as icons by kind. At district scale they are binned into cluster markers (count, colour of
// the commonest kind); a click on a cluster flies closer, a click on a place opens its panel. The
// layer loads its own data (/api/places) once, and starts hidden: an operator switches it on.

const HEIGHT_M = 12;
const ICON_SCALE = new NearFarScalar(500, 1.1, 20_000, 0.6);
const MAX_ERRORS = 20;

class PlacesLayer implements WallLayer {
  readonly id = 'places';
  readonly defaultVisible = false;
  private ctx: LayerContext | null = null;
  private ground: GroundHeights = { terrain: false, at: () => 0 };
  private places: Place[] = [];
  private indexById = new Map<string, number>();
  private icons: BillboardCollection | null = null;
  private clusterIcons: BillboardCollection | null = null;
  private clusterLabels: LabelCollection | null = null;
  private singles: Billboard[] = [];
  private clusterMarks: { b: Billboard; l: Label }[] = [];
  private clusters: PlaceCluster[] = [];
  private cellSeen = -1;
  private clustersShown = 0;
  private singlesShown = 0;
  private visible = true;
  private settled = false;
  private dropped = 0;
  private errors: string[] = [];
  private cleanups: (() => void)[] = [];

  create(ctx: LayerContext): void {
    this.ctx = ctx;
    this.ground = ctx.ground;
    const { scene } = ctx;
    this.icons = scene.primitives.add(new BillboardCollection({ scene })) as BillboardCollection;
    this.clusterIcons = scene.primitives.add(new BillboardCollection({ scene })) as BillboardCollection;
    this.clusterLabels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
    this.applyVisible();
    this.cleanups.push(scene.preRender.addEventListener(() => this.guard('frame', () => this.frame())));
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const res = await fetch('/api/places', { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`/api/places: HTTP ${res.status}`);
      const { places, dropped } = parsePlaces(await res.json());
      if (!this.ctx) return;
      this.places = places;
      this.dropped = dropped;
      if (dropped > 0) this.note(`dropped ${dropped} malformed places`);
      this.guard('build', () => this.build());
    } catch (err) {
      this.note(`places unavailable: ${(err as Error).message}`);
    } finally {
      this.settled = true;
      this.ctx?.requestRender();
    }
  }

  /** One hidden billboard per place, made once; reclustering only switches them on and off. */
  private build(): void {
    const icons = this.icons!;
    const scratch = new Cartesian3();
    this.singles = this.places.map((p, i) => {
      this.indexById.set(p.id, i);
      const b = icons.add({
        id: { place: i },
        position: onGround(this.ground, p.position[0], p.position[1], HEIGHT_M, scratch),
        verticalOrigin: VerticalOrigin.CENTER,
        scale: 0.8,
        scaleByDistance: ICON_SCALE,
        // Above the 3D buildings, like the area labels: a place inside a block must stay clickable.
        disableDepthTestDistance: Number.POSITIVE_INFINITY,
        show: false,
      });
      return withImage(b, `gw-place-${p.kind}`, placeIcon(p.kind));
    });
    this.cellSeen = -1;
  }

  /** Per frame: cheap unless the zoom crossed a cell size. */
  private frame(): void {
    const ctx = this.ctx;
    if (!ctx || !this.visible || this.singles.length === 0) return;
    const camera = ctx.scene.camera;
    const fovy = (camera.frustum as { fovy?: number }).fovy ?? Math.PI / 3;
    const mpp = metresPerPixelAt(
      Math.max(1, camera.positionCartographic.height),
      (fovy * 180) / Math.PI,
      ctx.scene.canvas.clientHeight || 1,
    );
    const cell = clusterCellM(mpp);
    if (cell === this.cellSeen) return;
    this.cellSeen = cell;
    this.recluster(cell);
    ctx.requestRender();
  }

  private recluster(cellM: number): void {
    this.clusters =
      cellM > 0
        ? clusterPlaces(this.places, cellM)
        : this.places.map((p, i) => ({ lng: p.position[0], lat: p.position[1], count: 1, topKind: p.kind, single: i }));
    for (const b of this.singles) b.show = false;
    const scratch = new Cartesian3();
    let k = 0;
    let singles = 0;
    for (const c of this.clusters) {
      if (c.single >= 0) {
        this.singles[c.single].show = true;
        singles++;
        continue;
      }
      let mark = this.clusterMarks[k];
      if (!mark) {
        const b = this.clusterIcons!.add({
          position: Cartesian3.ZERO,
          verticalOrigin: VerticalOrigin.CENTER,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        });
        const l = this.clusterLabels!.add({
          position: Cartesian3.ZERO,
          font: '600 12px sans-serif',
          style: LabelStyle.FILL_AND_OUTLINE,
          outlineWidth: 3,
          outlineColor: Color.BLACK,
          fillColor: Color.WHITE,
          verticalOrigin: VerticalOrigin.CENTER,
          disableDepthTestDistance: Number.POSITIVE_INFINITY,
        });
        this.clusterMarks.push((mark = { b, l }));
      }
      const pos = onGround(this.ground, c.lng, c.lat, HEIGHT_M, scratch);
      withImage(mark.b, `gw-place-cluster-${c.topKind}`, placeClusterImage(c.topKind));
      mark.b.position = pos;
      mark.b.id = { placeCluster: k };
      mark.b.scale = c.count >= 100 ? 0.9 : c.count >= 20 ? 0.75 : 0.6;
      mark.l.position = pos;
      mark.l.text = String(c.count);
      mark.b.show = mark.l.show = true;
      k++;
    }
    for (let j = k; j < this.clusterMarks.length; j++)
      this.clusterMarks[j].b.show = this.clusterMarks[j].l.show = false;
    this.clustersShown = k;
    this.singlesShown = singles;
  }

  update(_state: WallState): void {}

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.applyVisible();
    this.ctx?.requestRender();
  }

  private applyVisible(): void {
    for (const c of [this.icons, this.clusterIcons, this.clusterLabels]) if (c) c.show = this.visible;
  }

  /** Only while shown: a hidden layer's twelve kinds would crowd the legend for nothing. */
  legend(_state: WallState, t: Translate): LegendEntry | null {
    if (!this.visible) return null;
    return {
      layerId: this.id,
      title: t('places.legend.title'),
      items: PLACE_KINDS.map((k) => ({ color: PLACE_STYLE[k].color, label: t(`places.kind.${k}`) })),
    };
  }

  pick(picked: unknown): PickHit | null {
    if (!this.visible) return null;
    const p = picked as { collection?: unknown; id?: { place?: number; placeCluster?: number } } | undefined;
    if (!p?.id) return null;
    if (p.collection === this.icons && typeof p.id.place === 'number') {
      const place = this.places[p.id.place];
      return place ? { layerId: this.id, id: place.id, kind: 'place', detail: place } : null;
    }
    if (p.collection === this.clusterIcons && typeof p.id.placeCluster === 'number') {
      const c = this.clusters.filter((x) => x.single < 0)[p.id.placeCluster];
      return c
        ? {
            layerId: this.id,
            id: `cluster@${c.lng},${c.lat}`,
            detail: { lng: c.lng, lat: c.lat, cellM: this.cellSeen },
          }
        : null;
    }
    return null;
  }

  onClick(hit: PickHit): void {
    const ctx = this.ctx;
    if (!ctx) return;
    if (hit.kind === 'place') return ctx.selection.select({ kind: 'place', id: hit.id, detail: hit.detail });
    const at = hit.detail as { lng: number; lat: number; cellM: number } | undefined;
    if (!at) return;
    // A cluster: fly close enough that its cell splits (looking north at the usual pitch).
    const height = Math.min(6000, Math.max(1200, at.cellM * 1.5));
    const back = height / Math.tan((50 * Math.PI) / 180) / 111_000;
    ctx.dispatch({
      type: 'camera/set',
      target: {
        kind: 'view',
        lng: at.lng,
        lat: at.lat - back,
        height,
        heading: 0,
        pitch: -50,
        ground: [at.lng, at.lat],
      },
    });
  }

  screenPositionOf(id: string): { x: number; y: number } | null {
    const i = this.indexById.get(id);
    const b = i === undefined ? undefined : this.singles[i];
    if (!b || !b.show || !this.visible || !this.ctx) return null;
    const c = SceneTransforms.worldToWindowCoordinates(this.ctx.scene, b.position);
    return c ? { x: c.x, y: c.y } : null;
  }

  diagnostics(): LayerDiagnostics {
    return {
      count: this.places.length,
      visible: this.visible,
      settled: this.settled,
      errors: [...this.errors],
      extra: { clusters: this.clustersShown, singles: this.singlesShown, cellM: this.cellSeen, dropped: this.dropped },
    };
  }

  destroy(): void {
    for (const c of this.cleanups) c();
    this.cleanups = [];
    const prims = this.ctx?.scene.primitives;
    for (const c of [this.icons, this.clusterIcons, this.clusterLabels]) if (c && prims) prims.remove(c);
    this.icons = this.clusterIcons = null;
    this.clusterLabels = null;
    this.singles = [];
    this.clusterMarks = [];
    this.ctx = null;
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.note(`${what}: ${(err as Error)?.message ?? String(err)}`);
    }
  }

  private note(message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push(message);
    this.ctx?.reportError(`places: ${message}`);
  }
}

export const placesLayer = (): WallLayer => new PlacesLayer();
