// The wall's side of the binary wire forms (src/protocol/positions-binary.ts): the relay sends
// them because the live client subscribes with `binary: true`. A binary positions frame is applied
// to the staff model straight from its columns, its ids matched against the stream's previous frame
// (no per-row array, string or lookup); a packed snapshot is unpacked into the JSON snapshot's shape
// and then takes the usual, checked path.
import { frameWire, packedSnapshotSchema, unpackSnapshot } from '../protocol/positions-binary.ts';
import { applyWireFrame, type FrameResult } from './models/staff-apply.model.ts';
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

/** Null when the frame's columns and ids disagree (counted as malformed by the caller). */
export function applyBinaryFrame(m: StaffModel, f: BinaryFrameEnvelope, nowMs: number): FrameResult | null {
  const rows = frameIds(m, f.stream, f.ids);
  const w = frameWire(f, rows.n);
  return w ? applyWireFrame(m, w, rows.ids, rows.slots, nowMs, f.stream) : null;
}

/** A packed snapshot as the JSON snapshot (null: malformed); anything else is returned as it came. */
export function unpackIfPacked(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || !('packed' in raw)) return raw;
  const p = packedSnapshotSchema.safeParse(raw);
  return p.success ? unpackSnapshot(p.data) : null;
}
