// Which grid a point stands in, through a bucket index over grid bounding boxes.
import type { GridG, HierarchyG } from './hierarchy.gen.ts';
import { boxOf, dist, pointInRing, type XY } from './plane.ts';
import { BucketIndex } from './spatial-index.gen.ts';

export class GridLocator {
  private idx = new BucketIndex<number>(800);
  constructor(private h: HierarchyG) {
    h.grids.forEach((g, i) => this.idx.insert(boxOf(g.ring), i));
  }
  /** index of the grid containing p, or -1 outside the district */
  indexAt(p: XY): number {
    for (const i of this.idx.near(p, 0)) if (pointInRing(p, this.h.grids[i].ring)) return i;
    return -1;
  }
  at(p: XY): GridG | null {
    const i = this.indexAt(p);
    return i < 0 ? null : this.h.grids[i];
  }
}

export { dist };
