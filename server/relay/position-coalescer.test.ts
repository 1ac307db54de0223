import { describe, expect, it } from 'vitest';
import type { StaffState } from '../../src/protocol/positions.schema.ts';
import { frameSlots, PositionCoalescer } from './position-coalescer.ts';

const staff = (streetId: string, staffId: string, at: number): StaffState => ({
  staffId,
  streetId,
  lng: 120.1234567,
  lat: 30.7654321,
  at,
  status: 'on-duty',
  heading: null,
  incidentId: null,
  trail: [],
});

describe('position coalescer', () => {
  it('keeps only the newest sample per person between frames', () => {
    const c = new PositionCoalescer();
    c.push(staff('S01', 'p1', 1));
    c.push(staff('S01', 'p1', 2));
    c.push(staff('S01', 'p2', 3));
    const frames = c.drain();
    expect([...frames.keys()]).toEqual(['S01']);
    expect(frames.get('S01')!.map((r) => [r[0], r[3]])).toEqual([
      ['p1', 2],
      ['p2', 3],
    ]);
    expect(frames.get('S01')![0]![1]).toBe(120.123457);
    expect(c.drain().size).toBe(0);
  });

  it('spreads streets over the phases of an interval and sends each once per interval', () => {
    const c = new PositionCoalescer(10);
    const streets = Array.from({ length: 30 }, (_, i) => `S${String(i + 1).padStart(2, '0')}`);
    const sent = new Map<string, number>();
    for (let second = 0; second < 3; second++) {
      for (const s of streets) c.push(staff(s, `${s}-p`, second));
      const perTick: number[] = [];
      for (let t = second * 10; t < second * 10 + 10; t++) {
        const frames = c.drain(t);
        perTick.push(frames.size);
        for (const s of frames.keys()) sent.set(s, (sent.get(s) ?? 0) + 1);
      }
      // 30 streets in 10 phases: three frames per tick instead of thirty at once
      expect(perTick).toEqual(Array(10).fill(3));
    }
    expect([...sent.values()]).toEqual(Array(30).fill(3));
  });

  it('holds a street that changed after its phase until its next turn', () => {
    const c = new PositionCoalescer(4);
    c.push(staff('A', 'a', 1)); // phase 0
    c.push(staff('B', 'b', 1)); // phase 1
    expect([...c.drain(0).keys()]).toEqual(['A']);
    c.push(staff('A', 'a', 2));
    expect([...c.drain(1).keys()]).toEqual(['B']);
    expect(c.drain(2).size + c.drain(3).size).toBe(0);
    expect(c.drain(4).get('A')![0]![3]).toBe(2);
  });

  it('splits an interval into phases of 100 ms, at most ten', () => {
    expect(frameSlots(1000)).toBe(10);
    expect(frameSlots(5000)).toBe(10);
    expect(frameSlots(250)).toBe(2);
    expect(frameSlots(100)).toBe(1);
    expect(frameSlots(20)).toBe(1);
    expect(() => new PositionCoalescer(0)).toThrow();
  });
});
