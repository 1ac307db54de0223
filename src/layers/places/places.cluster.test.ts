import { describe, expect, it } from 'vitest';
import type { Place } from '../../domain/district.types.ts';
import { offsetByMetres } from '../../domain/geo.ts';
import { clusterCellM, clusterPlaces, parsePlaces } from './places.cluster.ts';

const ORIGIN: [number, number] = [108.77, 29.53];
const place = (id: string, kind: Place['kind'], east: number, north: number): Place => ({
  id,
  kind,
  name: `场所${id}`,
  position: offsetByMetres(ORIGIN, east, north),
  streetId: 'S01',
  gridId: 'S01-C01-G01',
  organization: kind === 'party-branch',
});

describe('places clustering', () => {
  it('keeps only well-formed places and counts the rest', () => {
    const good = place('L1', 'school', 0, 0);
    const { places, dropped } = parsePlaces([
      good,
      { ...good, id: 'L2', kind: 'castle' },
      { ...good, id: 'L3', position: [Number.NaN, 1] },
      null,
      'x',
    ]);
    expect(places.map((p) => p.id)).toEqual(['L1']);
    expect(dropped).toBe(4);
    expect(parsePlaces({ not: 'a list' })).toEqual({ places: [], dropped: 0 });
  });

  it('puts nearby places in one cluster with their commonest kind, and far ones apart', () => {
    // Three places within 100 m (two markets, one school), one 5 km away; 1 km cells.
    const ps = [
      place('A', 'market', 10, 10),
      place('B', 'school', 60, 40),
      place('C', 'market', 90, 80),
      place('D', 'clinic', 5000, 5000),
    ];
    const clusters = clusterPlaces(ps, 1000).sort((a, b) => b.count - a.count);
    expect(clusters.map((c) => c.count)).toEqual([3, 1]);
    expect(clusters[0].topKind).toBe('market');
    expect(clusters[0].single).toBe(-1);
    expect(clusters[1]).toMatchObject({ count: 1, topKind: 'clinic', single: 3 });
    // The cluster sits at the members' mean position.
    const mean = [
      (ps[0].position[0] + ps[1].position[0] + ps[2].position[0]) / 3,
      (ps[0].position[1] + ps[1].position[1] + ps[2].position[1]) / 3,
    ];
    expect(clusters[0].lng).toBeCloseTo(mean[0], 9);
    expect(clusters[0].lat).toBeCloseTo(mean[1], 9);
  });

  it('accounts for every place exactly once, whatever the cell size', () => {
    const ps = Array.from({ length: 400 }, (_, i) =>
      place(`P${i}`, i % 3 === 0 ? 'enterprise' : 'market', (i % 20) * 173, Math.floor(i / 20) * 211),
    );
    for (const cell of [64, 512, 4096, 65_536]) {
      const clusters = clusterPlaces(ps, cell);
      expect(clusters.reduce((n, c) => n + c.count, 0)).toBe(400);
      for (const c of clusters) expect(c.single >= 0).toBe(c.count === 1);
    }
    expect(clusterPlaces(ps, 65_536)).toHaveLength(1);
    expect(() => clusterPlaces(ps, 0)).toThrow(RangeError);
  });

  it('draws every place close in and bins by powers of two further out', () => {
    expect(clusterCellM(1)).toBe(0);
    expect(clusterCellM(8)).toBe(512); // 8 m/px × 64 px = 512 m
    expect(clusterCellM(9)).toBe(512); // 576 m rounds to the same power of two: no re-binning
    expect(clusterCellM(40)).toBe(2048);
  });
});
