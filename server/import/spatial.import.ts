// A uniform-cell index of bounding boxes: "which polygons might hold this point" in O(1) cells,
// so containment over a city's tens of thousands of grids stays linear instead of quadratic.

import type { LngLat, PolygonCoords } from '../../src/domain/district.types.ts';
import { pointInPolygon, type BBox } from '../../src/domain/geo.ts';

export class BoxIndex<T> {
  private readonly cells = new Map<number, { box: BBox; item: T }[]>();
  private readonly cols: number;
  private readonly rows: number;

  constructor(
    private readonly extent: BBox,
    private readonly cell: number,
  ) {
    this.cols = Math.max(1, Math.ceil((extent[2] - extent[0]) / cell) + 1);
    this.rows = Math.max(1, Math.ceil((extent[3] - extent[1]) / cell) + 1);
  }

  /** A cell about the size of an average box, so each box sits in a handful of cells. */
  static forBoxes<T>(boxes: BBox[]): BoxIndex<T> {
    const ext: BBox = [Infinity, Infinity, -Infinity, -Infinity];
    let size = 0;
    for (const b of boxes) {
      ext[0] = Math.min(ext[0], b[0]);
      ext[1] = Math.min(ext[1], b[1]);
      ext[2] = Math.max(ext[2], b[2]);
      ext[3] = Math.max(ext[3], b[3]);
      size += Math.max(b[2] - b[0], b[3] - b[1]);
    }
    if (boxes.length === 0) return new BoxIndex<T>([0, 0, 1, 1], 1);
    const span = Math.max(ext[2] - ext[0], ext[3] - ext[1], 1e-6);
    // at most ~4M cells whatever the spread of sizes
    const cell = Math.max(size / boxes.length, span / 2000, 1e-7);
    return new BoxIndex<T>(ext, cell);
  }

  private col(x: number): number {
    return Math.min(this.cols - 1, Math.max(0, Math.floor((x - this.extent[0]) / this.cell)));
  }
  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.extent[1]) / this.cell)));
  }

  insert(box: BBox, item: T): void {
    for (let i = this.col(box[0]); i <= this.col(box[2]); i++) {
      for (let j = this.row(box[1]); j <= this.row(box[3]); j++) {
        const k = j * this.cols + i;
        const list = this.cells.get(k);
        if (list) list.push({ box, item });
        else this.cells.set(k, [{ box, item }]);
      }
    }
  }

  /** Items whose box holds the point. */
  at(p: LngLat): T[] {
    if (p[0] < this.extent[0] || p[0] > this.extent[2] || p[1] < this.extent[1] || p[1] > this.extent[3]) return [];
    const list = this.cells.get(this.row(p[1]) * this.cols + this.col(p[0])) ?? [];
    return list.filter(({ box: b }) => p[0] >= b[0] && p[0] <= b[2] && p[1] >= b[1] && p[1] <= b[3]).map((e) => e.item);
  }
}

/** The first polygon of the index that holds the point, or null. */
export function containing<T extends { polygon: PolygonCoords }>(index: BoxIndex<T>, p: LngLat): T | null {
  for (const u of index.at(p)) if (pointInPolygon(p, u.polygon)) return u;
  return null;
}
