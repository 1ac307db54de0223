import { Cartesian3 } from 'cesium';
import type { GroundHeights } from '../layer.types.ts';
import { ecefInto } from './fast-ecef.ts';

// Standing things on the terrain (ADR 0008). A point goes `lift` metres above the ground under it;
// an outline is densified first, because a straight segment between two boundary vertices a few
// hundred metres apart would cut through the hill between them. On the flat globe both are exactly
// what the layers drew before (same vertices, height = lift).

/** Outline vertices every ~80 m on terrain: finer than the wall's preloaded height grid matters. */
const DRAPE_STEP_DEG = 0.0008;

export function onGround(ground: GroundHeights, lng: number, lat: number, lift: number, out: Cartesian3): Cartesian3 {
  return ecefInto(lng, lat, lift + ground.at(lng, lat), out);
}

/** A ring or line as positions `lift` metres above the ground, densified on terrain. */
export function drapedLine(
  ground: GroundHeights,
  line: readonly (readonly [number, number])[],
  lift: number,
): Cartesian3[] {
  if (!ground.terrain) return line.map(([lng, lat]) => ecefInto(lng, lat, lift, new Cartesian3()));
  const out: Cartesian3[] = [];
  for (let i = 0; i < line.length; i++) {
    const [x0, y0] = line[i];
    out.push(onGround(ground, x0, y0, lift, new Cartesian3()));
    if (i === line.length - 1) break;
    const [x1, y1] = line[i + 1];
    const steps = Math.floor(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) / DRAPE_STEP_DEG);
    for (let k = 1; k <= steps; k++) {
      const t = k / (steps + 1);
      out.push(onGround(ground, x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, lift, new Cartesian3()));
    }
  }
  return out;
}
