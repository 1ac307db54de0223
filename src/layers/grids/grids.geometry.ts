import {
  Cartesian3,
  Color,
  ColorGeometryInstanceAttribute,
  GeometryInstance,
  LabelCollection,
  Material,
  PerInstanceColorAppearance,
  PolygonGeometry,
  PolygonHierarchy,
  PolylineCollection,
  Primitive,
  ShowGeometryInstanceAttribute,
  type Label,
  type PrimitiveCollection,
} from 'cesium';
import type { AreaUnit, Ring } from '../../domain/district.types.ts';
import { FILL_HEIGHT } from './grids.labels.ts';
import type { GroundHeights } from '../layer.types.ts';
import { drapedLine } from '../shared/ground-drape.ts';
import type { AreaLevelKey } from './grids.view.ts';

// The grid layer's geometry: one translucent fill Primitive per level (a GeometryInstance per area,
// recoloured in place later), an outline collection and an (initially empty) label collection.

export const LINE_HEIGHT = 1.5;
/** On terrain outlines sit a little higher: the drawn surface between height samples can bulge. */
export const TERRAIN_LINE_LIFT = 4;
export const FILL_ALPHA = 0.55;
const OUTLINE: Record<AreaLevelKey, { color: Color; width: number }> = {
  street: { color: Color.fromCssColorString('#9fe7ff').withAlpha(0.9), width: 2.5 },
  community: { color: Color.fromCssColorString('#7fb4d8').withAlpha(0.75), width: 1.5 },
  grid: { color: Color.fromCssColorString('#c3d3e6').withAlpha(0.55), width: 1 },
};

export interface LevelPrimitives {
  fill: Primitive | null;
  outlines: PolylineCollection;
  labels: LabelCollection;
  labelById: Map<string, Label>;
  ids: Set<string>;
}

/** A ring Cesium can triangulate: at least three distinct finite positions in lng/lat range. */
export function validRing(ring: unknown): ring is Ring {
  if (!Array.isArray(ring) || ring.length < 4) return false;
  for (const p of ring) {
    if (!Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return false;
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return false;
  }
  return true;
}

export function toPositions(ring: Ring, height: number): Cartesian3[] {
  const flat: number[] = [];
  for (const [lng, lat] of ring) flat.push(lng, lat, height);
  return Cartesian3.fromDegreesArrayHeights(flat);
}

/** The primitives of one level, added to the scene hidden (the layer shows the level it fills). */
export function buildLevel(
  primitives: PrimitiveCollection,
  units: readonly AreaUnit[],
  level: AreaLevelKey,
  ground: GroundHeights,
): { prims: LevelPrimitives; skipped: number } {
  const instances: GeometryInstance[] = [];
  const outlines = new PolylineCollection();
  const labels = new LabelCollection();
  const labelById = new Map<string, Label>();
  const ids = new Set<string>();
  let skipped = 0;
  for (const unit of units) {
    const outer = unit.polygon?.[0];
    if (!validRing(outer)) {
      skipped++;
      continue;
    }
    ids.add(unit.id);
    // On terrain each vertex sits on the ground (outlines densified) and the sheet is drawn over the
    // terrain (depthTestAgainstTerrain stays off), so a fill follows the hills at its edges.
    const ring = (r: Ring) => (ground.terrain ? drapedLine(ground, r, FILL_HEIGHT + 1) : toPositions(r, FILL_HEIGHT));
    const holes = unit.polygon
      .slice(1)
      .filter(validRing)
      .map((r) => new PolygonHierarchy(ring(r)));
    instances.push(
      new GeometryInstance({
        id: unit.id,
        geometry: new PolygonGeometry({
          polygonHierarchy: new PolygonHierarchy(ring(outer), holes),
          ...(ground.terrain ? { perPositionHeight: true } : { height: FILL_HEIGHT }),
          vertexFormat: PerInstanceColorAppearance.FLAT_VERTEX_FORMAT,
        }),
        attributes: {
          color: ColorGeometryInstanceAttribute.fromColor(Color.GRAY.withAlpha(FILL_ALPHA)),
          show: new ShowGeometryInstanceAttribute(false),
        },
      }),
    );
    outlines.add({
      positions: ground.terrain ? drapedLine(ground, outer, TERRAIN_LINE_LIFT) : toPositions(outer, LINE_HEIGHT),
      width: OUTLINE[level].width,
      material: Material.fromType('Color', { color: OUTLINE[level].color }),
    });
  }
  const fill =
    instances.length > 0
      ? new Primitive({
          geometryInstances: instances,
          appearance: new PerInstanceColorAppearance({ flat: true, translucent: true }),
          asynchronous: true,
          releaseGeometryInstances: true,
        })
      : null;
  if (fill) {
    fill.show = false;
    primitives.add(fill);
  }
  outlines.show = false;
  labels.show = false;
  primitives.add(outlines);
  primitives.add(labels);
  return { prims: { fill, outlines, labels, labelById, ids }, skipped };
}
