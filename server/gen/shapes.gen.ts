// Building footprint templates in a lot's local frame (x along the block's u axis, y along v).
// Each returns an open, counter-clockwise outline inside [0, w] x [0, h].
import type { Rng } from '../../src/domain/seeded-random.ts';
import { signedArea, type XY } from './plane.ts';

export type ShapeKind = 'rect' | 'L' | 'T' | 'U' | 'courtyard' | 'cross' | 'slab';

function rect(w: number, h: number): XY[] {
  return [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
}

export function shapeOutline(kind: ShapeKind, w: number, h: number, rng: Rng): XY[] {
  let pts: XY[];
  switch (kind) {
    case 'rect':
    case 'slab':
      pts = rect(w, h);
      break;
    case 'L': {
      const a = w * rng.range(0.35, 0.6);
      const b = h * rng.range(0.35, 0.6);
      pts = [
        [0, 0],
        [w, 0],
        [w, h - b],
        [w - a, h - b],
        [w - a, h],
        [0, h],
      ];
      break;
    }
    case 'T': {
      const t = h * rng.range(0.35, 0.5);
      const s = w * rng.range(0.3, 0.45);
      const cx = w / 2;
      pts = [
        [0, 0],
        [w, 0],
        [w, t],
        [cx + s / 2, t],
        [cx + s / 2, h],
        [cx - s / 2, h],
        [cx - s / 2, t],
        [0, t],
      ];
      break;
    }
    case 'U': {
      const a = w * rng.range(0.25, 0.33);
      const t = h * rng.range(0.3, 0.45);
      pts = [
        [0, 0],
        [w, 0],
        [w, h],
        [w - a, h],
        [w - a, t],
        [a, t],
        [a, h],
        [0, h],
      ];
      break;
    }
    case 'courtyard': {
      // a closed court with a narrow gate, kept as one ring
      const d = Math.min(w, h) * rng.range(0.22, 0.3);
      const g = Math.min(w * 0.18, 6);
      const cx = w / 2;
      pts = [
        [0, 0],
        [w, 0],
        [w, h],
        [cx + g / 2, h],
        [cx + g / 2, h - d],
        [w - d, h - d],
        [w - d, d],
        [d, d],
        [d, h - d],
        [cx - g / 2, h - d],
        [cx - g / 2, h],
        [0, h],
      ];
      break;
    }
    case 'cross': {
      const a = w * rng.range(0.28, 0.36);
      const b = h * rng.range(0.28, 0.36);
      pts = [
        [a, 0],
        [w - a, 0],
        [w - a, b],
        [w, b],
        [w, h - b],
        [w - a, h - b],
        [w - a, h],
        [a, h],
        [a, h - b],
        [0, h - b],
        [0, b],
        [a, b],
      ];
      break;
    }
  }
  // mirror at random so notches and gates face every way
  const fx = rng.chance(0.5);
  const fy = rng.chance(0.5);
  pts = pts.map(([x, y]) => [fx ? w - x : x, fy ? h - y : y] as XY);
  if (signedArea(pts) < 0) pts.reverse();
  return pts;
}
