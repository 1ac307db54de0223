import {
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  LabelCollection,
  LabelStyle,
  Material,
  PolylineCollection,
  VerticalOrigin,
  type Scene,
} from 'cesium';
import { areaName, translator, type Lang, type Translate } from '../../i18n/i18n.ts';
import type { Street } from '../../domain/district.types.ts';
import { drapedLine, onGround } from '../shared/ground-drape.ts';
import type { GroundHeights } from '../layer.types.ts';

// Streets whose feed has gone quiet or whose center is offline: outlined in a dashed warning colour with "数据滞后 n 秒" or "中心离线", so a
// duty officer never mistakes a frozen street for a calm one. Rebuilt only when the set changes.

const WARN = Color.fromCssColorString('#ff7a45');

export class StaleStreets {
  private readonly lines: PolylineCollection;
  private readonly labels: LabelCollection;
  private shown = '';

  constructor(
    private readonly scene: Scene,
    private readonly ground: GroundHeights,
  ) {
    this.lines = scene.primitives.add(new PolylineCollection()) as PolylineCollection;
    this.labels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
  }

  /**
   * stale: street id -> seconds since its last message (null: never heard from; 'offline': the
   * relay reports the street's center disconnected).
   */
  update(streets: readonly Street[], stale: ReadonlyMap<string, StreetLag>, lang: Lang): void {
    const key =
      [...stale.entries()]
        .map(([id, s]) => `${id}:${s === null ? '-' : s === 'offline' ? 'x' : Math.floor(s / 10)}`)
        .join(',') + lang;
    if (key === this.shown) return;
    this.shown = key;
    this.lines.removeAll();
    this.labels.removeAll();
    for (const st of streets) {
      if (!stale.has(st.id)) continue;
      const ring = st.polygon[0];
      if (!ring || ring.length < 3) continue;
      this.lines.add({
        positions: drapedLine(this.ground, ring, 3),
        width: 3,
        material: Material.fromType('PolylineDash', { color: WARN, dashLength: 20 }),
      });
      const s = stale.get(st.id);
      const age = lagLabel(s ?? null, translator(lang));
      this.labels.add({
        position: onGround(this.ground, st.center[0], st.center[1], 60, new Cartesian3()),
        text: `${areaName(lang, st)} · ${age}`,
        font: '600 16px sans-serif',
        fillColor: WARN,
        outlineColor: Color.BLACK,
        outlineWidth: 3,
        style: LabelStyle.FILL_AND_OUTLINE,
        distanceDisplayCondition: new DistanceDisplayCondition(0, 80_000),
        // under the street's own name label, which the grid layer draws at the same point
        verticalOrigin: VerticalOrigin.TOP,
        pixelOffset: new Cartesian2(0, 18),
      });
    }
  }

  get count(): number {
    return this.lines.length;
  }

  setVisible(v: boolean): void {
    this.lines.show = this.labels.show = v;
  }

  destroy(): void {
    this.scene.primitives.remove(this.lines);
    this.scene.primitives.remove(this.labels);
  }
}

export type StreetLag = number | null | 'offline';

export function lagLabel(s: StreetLag, t: Translate): string {
  if (s === 'offline') return t('staff.lag.offline');
  if (s === null) return t('staff.lag.noData');
  return t('staff.lag.behind', { s: Math.round(s) });
}
