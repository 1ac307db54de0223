import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { planGroundLayers, validateGroundMeta, type GroundMeta, type LngLatRect } from './ground-plan.ts';

const meta: GroundMeta = {
  minZoom: 10,
  maxZoom: 17,
  bounds: [108.5, 29.2, 109.0, 29.8],
  detail: {
    minZoom: 14,
    maxZoom: 17,
    rectangles: [
      [108.73, 29.5, 108.76, 29.55],
      [108.87, 29.5, 108.89, 29.52],
    ],
  },
};

/** Web Mercator tile → [west, south, east, north] in degrees. */
function tileRect(z: number, x: number, y: number): LngLatRect {
  const n = 2 ** z;
  const lat = (t: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * t) / n))) * 180) / Math.PI;
  return [(x / n) * 360 - 180, lat(y + 1), ((x + 1) / n) * 360 - 180, lat(y)];
}
const overlaps = (a: LngLatRect, b: LngLatRect) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

describe('ground imagery layers', () => {
  it('stops the district-wide layer where the detail begins, and adds one deeper layer per patch', () => {
    const plan = planGroundLayers(meta);
    expect(plan[0]).toEqual({ minimumLevel: 10, maximumLevel: 13, rectangle: meta.bounds });
    expect(plan.slice(1)).toEqual(
      meta.detail!.rectangles.map((rectangle) => ({
        minimumLevel: 14,
        maximumLevel: 17,
        rectangle,
        minimumTerrainLevel: 13,
      })),
    );
    expect(planGroundLayers({ ...meta, detail: undefined })).toEqual([
      { minimumLevel: 10, maximumLevel: 17, rectangle: meta.bounds },
    ]);
  });

  it('refuses a description it cannot trust', () => {
    expect(validateGroundMeta(meta)).toEqual(meta);
    expect(validateGroundMeta({ ...meta, bounds: [1, 2, 3] })).toBeNull();
    expect(validateGroundMeta({ ...meta, detail: { ...meta.detail, rectangles: [[2, 2, 1, 1]] } })).toBeNull();
    expect(validateGroundMeta({ ...meta, detail: { ...meta.detail, minZoom: 10 } })).toBeNull();
    expect(validateGroundMeta(null)).toBeNull();
  });

  // The generated ground (npm test builds it first, where the server serves it: GRIDWALL_TILES_DIR):
  // the plan must not hide a tile the builder made. Never skipped: without it the test fails saying so.
  const dir = path.resolve(import.meta.dirname, '../..', process.env.GRIDWALL_TILES_DIR ?? 'public/tiles', 'ground');
  it('covers every tile the tiles builder wrote', () => {
    expect(
      fs.existsSync(path.join(dir, 'ground.json')),
      `${dir}/ground.json is missing: run npx tsx scripts/prepare.ts (npm test does it first)`,
    ).toBe(true);
    const real = validateGroundMeta(JSON.parse(fs.readFileSync(path.join(dir, 'ground.json'), 'utf8')));
    expect(real).not.toBeNull();
    const plan = planGroundLayers(real!);
    let tiles = 0;
    for (const z of fs.readdirSync(dir).filter((f) => /^\d+$/.test(f))) {
      for (const x of fs.readdirSync(path.join(dir, z))) {
        for (const file of fs.readdirSync(path.join(dir, z, x))) {
          const rect = tileRect(Number(z), Number(x), Number(file.replace('.png', '')));
          const shown = plan.some(
            (l) => Number(z) >= l.minimumLevel && Number(z) <= l.maximumLevel && overlaps(rect, l.rectangle),
          );
          expect(shown, `tile ${z}/${x}/${file}`).toBe(true);
          tiles++;
        }
      }
    }
    expect(tiles).toBeGreaterThan(100);
  });
});
