// A uniform bucket grid over the local metric frame: enough for point-in-polygon assignment and
// clearance checks over tens of thousands of items without an R-tree dependency.
import type { Box, XY } from './plane.ts';

export class BucketIndex<T> {
  private cells = new Map<number, number[]>();
  private items: T[] = [];
  private stamp = new Uint32Array(1024);
  private query_ = 0;
  constructor(private size: number) {}

  private key(ix: number, iy: number): number {
    return (ix + 50_000) * 100_000 + (iy + 50_000);
  }
  insert(box: Box, item: T): void {
    const id = this.items.length;
    this.items.push(item);
    if (id >= this.stamp.length) {
      const s = new Uint32Array(this.stamp.length * 2);
      s.set(this.stamp);
      this.stamp = s;
    }
    const x0 = Math.floor(box.minX / this.size);
    const x1 = Math.floor(box.maxX / this.size);
    const y0 = Math.floor(box.minY / this.size);
    const y1 = Math.floor(box.maxY / this.size);
    for (let ix = x0; ix <= x1; ix++) {
      for (let iy = y0; iy <= y1; iy++) {
        const k = this.key(ix, iy);
        const list = this.cells.get(k);
        if (list) list.push(id);
        else this.cells.set(k, [id]);
      }
    }
  }
  /** Items whose boxes may touch `box`, each once, in insertion order per bucket. */
  query(box: Box): T[] {
    const x0 = Math.floor(box.minX / this.size);
    const x1 = Math.floor(box.maxX / this.size);
    const y0 = Math.floor(box.minY / this.size);
    const y1 = Math.floor(box.maxY / this.size);
    const q = ++this.query_;
    const out: T[] = [];
    for (let ix = x0; ix <= x1; ix++) {
      for (let iy = y0; iy <= y1; iy++) {
        const list = this.cells.get(this.key(ix, iy));
        if (!list) continue;
        for (const id of list) {
          if (this.stamp[id] === q) continue;
          this.stamp[id] = q;
          out.push(this.items[id]);
        }
      }
    }
    return out;
  }
  near(p: XY, r: number): T[] {
    return this.query({ minX: p[0] - r, minY: p[1] - r, maxX: p[0] + r, maxY: p[1] + r });
  }
}
