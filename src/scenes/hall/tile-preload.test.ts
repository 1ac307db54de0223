import { describe, expect, it } from 'vitest';
import {
  fitView,
  groundTilesFor,
  refineThreshold,
  tilesFor,
  tileXY,
  warm,
  type Bounds,
  type TilesetJson,
} from './tile-preload.ts';

const D = Math.PI / 180;
const region = (w: number, s: number, e: number, n: number) => ({ region: [w * D, s * D, e * D, n * D, 0, 50] });
// root over two patches; the west patch has two finer children
const TILESET: TilesetJson = {
  root: {
    boundingVolume: region(108.0, 29.0, 109.0, 30.0),
    geometricError: 5000,
    children: [
      {
        boundingVolume: region(108.0, 29.0, 108.5, 30.0),
        geometricError: 400,
        content: { uri: 'glb/W.glb' },
        children: [
          { boundingVolume: region(108.0, 29.0, 108.25, 30.0), geometricError: 0, content: { uri: 'glb/W1.glb' } },
          { boundingVolume: region(108.25, 29.0, 108.5, 30.0), geometricError: 0, content: { uri: 'glb/W2.glb' } },
        ],
      },
      { boundingVolume: region(108.5, 29.0, 109.0, 30.0), geometricError: 400, content: { uri: 'glb/E.glb' } },
    ],
  },
};

describe('tilesFor', () => {
  it('refines where Cesium would: 400 m of error is refined from 1 km on a 1080 px screen, not from 100 km', () => {
    // threshold = 16 · d · 2 tan 30° / 1080: 17.1 at 1 km, 1711 at 100 km
    expect(refineThreshold(1000, 1080)).toBeCloseTo(17.106, 2);
    const west: Bounds = [108.3, 29.4, 108.4, 29.5];
    expect(tilesFor(TILESET, west, 1000, 1080)).toEqual(['glb/W.glb', 'glb/W2.glb']);
    expect(tilesFor(TILESET, west, 100_000, 1080)).toEqual(['glb/W.glb']);
    expect(tilesFor(TILESET, [108.6, 29.1, 108.7, 29.2], 1000, 1080)).toEqual(['glb/E.glb']);
    expect(tilesFor(TILESET, [110, 29, 111, 30], 1000, 1080)).toEqual([]);
  });
});

describe('groundTilesFor', () => {
  const meta = {
    minZoom: 10,
    maxZoom: 17,
    bounds: [108.5, 29.2, 109.0, 29.8] as Bounds,
    detail: { minZoom: 14, maxZoom: 17, rectangles: [[108.73, 29.5, 108.77, 29.55] as Bounds] },
  };
  it('takes every zoom from the coarsest to the one the view needs, detail zooms only over the patches', () => {
    const inPatch: Bounds = [108.74, 29.51, 108.745, 29.515];
    const urls = groundTilesFor(meta, inPatch, 1500, 1080); // ≈1.6 m/px → zoom 17 capped at 17
    const zooms = [...new Set(urls.map((u) => Number(u.split('/')[0])))];
    expect(zooms).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    const [x, y] = tileXY(108.74, 29.515, 17);
    expect(urls).toContain(`17/${x}/${y}`);
    const rural: Bounds = [108.9, 29.3, 108.95, 29.35];
    expect(groundTilesFor(meta, rural, 1500, 1080).every((u) => Number(u.split('/')[0]) <= 13)).toBe(true);
  });
  it('a far view stops at a coarse zoom', () => {
    const far = groundTilesFor(meta, [108.5, 29.2, 109.0, 29.8], 60_000, 1080); // ≈64 m/px → zoom 12
    expect(Math.max(...far.map((u) => Number(u.split('/')[0])))).toBe(12);
  });
});

describe('tileXY', () => {
  it('matches the web-mercator formula at known points', () => {
    expect(tileXY(0, 0, 1)).toEqual([1, 1]);
    expect(tileXY(-180, 85, 2)).toEqual([0, 0]);
    expect(tileXY(108.77, 29.53, 10)).toEqual([821, 424]); // x 821.39, y 424.02
  });
});

describe('fitView', () => {
  it('the distance Cesium fits a 1 km square from (radius·1.1 / sin 30°)', () => {
    const dLng = 1000 / (111_320 * Math.cos(29.5 * D));
    const dLat = 1000 / 111_320;
    const v = fitView([
      [108.7, 29.5 - dLat / 2],
      [108.7 + dLng, 29.5 - dLat / 2],
      [108.7 + dLng, 29.5 + dLat / 2],
      [108.7, 29.5 + dLat / 2],
    ])!;
    expect(v.distanceM).toBeCloseTo(Math.SQRT2 * 500 * 1.1 * 2, -1);
    expect(v.bounds[0]).toBe(108.7);
  });
});

describe('warm', () => {
  it('fetches every URL with bounded concurrency and reads each body', async () => {
    let inFlight = 0;
    let most = 0;
    const seen: string[] = [];
    const fake = (async (url: string) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 1));
      inFlight--;
      seen.push(url);
      return { ok: url !== 'bad', arrayBuffer: async () => new ArrayBuffer(0) } as Response;
    }) as unknown as typeof fetch;
    const urls = Array.from({ length: 20 }, (_, i) => (i === 3 ? 'bad' : `u${i}`));
    expect(await warm(urls, fake, 4)).toBe(19);
    expect(seen.sort()).toEqual([...urls].sort());
    expect(most).toBe(4);
  });
});
