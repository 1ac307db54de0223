import { statusCode, type FrameRow, type StaffState } from '../../src/protocol/positions.schema.ts';

// Positions are latest-value data: between two frames only the newest sample per person matters,
// so memory is bounded by the number of people, whatever rate the centers send at.
//
// Each street keeps its one frame per interval, but the streets are spread over `slots` phases of
// that interval: sending all 30 frames at the same instant made every wall parse a second's worth
// of rows in one go, and an incident delta arriving behind that burst waited for it (the bench's
// incident p99 followed the burst, not the commit).

export class PositionCoalescer {
  private dirty = new Map<string, Map<string, FrameRow>>();
  /** street → phase, assigned round-robin in order of first appearance (stable for the process) */
  private readonly phase = new Map<string, number>();

  constructor(readonly slots = 1) {
    if (!Number.isInteger(slots) || slots < 1) throw new Error(`slots must be a positive integer, got ${slots}`);
  }

  push(s: StaffState) {
    let street = this.dirty.get(s.streetId);
    if (!street) this.dirty.set(s.streetId, (street = new Map()));
    if (!this.phase.has(s.streetId)) this.phase.set(s.streetId, this.phase.size % this.slots);
    street.set(s.staffId, [s.staffId, round6(s.lng), round6(s.lat), s.at, statusCode(s.status), s.heading ?? -1]);
  }

  /**
   * The frames due at tick `tick` (one per street of that phase that changed) and a clean slate for
   * them. Called every interval / slots, each street is drained exactly once per interval.
   */
  drain(tick = 0): Map<string, FrameRow[]> {
    const due = ((tick % this.slots) + this.slots) % this.slots;
    const out = new Map<string, FrameRow[]>();
    for (const [street, rows] of this.dirty) {
      if (this.phase.get(street) !== due) continue;
      out.set(street, [...rows.values()]);
      this.dirty.delete(street);
    }
    return out;
  }
}

/** How many phases an interval is split into: one per 100 ms, at most ten (a phase is never under 100 ms). */
export function frameSlots(intervalMs: number): number {
  return Math.max(1, Math.min(10, Math.floor(intervalMs / 100)));
}

/** ~0.1 m: enough for a wall, and shorter frames. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
