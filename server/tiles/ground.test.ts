// The ground imagery as a WebMercator XYZ client sees it: files where ground.json says, water
// coloured over the river, road coloured over a road, and nothing written where nothing is drawn.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LngLat } from '../../src/domain/district.types.ts';
import { builtTiles, type Built } from '../../test/support/tiles-built.fixture.ts';
import { GROUND_STYLE, mercX, mercY, tileToLat, tileToLng, type GroundManifest } from './ground.build.ts';

let built: Built;
let groundDir: string;
let manifest: GroundManifest;
let files: { z: number; x: number; y: number; bytes: number }[];

beforeAll(async () => {
  built = await builtTiles();
  groundDir = join(built.outDir, 'ground');
  manifest = JSON.parse(readFileSync(join(groundDir, 'ground.json'), 'utf8'));
  files = [];
  for (const z of readdirSync(groundDir).filter((d) => /^\d+$/.test(d))) {
    for (const x of readdirSync(join(groundDir, z))) {
      for (const f of readdirSync(join(groundDir, z, x))) {
        const m = /^(\d+)\.png$/.exec(f);
        expect(m, `${z}/${x}/${f}`).not.toBeNull();
        files.push({ z: +z, x: +x, y: +m![1], bytes: statSync(join(groundDir, z, x, f)).size });
      }
    }
  }
}, 900_000);

function pixelAt(lng: number, lat: number): { z: number; rgba: number[] } | null {
  for (let z = manifest.maxZoom; z >= manifest.minZoom; z--) {
    const fx = mercX(lng) * 2 ** z;
    const fy = mercY(lat) * 2 ** z;
    const x = Math.floor(fx);
    const y = Math.floor(fy);
    if (!files.some((f) => f.z === z && f.x === x && f.y === y)) continue;
    const png = PNG.sync.read(readFileSync(join(groundDir, String(z), String(x), `${y}.png`)));
    const px = Math.floor((fx - x) * 256);
    const py = Math.floor((fy - y) * 256);
    const o = (py * 256 + px) * 4;
    return { z, rgba: Array.from(png.data.subarray(o, o + 4)) };
  }
  return null;
}

function insideRing(ring: LngLat[], x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Metres from (lng, lat) to the nearest road or water edge: keeps samples off anti-aliased seams. */
function clearance(lng: number, lat: number, lines: LngLat[][]): number {
  const k = 111_320;
  const kx = k * Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (const line of lines) {
    for (let i = 0; i + 1 < line.length; i++) {
      const ax = (line[i][0] - lng) * kx,
        ay = (line[i][1] - lat) * k;
      const bx = (line[i + 1][0] - lng) * kx,
        by = (line[i + 1][1] - lat) * k;
      const dx = bx - ax,
        dy = by - ay;
      const l2 = dx * dx + dy * dy;
      const t = l2 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / l2)) : 0;
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

function roadLines(): LngLat[][] {
  const { nodes, edges } = built.district.roads;
  return edges.map((e) => [nodes[e.from], ...(e.via ?? []), nodes[e.to]]);
}

describe('ground imagery', () => {
  it('ground.json describes the files that exist', () => {
    expect(manifest.tilingScheme).toBe('webmercator');
    expect(manifest.tileSize).toBe(256);
    expect(files.length).toBe(manifest.tiles);
    expect(files.length).toBeGreaterThan(0);
    expect(files.reduce((s, f) => s + f.bytes, 0)).toBe(manifest.bytes);
    const zooms = new Set(files.map((f) => f.z));
    expect(Math.min(...zooms)).toBe(manifest.minZoom);
    expect(Math.max(...zooms)).toBe(manifest.maxZoom);
    const [w, s, e, n] = manifest.bounds;
    for (const f of files) {
      // tile rectangle intersects the bounds
      expect(tileToLng(f.x, f.z) <= e && tileToLng(f.x + 1, f.z) >= w).toBe(true);
      expect(tileToLat(f.y + 1, f.z) <= n && tileToLat(f.y, f.z) >= s).toBe(true);
      if (f.z >= manifest.detail.minZoom) {
        const inDetail = manifest.detail.rectangles.some(
          ([rw, rs, re, rn]) =>
            tileToLng(f.x, f.z) <= re &&
            tileToLng(f.x + 1, f.z) >= rw &&
            tileToLat(f.y + 1, f.z) <= rn &&
            tileToLat(f.y, f.z) >= rs,
        );
        expect(inDetail).toBe(true);
      }
    }
  });

  it('tiles decode as 256x256 PNGs and none is empty', () => {
    // a spread sample: decoding every tile would only repeat the same check
    const step = Math.max(1, Math.floor(files.length / 60));
    for (let i = 0; i < files.length; i += step) {
      const f = files[i];
      const png = PNG.sync.read(readFileSync(join(groundDir, String(f.z), String(f.x), `${f.y}.png`)));
      expect(png.width).toBe(256);
      expect(png.height).toBe(256);
      let opaque = 0;
      for (let k = 3; k < png.data.length; k += 4) if (png.data[k] > 0) opaque++;
      expect(opaque).toBeGreaterThan(0);
    }
  });

  it('the river is water-coloured', () => {
    const river = built.district.water.find((w) => w.kind === 'river') ?? built.district.water[0];
    expect(river).toBeDefined();
    const ring = river.polygon[0];
    const edges = [ring, ...roadLines()];
    // the sample inside the river farthest from its banks and from any bridge
    let best: { lng: number; lat: number; c: number } | null = null;
    const [w, s, e, n] = ring.reduce(
      (b, [x, y]) => [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)],
      [Infinity, Infinity, -Infinity, -Infinity],
    );
    for (let i = 1; i < 40; i++) {
      for (let j = 1; j < 40; j++) {
        const lng = w + ((e - w) * i) / 40;
        const lat = s + ((n - s) * j) / 40;
        if (!insideRing(ring, lng, lat)) continue;
        const c = clearance(lng, lat, edges);
        if (!best || c > best.c) best = { lng, lat, c };
      }
    }
    expect(best).not.toBeNull();
    const px = pixelAt(best!.lng, best!.lat);
    expect(px).not.toBeNull();
    expect(px!.rgba).toEqual(GROUND_STYLE.water);
  });

  it('a road is road-coloured', () => {
    const { nodes, edges } = built.district.roads;
    // an arterial (widest, drawn last) inside the detailed zooms, away from other roads' ends
    const cands = edges.filter((e) => e.cls === 'arterial');
    expect(cands.length).toBeGreaterThan(0);
    let checked = 0;
    for (const edge of cands) {
      const line = [nodes[edge.from], ...(edge.via ?? []), nodes[edge.to]];
      const a = line[0];
      const b = line[1];
      const mid: LngLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const inDetail = manifest.detail.rectangles.some(
        ([rw, rs, re, rn]) => mid[0] > rw && mid[0] < re && mid[1] > rs && mid[1] < rn,
      );
      if (!inDetail) continue;
      const px = pixelAt(mid[0], mid[1]);
      expect(px).not.toBeNull();
      expect(px!.z).toBe(manifest.maxZoom);
      expect(px!.rgba).toEqual(GROUND_STYLE.road.arterial.color);
      if (++checked >= 5) break;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('nothing is written outside the district', () => {
    const [w, , , n] = manifest.bounds;
    expect(pixelAt(w - 0.5, n + 0.5)).toBeNull();
  });
});
