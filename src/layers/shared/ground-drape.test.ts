import { Cartesian3, Cartographic } from 'cesium';
import { describe, expect, it } from 'vitest';
import { drapedLine, onGround } from './ground-drape.ts';

// A tilted plane for ground: 500 m at 108.7°E rising 1 m per 0.0001° of longitude.
const tilted = { terrain: true, at: (lng: number) => 500 + (lng - 108.7) * 10_000 };
const flat = { terrain: false, at: () => 0 };
const carto = (p: Cartesian3) => Cartographic.fromCartesian(p);

describe('standing on the ground', () => {
  it('on the flat globe draws what the layers drew before: same vertices, height = lift', () => {
    const line: [number, number][] = [
      [108.7, 29.5],
      [108.71, 29.5],
    ];
    const out = drapedLine(flat, line, 1.5);
    expect(out).toHaveLength(2);
    expect(Cartesian3.equalsEpsilon(out[1], Cartesian3.fromDegrees(108.71, 29.5, 1.5), 0, 1e-6)).toBe(true);
  });

  it('on terrain lifts every point above the ground under it and densifies long segments', () => {
    const p = carto(onGround(tilted, 108.705, 29.5, 2, new Cartesian3()));
    expect(p.height).toBeCloseTo(502 + 50, 3);
    const out = drapedLine(
      tilted,
      [
        [108.7, 29.5],
        [108.71, 29.5],
      ],
      4,
    );
    // 0.01° ≈ 970 m: one vertex every ≤ 0.0008°
    expect(out.length).toBeGreaterThanOrEqual(13);
    for (const q of out) {
      const c = carto(q);
      expect(c.height - tilted.at((c.longitude * 180) / Math.PI)).toBeCloseTo(4, 3);
    }
  });
});
