import { statusCode, type FrameRow, type StaffState } from '../../src/protocol/positions.schema.ts';

// Positions are latest-value data: between two frames only the newest sample per person matters,
// so memory is bounded by the number of people, whatever rate the centers send at.

export class PositionCoalescer {
  private dirty = new Map<string, Map<string, FrameRow>>();

  push(s: StaffState) {
    let street = this.dirty.get(s.streetId);
    if (!street) this.dirty.set(s.streetId, (street = new Map()));
    street.set(s.staffId, [s.staffId, round6(s.lng), round6(s.lat), s.at, statusCode(s.status), s.heading ?? -1]);
  }

  /** The frames to send now (one per street that changed), and a clean slate. */
  drain(): Map<string, FrameRow[]> {
    const out = new Map<string, FrameRow[]>();
    for (const [street, rows] of this.dirty) out.set(street, [...rows.values()]);
    this.dirty = new Map();
    return out;
  }
}

/** ~0.1 m: enough for a wall, and shorter frames. */
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
