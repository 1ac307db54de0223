import { describe, expect, it } from 'vitest';
import type { AreaUnit } from '../../domain/district.types.ts';
import {
  classIndex,
  colourScale,
  legendRows,
  METRICS,
  NO_DATA_COLOR,
  niceRound,
  quantileBreaks,
} from './grids.metrics.ts';

const unit = (id: string, population: number, areaKm2: number) => ({ id, population, areaKm2 }) as AreaUnit;

describe('density metric', () => {
  it('is people per km² and has no value without an area', () => {
    expect(METRICS.density.value(unit('a', 12_000, 1.5), {})).toBe(8_000);
    expect(METRICS.density.value(unit('b', 100, 0), {})).toBeNull();
  });
});

describe('colour scale', () => {
  it('rounds breaks for legible legends', () => {
    expect(niceRound(1187.43)).toBe(1100);
    expect(niceRound(93)).toBe(93);
    expect(niceRound(0.0456)).toBeCloseTo(0.045);
  });

  it('splits values into classes of equal size with ascending breaks', () => {
    const values = Array.from({ length: 60 }, (_, i) => (i + 1) * 100);
    const breaks = quantileBreaks(values, 6);
    expect(breaks).toEqual([1100, 2100, 3100, 4100, 5100]);
    const counts = new Array(6).fill(0);
    for (const v of values) counts[classIndex(v, breaks)]++;
    for (const c of counts) expect(c).toBeGreaterThanOrEqual(9);
  });

  it('collapses classes when many areas share a value', () => {
    const breaks = quantileBreaks([5, 5, 5, 5, 5, 5, 5, 9], 6);
    expect(breaks.length).toBeLessThan(5);
    for (let i = 1; i < breaks.length; i++) expect(breaks[i]).toBeGreaterThan(breaks[i - 1]);
  });

  it('colours sparse areas with the first colour and dense ones with the last', () => {
    const units = Array.from({ length: 30 }, (_, i) => unit(`u${i}`, (i + 1) * 1000, 1));
    const scale = colourScale(METRICS.density, units, {});
    expect(scale.colorOf(1000)).toBe(METRICS.density.palette[0]);
    expect(scale.colorOf(30_000)).toBe(METRICS.density.palette[METRICS.density.palette.length - 1]);
    expect(scale.colorOf(null)).toBe(NO_DATA_COLOR);
    const rows = legendRows(scale, (v) => String(v));
    expect(rows).toHaveLength(scale.colors.length);
    expect(rows[0].label.startsWith('<')).toBe(true);
    expect(rows[rows.length - 1].label.startsWith('≥')).toBe(true);
  });

  it('keeps the ramp ends when there are fewer classes than colours', () => {
    const scale = colourScale(METRICS.density, [unit('a', 100, 1), unit('b', 100, 1), unit('c', 900, 1)], {});
    expect(scale.colors[0]).toBe(METRICS.density.palette[0]);
    expect(scale.colors[scale.colors.length - 1]).toBe(METRICS.density.palette[METRICS.density.palette.length - 1]);
    expect(scale.colorOf(900)).not.toBe(scale.colorOf(100));
  });
});
