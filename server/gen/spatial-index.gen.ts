// A uniform bucket grid over the local metric frame: enough for point-in-polygon assignment and
// clearance checks over tens of thousands of items without an R-tree dependency.
import type { Box, XY } from './plane.ts';

export class BucketIndex<T> {
  private cells = new Map<number, T[]>();
  constructor(private size: number) {}

  private key(ix: number, iy: number): number {
    return (ix + 50_000) * 100_000 + (iy + 50_000);
  }
  insert(box: Box, item: T): void {
    const x0 = Math.floor(box.minX / this.size);
    const x1 = Math.floor(box.maxX / this.size);
    const y0 = Math.floor(box.minY / this.size);
    const y1 = Math.floor(box.maxY / this.size);
    for (let ix = x0; ix <= x1; ix++) {
      for (let iy = y0; iy <= y1; iy++) {
        const k = this.key(ix, iy);
        const list = this.cells.get(k);
        if (list) list.push(item);
        else this.cells.set(k, [item]);
      }
    }
  }
  /** Items whose boxes may touch `box`, each once, in insertion order per bucket. */
  query(box: Box): T[] {
    const x0 = Math.floor(box.minX / this.size);
    const x1 = Math.floor(box.maxX / this.size);
    const y0 = Math.floor(box.minY / this.size);
    const y1 = Math.floor(box.maxY / this.size);
    if (x0 === x1 && y0 === y1) return this.cells.get(this.key(x0, y0)) ?? [];
    const seen = new Set<T>();
    const out: T[] = [];
    for (let ix = x0; ix <= x1; ix++) {
      for (let iy = y0; iy <= y1; iy++) {
        for (const it of this.cells.get(this.key(ix, iy)) ?? []) {
          if (!seen.has(it)) {
            seen.add(it);
            out.push(it);
          }
        }
      }
    }
    return out;
  }
  near(p: XY, r: number): T[] {
    return this.query({ minX: p[0] - r, minY: p[1] - r, maxX: p[0] + r, maxY: p[1] + r });
  }
}
