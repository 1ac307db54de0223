// The wall's side of the binary wire forms (src/protocol/positions-binary.ts): the relay sends
// them because the live client subscribes with `binary: true`. A binary positions frame is decoded
// into reusable columns and applied to the staff model without a per-row array; a packed snapshot
// is unpacked into the JSON snapshot's shape and then takes the usual, checked path.
import {
  allocColumns,
  decodeColumns,
  packedSnapshotSchema,
  unpackSnapshot,
  type FrameColumns,
} from '../protocol/positions-binary.ts';
import { applyPositionColumns, type FrameResult } from './models/staff-apply.model.ts';
import type { StaffModel } from './models/staff.model.ts';
import { frameIds } from './models/staff-ids.model.ts';

export interface BinaryFrameEnvelope {
  stream: string;
  t: number;
  ids: string;
  cols: Uint8Array | ArrayBuffer;
}

export function isBinaryFrame(raw: unknown): raw is BinaryFrameEnvelope {
  const f = raw as Partial<BinaryFrameEnvelope> | null;
  return (
    !!f &&
    typeof f === 'object' &&
    typeof f.ids === 'string' &&
    (f.cols instanceof Uint8Array || f.cols instanceof ArrayBuffer)
  );
}

/** Scratch columns per staff model: a 50,000-row frame every quarter second must not churn the heap. */
const scratch = new WeakMap<StaffModel, FrameColumns>();

/** Null when the frame's columns and ids disagree (counted as malformed by the caller). */
export function applyBinaryFrame(m: StaffModel, f: BinaryFrameEnvelope, nowMs: number): FrameResult | null {
  const rows = frameIds(m, f.stream, f.ids);
  const n = rows.n;
  let out = scratch.get(m);
  if (!out || out.lng.length < n) scratch.set(m, (out = allocColumns(Math.max(n, 1024, (out?.lng.length ?? 0) * 2))));
  const cols = decodeColumns(f, rows.ids, n, out);
  return cols ? applyPositionColumns(m, cols, nowMs, f.stream, rows.slots) : null;
}

/** A packed snapshot as the JSON snapshot (null: malformed); anything else is returned as it came. */
export function unpackIfPacked(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || !('packed' in raw)) return raw;
  const p = packedSnapshotSchema.safeParse(raw);
  return p.success ? unpackSnapshot(p.data) : null;
}
