// Binary position frames name their rows by one comma-joined id string (src/protocol/positions-binary.ts).
// Splitting it and looking every id up in the model's Map was most of the cost of a 50,000-row frame
// (50,000 fresh strings to hash and compare, and as many for the GC). But a street's frame mostly
// names the same people in the same order as its previous one (the relay coalesces a street's fixes
// in arrival order, and a center reports its people in a fixed order), so each stream keeps the
// previous frame's ids with their slots, and a new frame is matched against them in place: an
// identical string reuses them whole, otherwise each id is compared at its position (startsWith, no
// substring) against the next few expected ones, and only a new or reordered id is cut out of the string.

import type { StaffModel } from './staff.model.ts';

export interface FrameIds {
  /** The joined string these were read from. */
  joined: string;
  n: number;
  /** ids[k] for k < n (the strings of the previous frame where they matched). */
  ids: string[];
  /** Model slot of row k; −1: not resolved (looked up, and added if need be, when the row is applied). */
  slots: Int32Array;
}

/** How far ahead in the previous frame an id is looked for: people who did not move drop out of a frame. */
const LOOKAHEAD = 4;
const COMMA = 44;

const empty = (): FrameIds => ({ joined: '', n: 0, ids: [], slots: new Int32Array(0) });

interface StreamIds {
  last: FrameIds;
  spare: FrameIds;
}

const byModel = new WeakMap<StaffModel, Map<string, StreamIds>>();

/**
 * The rows of one stream's frame as model slots. The result is reused: it is valid until the next
 * call for the same stream, and the caller may store slots it resolves into it.
 */
export function frameIds(m: StaffModel, stream: string, joined: string): FrameIds {
  let streams = byModel.get(m);
  if (!streams) byModel.set(m, (streams = new Map()));
  let s = streams.get(stream);
  if (!s) streams.set(stream, (s = { last: empty(), spare: empty() }));
  // Equal strings compare by memcmp (a 50,000-id string in well under a millisecond).
  if (s.last.joined === joined) return s.last;
  const next = matchIds(joined, s.last, s.spare);
  s.spare = s.last;
  s.last = next;
  return next;
}

/** Parses `joined` into `out`, reusing prev's strings and slots where the ids match in order. */
export function matchIds(joined: string, prev: FrameIds, out: FrameIds): FrameIds {
  out.joined = joined;
  out.n = 0;
  const len = joined.length;
  if (len === 0) {
    out.ids.length = 0;
    return out;
  }
  const pIds = prev.ids;
  const pSlots = prev.slots;
  const pN = prev.n;
  const ids = out.ids;
  let slots = out.slots;
  let pos = 0,
    j = 0,
    k = 0,
    end: number;
  do {
    let id: string | undefined;
    let slot = -1;
    end = -1;
    for (let d = 0; d < LOOKAHEAD && j + d < pN; d++) {
      // An expected id matches when the string holds it here and a comma (or the end) follows it:
      // ids have no commas, so no indexOf is needed for the rows that match.
      const p = pIds[j + d]!;
      const e = pos + p.length;
      if ((e === len || (e < len && joined.charCodeAt(e) === COMMA)) && joined.startsWith(p, pos)) {
        id = p;
        slot = pSlots[j + d]!;
        end = e;
        j += d + 1;
        break;
      }
    }
    if (id === undefined) {
      const comma = joined.indexOf(',', pos);
      end = comma < 0 ? len : comma;
      id = joined.slice(pos, end);
    }
    if (k === slots.length) {
      const grown = new Int32Array(Math.max(1024, slots.length * 2));
      grown.set(slots);
      out.slots = slots = grown;
    }
    ids[k] = id;
    slots[k] = slot;
    k++;
    pos = end + 1;
  } while (end < len);
  ids.length = k;
  out.n = k;
  return out;
}
