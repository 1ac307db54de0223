// A tiny anti-aliased rasterizer for 256x256 RGBA tiles: even-odd polygon fill with 4 sub-scanlines
// and exact horizontal span coverage, and round-capped strokes by distance to segment. Enough for
// flat command-hall cartography without a native canvas dependency.

export type Rgba = [number, number, number, number];

export class Tile {
  readonly size: number;
  readonly rgba: Uint8Array;
  /** per-pixel coverage scratch, reused by every draw call */
  private cov: Float32Array;
  touched = false;

  constructor(size = 256) {
    this.size = size;
    this.rgba = new Uint8Array(size * size * 4);
    this.cov = new Float32Array(size * size);
  }

  clear(): void {
    this.rgba.fill(0);
    this.touched = false;
  }

  /** Blends `color` with the coverage in [x0, x1) x [y0, y1) and clears that coverage. */
  private flush(color: Rgba, x0: number, y0: number, x1: number, y1: number): void {
    const { size, rgba, cov } = this;
    const [r, g, b, a] = color;
    for (let y = y0; y < y1; y++) {
      for (let x = x0; x < x1; x++) {
        const i = y * size + x;
        const c = cov[i];
        if (c <= 0) continue;
        cov[i] = 0;
        const o = i * 4;
        if (c >= 0.999 && a === 255) {
          rgba[o] = r;
          rgba[o + 1] = g;
          rgba[o + 2] = b;
          rgba[o + 3] = 255;
          this.touched = true;
          continue;
        }
        const sa = (Math.min(c, 1) * a) / 255;
        const da = rgba[o + 3] / 255;
        const outA = sa + da * (1 - sa);
        if (outA <= 0) continue;
        rgba[o] = Math.round((r * sa + rgba[o] * da * (1 - sa)) / outA);
        rgba[o + 1] = Math.round((g * sa + rgba[o + 1] * da * (1 - sa)) / outA);
        rgba[o + 2] = Math.round((b * sa + rgba[o + 2] * da * (1 - sa)) / outA);
        rgba[o + 3] = Math.round(outA * 255);
        this.touched = true;
      }
    }
  }

  /** Fills polygon rings given as flat pixel coordinates [x0, y0, x1, y1, ...] (even-odd rule). */
  fillPolygon(rings: ArrayLike<number>[], color: Rgba): void {
    const { size, cov } = this;
    // Edge table of the rows this tile shows; a district outline has thousands of vertices but
    // only a handful of edges cross any one scanline.
    const edges: number[][] = [];
    let minX = Infinity,
      maxX = -Infinity;
    for (const ring of rings) {
      const n = ring.length / 2;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const xi = ring[i * 2],
          yi = ring[i * 2 + 1],
          xj = ring[j * 2],
          yj = ring[j * 2 + 1];
        if (yi === yj) continue;
        const [x0, y0, x1, y1] = yi < yj ? [xi, yi, xj, yj] : [xj, yj, xi, yi];
        if (y1 <= 0 || y0 >= size) continue;
        edges.push([y0, y1, x0, (x1 - x0) / (y1 - y0)]);
        minX = Math.min(minX, xi, xj);
        maxX = Math.max(maxX, xi, xj);
      }
    }
    if (edges.length === 0 || maxX <= 0 || minX >= size) return;
    edges.sort((a, b) => a[0] - b[0]);
    let minY = Infinity,
      maxY = -Infinity;
    for (const e of edges) {
      minY = Math.min(minY, e[0]);
      maxY = Math.max(maxY, e[1]);
    }
    const row0 = Math.max(0, Math.floor(minY));
    const row1 = Math.min(size, Math.ceil(maxY));
    const SUB = 4;
    let next = 0;
    let active: number[][] = [];
    const xs: number[] = [];
    for (let row = row0; row < row1; row++) {
      while (next < edges.length && edges[next][0] < row + 1) active.push(edges[next++]);
      active = active.filter((e) => e[1] > row);
      if (active.length === 0) continue;
      for (let k = 0; k < SUB; k++) {
        const sy = row + (k + 0.5) / SUB;
        xs.length = 0;
        for (const e of active) if (e[0] <= sy && sy < e[1]) xs.push(e[2] + (sy - e[0]) * e[3]);
        xs.sort((p, q) => p - q);
        for (let s = 0; s + 1 < xs.length; s += 2) {
          const xa = Math.max(0, xs[s]);
          const xb = Math.min(size, xs[s + 1]);
          if (xb <= xa) continue;
          const base = row * size;
          const pa = Math.floor(xa);
          const pb = Math.min(size - 1, Math.ceil(xb) - 1);
          for (let px = pa; px <= pb; px++) {
            const overlap = Math.min(xb, px + 1) - Math.max(xa, px);
            if (overlap > 0) cov[base + px] += overlap / SUB;
          }
        }
      }
    }
    this.flush(color, Math.max(0, Math.floor(minX)), row0, Math.min(size, Math.ceil(maxX)), row1);
  }

  /**
   * Strokes polylines (flat pixel coordinates) of `width` px with round joins and caps. All lines
   * of one call are one layer: overlaps take the max coverage, so junctions do not darken.
   */
  strokeLines(lines: ArrayLike<number>[], width: number, color: Rgba): void {
    const { size, cov } = this;
    const hw = width / 2;
    let bx0 = size,
      by0 = size,
      bx1 = 0,
      by1 = 0;
    for (const pts of lines) {
      for (let i = 0; i + 3 < pts.length; i += 2) {
        const ax = pts[i],
          ay = pts[i + 1],
          cx = pts[i + 2],
          cy = pts[i + 3];
        const x0 = Math.max(0, Math.floor(Math.min(ax, cx) - hw - 1));
        const x1 = Math.min(size, Math.ceil(Math.max(ax, cx) + hw + 1));
        const y0 = Math.max(0, Math.floor(Math.min(ay, cy) - hw - 1));
        const y1 = Math.min(size, Math.ceil(Math.max(ay, cy) + hw + 1));
        if (x0 >= x1 || y0 >= y1) continue;
        bx0 = Math.min(bx0, x0);
        by0 = Math.min(by0, y0);
        bx1 = Math.max(bx1, x1);
        by1 = Math.max(by1, y1);
        const dx = cx - ax;
        const dy = cy - ay;
        const len2 = dx * dx + dy * dy;
        for (let y = y0; y < y1; y++) {
          const py = y + 0.5;
          for (let x = x0; x < x1; x++) {
            const px = x + 0.5;
            let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            const d = Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
            // Thin lines (< 1 px) fade in alpha instead of vanishing between pixel centres.
            const c = width < 1 ? Math.max(0, Math.min(1, 1 - d + hw)) * width : Math.max(0, Math.min(1, hw + 0.5 - d));
            const i = y * size + x;
            if (c > cov[i]) cov[i] = c;
          }
        }
      }
    }
    if (bx0 < bx1 && by0 < by1) this.flush(color, bx0, by0, bx1, by1);
  }
}
