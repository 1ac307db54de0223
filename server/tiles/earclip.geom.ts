// Ear-clipping triangulation for building footprints (simple polygons without holes, up to a few
// dozen vertices). O(n^3) worst case is irrelevant at that size; what matters is that concave L/U
// footprints never get triangles outside the outline, and that degenerate input still terminates.

/** Signed area of a ring given as flat [x0, y0, x1, y1, ...]; positive when counter-clockwise. */
export function signedArea(xy: ArrayLike<number>): number {
  const n = xy.length / 2;
  let s = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) s += xy[j * 2] * xy[i * 2 + 1] - xy[i * 2] * xy[j * 2 + 1];
  return s / 2;
}

function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/**
 * Triangulates a counter-clockwise ring (flat xy, no closing duplicate). Returns vertex index
 * triples, each counter-clockwise. A clockwise ring must be reversed by the caller.
 */
export function earclip(xy: ArrayLike<number>): number[] {
  const n = xy.length / 2;
  const out: number[] = [];
  if (n < 3) return out;
  const next = new Int32Array(n);
  const prev = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    next[i] = (i + 1) % n;
    prev[i] = (i + n - 1) % n;
  }
  // Scale-aware tolerance so metre- and degree-sized input behave alike.
  let extent = 0;
  for (let i = 1; i < n; i++) {
    extent = Math.max(extent, Math.abs(xy[i * 2] - xy[0]), Math.abs(xy[i * 2 + 1] - xy[1]));
  }
  const eps = extent * extent * 1e-12;
  const x = (i: number) => xy[i * 2];
  const y = (i: number) => xy[i * 2 + 1];

  const isEar = (i: number): boolean => {
    const a = prev[i];
    const c = next[i];
    if (cross(x(a), y(a), x(i), y(i), x(c), y(c)) <= eps) return false;
    for (let p = next[c]; p !== a; p = next[p]) {
      const px = x(p);
      const py = y(p);
      // A reflex-or-any vertex on or inside the candidate triangle blocks it; vertices that sit
      // exactly on a corner (duplicated points) do not.
      if ((px === x(a) && py === y(a)) || (px === x(i) && py === y(i)) || (px === x(c) && py === y(c))) continue;
      if (
        cross(x(a), y(a), x(i), y(i), px, py) >= -eps &&
        cross(x(i), y(i), x(c), y(c), px, py) >= -eps &&
        cross(x(c), y(c), x(a), y(a), px, py) >= -eps
      ) {
        return false;
      }
    }
    return true;
  };

  let remaining = n;
  let i = 0;
  let stalled = 0;
  while (remaining > 3) {
    const a = prev[i];
    const c = next[i];
    const area = cross(x(a), y(a), x(i), y(i), x(c), y(c));
    if (Math.abs(area) <= eps) {
      // Collinear or duplicate vertex: drop it without emitting a zero-area triangle.
      next[a] = c;
      prev[c] = a;
      remaining--;
      i = c;
      stalled = 0;
      continue;
    }
    if (isEar(i)) {
      out.push(a, i, c);
      next[a] = c;
      prev[c] = a;
      remaining--;
      i = c;
      stalled = 0;
      continue;
    }
    i = c;
    stalled++;
    if (stalled > remaining * 2) {
      // Self-intersecting or otherwise broken ring: finish with a fan so the output stays bounded.
      const start = i;
      for (let p = next[start]; next[p] !== start; p = next[p]) out.push(start, p, next[p]);
      return out;
    }
  }
  const a = prev[i];
  const c = next[i];
  if (cross(x(a), y(a), x(i), y(i), x(c), y(c)) > eps) out.push(a, i, c);
  return out;
}
