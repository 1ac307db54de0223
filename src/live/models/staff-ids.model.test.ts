import { describe, expect, it } from 'vitest';
import { seeded } from '../../../test/support/live.fixture.ts';
import { frameIds } from './staff-ids.model.ts';
import { addStaff, createStaffModel } from './staff.model.ts';

// frameIds reuses the previous frame's ids of a stream; whatever it reuses, it must read each frame
// as split(',') does, and every slot it gives must be the model's slot for that id (or -1).

const ROSTER = Array.from({ length: 40 }, (_, k) => `W${k}`);

/** Frames as a relay might send them: mostly the previous people in order, some missing, some new or moved. */
function frames(r: () => number, count: number): string[] {
  const out: string[] = [];
  let ids = ROSTER.slice(0, 20);
  for (let f = 0; f < count; f++) {
    const next: string[] = [];
    for (const id of ids) {
      const x = r();
      if (x < 0.1) continue; // did not move
      if (x < 0.15) next.push(ROSTER[Math.floor(r() * ROSTER.length)]!); // someone else first
      next.push(id);
    }
    if (r() < 0.2) next.push(`N${f}`); // unknown to the model
    if (r() < 0.1) next.reverse();
    if (r() < 0.05) next.push(''); // an empty id (trailing comma)
    if (r() < 0.05) next.length = 0;
    if (next.length === 0 && r() < 0.5) next.push(...ROSTER.slice(0, 10));
    out.push(next.join(','));
    ids = next.filter((id) => id !== '');
    if (ids.length === 0) ids = ROSTER.slice(0, 20);
  }
  return out;
}

describe('frame ids', () => {
  it('read every frame as split(",") does, with each slot the model slot of its id or -1', () => {
    const m = createStaffModel();
    for (const id of ROSTER) addStaff(m, id);
    const r = seeded(7);
    let reused = 0;
    for (const joined of frames(r, 400)) {
      const stream = r() < 0.8 ? 'S01' : 'S02';
      const got = frameIds(m, stream, joined);
      const want = joined.length ? joined.split(',') : [];
      expect(got.n).toBe(want.length);
      expect(got.ids.slice(0, got.n)).toEqual(want);
      for (let k = 0; k < got.n; k++) {
        const slot = got.slots[k]!;
        if (slot >= 0) {
          expect(slot).toBe(m.indexById.get(want[k]!));
          reused++;
        }
      }
      // what the caller does: resolve the rest (adding unknown people) and store the slots back
      for (let k = 0; k < got.n; k++) if (got.slots[k]! < 0 && want[k]) got.slots[k] = addStaff(m, want[k]!);
    }
    // most rows were matched against the previous frame rather than looked up
    expect(reused).toBeGreaterThan(1000);
  });

  it('give an identical string the same rows, slots stored by the caller included', () => {
    const m = createStaffModel();
    addStaff(m, 'A');
    const a = frameIds(m, 'S01', 'A,B');
    expect(Array.from(a.slots.subarray(0, 2))).toEqual([-1, -1]);
    a.slots[1] = addStaff(m, 'B');
    const b = frameIds(m, 'S01', ['A', 'B'].join(','));
    expect(b.ids.slice(0, b.n)).toEqual(['A', 'B']);
    expect(b.slots[1]).toBe(m.indexById.get('B'));
    // another stream keeps its own
    expect(frameIds(m, 'S02', 'B').slots[0]).toBe(-1);
  });
});
