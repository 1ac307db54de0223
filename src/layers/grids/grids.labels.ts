import {
  Cartesian2,
  Cartesian3,
  Color,
  HorizontalOrigin,
  LabelStyle,
  SceneTransforms,
  VerticalOrigin,
  type Label,
  type Scene,
} from 'cesium';
import type { AreaUnit } from '../../domain/district.types.ts';
import { areaName } from '../../i18n/i18n.ts';
import type { WallState } from '../../state/wall.model.ts';
import type { GroundHeights } from '../layer.types.ts';
import type { AreaLevelKey } from './grids.view.ts';

// Where the grid layer writes and points on screen: area name labels (font, placement, decluttering)
// and the on-screen points of an area that a test or a tooltip can click.

export const FILL_HEIGHT = 0.5; // metres above the ellipsoid: under the buildings, over the ground imagery
export const LABEL_HEIGHT = 40;
/** The flat globe: labels and click points at their fixed heights (no terrain). */
export const FLAT: GroundHeights = { terrain: false, at: () => 0 };
const FONT_STACK =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';
export const LABEL_PX: Record<AreaLevelKey, number> = { street: 28, community: 24, grid: 20 };
const LABEL_FONT = (level: AreaLevelKey) => `bold ${LABEL_PX[level]}px ${FONT_STACK}`;

export function labelOptions(
  unit: AreaUnit,
  level: AreaLevelKey,
  lang: WallState['lang'],
  ground: GroundHeights = FLAT,
) {
  return {
    id: unit.id,
    position: Cartesian3.fromDegrees(
      unit.center[0],
      unit.center[1],
      LABEL_HEIGHT + ground.at(unit.center[0], unit.center[1]),
    ),
    text: areaName(lang, unit),
    font: LABEL_FONT(level),
    fillColor: Color.WHITE,
    outlineColor: Color.fromCssColorString('#04121f'),
    outlineWidth: 5,
    style: LabelStyle.FILL_AND_OUTLINE,
    horizontalOrigin: HorizontalOrigin.CENTER,
    verticalOrigin: VerticalOrigin.CENTER,
    pixelOffset: Cartesian2.ZERO,
    // Labels stay readable over the 3D buildings (and stay the top pick at their centre).
    disableDepthTestDistance: Number.POSITIVE_INFINITY,
    show: false,
  };
}

/**
 * Hides labels that would overlap a more important one (`ids` come most important first), so the
 * dense urban core does not turn into a pile of text. Cheap: a few dozen labels per view.
 */
export function declutterLabels(
  scene: Scene,
  labelById: ReadonlyMap<string, Label>,
  ids: readonly string[],
  px: number,
): void {
  const placed: [number, number, number, number][] = [];
  for (const id of ids) {
    const label = labelById.get(id);
    if (!label) continue;
    const win = SceneTransforms.worldToWindowCoordinates(scene, label.position);
    if (!win) {
      label.show = false;
      continue;
    }
    const w = textWidth(label.text, px) / 2 + 4;
    const h = px * 0.6 + 2;
    const box: [number, number, number, number] = [win.x - w, win.y - h, win.x + w, win.y + h];
    const clash = placed.some((p) => box[0] < p[2] && box[2] > p[0] && box[1] < p[3] && box[3] > p[1]);
    label.show = !clash;
    if (!clash) placed.push(box);
  }
}

/** Rough rendered width of a label: CJK glyphs are square, Latin ones about half as wide. */
export function textWidth(text: string, px: number): number {
  let w = 0;
  for (const ch of text) w += ch.charCodeAt(0) > 0x2e80 ? px : px * 0.58;
  return w;
}

/**
 * Several on-screen points of an area, best first: its label point, then points between the centre
 * and the outline, for when a label or a building covers the centre.
 */
export function areaScreenCandidates(
  scene: Scene,
  unit: AreaUnit,
  ground: GroundHeights = FLAT,
): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  const push = (lng: number, lat: number, height: number) => {
    const win = SceneTransforms.worldToWindowCoordinates(
      scene,
      Cartesian3.fromDegrees(lng, lat, height + ground.at(lng, lat)),
    );
    if (win) out.push({ x: win.x, y: win.y });
  };
  push(unit.center[0], unit.center[1], LABEL_HEIGHT);
  const ring = unit.polygon[0] ?? [];
  const step = Math.max(1, Math.floor(ring.length / 12));
  for (const f of [0.35, 0.65]) {
    for (let i = 0; i < ring.length - 1; i += step) {
      const [lng, lat] = ring[i];
      push(unit.center[0] + f * (lng - unit.center[0]), unit.center[1] + f * (lat - unit.center[1]), FILL_HEIGHT);
    }
  }
  return out;
}
