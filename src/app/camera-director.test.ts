import { Cartographic } from 'cesium';
import { describe, expect, it } from 'vitest';
import type { HierarchyIndex } from '../state/hierarchy.model.ts';
import { sphereOfArea, viewHeight } from './camera-director.ts';

// a grid of about 200 m × 200 m on a hillside
const ring: [number, number][] = [
  [108.738, 29.523],
  [108.74, 29.523],
  [108.74, 29.525],
  [108.738, 29.525],
  [108.738, 29.523],
];
const index = { byId: new Map([['G1', { id: 'G1', polygon: [ring] }]]) } as unknown as HierarchyIndex;
const hill = { terrain: true, at: (lng: number) => 500 + (lng - 108.738) * 50_000 }; // 500 m rising to 600 m east

describe('sphereOfArea', () => {
  it('stands the fitted sphere on the ground, so a fitted camera frames the area from above it', () => {
    const sphere = sphereOfArea(index, 'G1', hill)!;
    const centre = Cartographic.fromCartesian(sphere.center);
    // the ring's ground runs 500..600 m: the centre is on it, not at the ellipsoid
    expect(centre.height).toBeGreaterThan(480);
    expect(centre.height).toBeLessThan(620);
    // the relief is inside the sphere, the flat size still sets its radius (about half the diagonal)
    expect(sphere.radius).toBeGreaterThan(140);
    expect(sphere.radius).toBeLessThan(200);
  });

  it('keeps the ellipsoid on a flat globe', () => {
    const flat = sphereOfArea(index, 'G1', { terrain: false, at: () => 999 })!;
    expect(Math.abs(Cartographic.fromCartesian(flat.center).height)).toBeLessThan(5);
    expect(Math.abs(Cartographic.fromCartesian(sphereOfArea(index, 'G1')!.center).height)).toBeLessThan(5);
  });

  it('has no sphere for an unknown area or a degenerate ring', () => {
    expect(sphereOfArea(index, 'nope', hill)).toBeNull();
    const thin = { byId: new Map([['T', { id: 'T', polygon: [ring.slice(0, 2)] }]]) } as unknown as HierarchyIndex;
    expect(sphereOfArea(thin, 'T', hill)).toBeNull();
  });
});

describe('viewHeight', () => {
  const closeUp = { kind: 'view' as const, lng: 108.738, lat: 29.52, height: 250, heading: 0, pitch: -45 };

  it('counts a close-up from the ground at the point it frames, on terrain', () => {
    // the point framed stands at 550 m: the camera ends 250 m above it, not 300 m inside the hill
    expect(viewHeight({ ...closeUp, ground: [108.739, 29.524] }, hill)).toBeCloseTo(800, 6);
  });

  it('keeps authored views (no ground point) and flat globes above the ellipsoid', () => {
    expect(viewHeight(closeUp, hill)).toBe(250);
    expect(viewHeight({ ...closeUp, ground: [108.739, 29.524] }, { terrain: false, at: () => 999 })).toBe(250);
    expect(viewHeight({ ...closeUp, ground: [108.739, 29.524] })).toBe(250);
  });

  it('falls back to the ellipsoid where the ground is unknown', () => {
    expect(viewHeight({ ...closeUp, ground: [0, 0] }, { terrain: true, at: () => Number.NaN })).toBe(250);
  });
});
