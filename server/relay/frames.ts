import type { Namespace, Socket } from 'socket.io';
import { LIVE_EVENTS } from '../../src/protocol/events.ts';
import { decodeFrame, encodeFrame, frameRows, type BinaryFrame } from '../../src/protocol/positions-binary.ts';
import type { FrameRow } from '../../src/protocol/positions.schema.ts';

// Position frames in two forms: JSON rows for subscribers that did not ask otherwise, binary
// columns (src/protocol/positions-binary.ts) for those that subscribed with `binary: true`. A
// binary subscriber is in its scope's room (deltas and feeds reach it as before), in BINARY_ROOM
// (so the JSON frame skips it) and in the binary twin of its scope's room (where binary frames go).
// Each form is encoded once per frame, whatever the number of subscribers, and only when this node
// has a subscriber for it (the binary form also when other nodes take it): a city's frames are 1,200
// a second, and encoding JSON nobody reads was a good part of a node's CPU.
//
// Frames go to this node's own subscribers only. With several nodes, the frames of one tick travel
// to the others as one message of binary frames (cluster.ts), which each node hands to its own
// subscribers here, instead of two adapter broadcasts per street and frame through the Redis stream.

export const BINARY_ROOM = 'binary';
export const binaryRoom = (room: string) => `bin:${room}`;

/**
 * Sends one street's rows to this node's subscribers in the forms they asked for. The binary form is
 * returned for the other nodes when `share` (null when nobody needed it encoded).
 */
export function emitPositions(
  live: Namespace,
  rooms: string[],
  stream: string,
  t: number,
  rows: FrameRow[],
  share = false,
): BinaryFrame | null {
  if (hasJsonSubscriber(live, rooms))
    live.local.to(rooms).except(BINARY_ROOM).emit(LIVE_EVENTS.positions, { stream, t, rows });
  const bin = rooms.map(binaryRoom);
  const local = hasMember(live, bin);
  if (!local && !share) return null;
  const frame = encodeFrame(stream, t, rows);
  if (local) live.local.to(bin).emit(LIVE_EVENTS.positions, frame);
  return share ? frame : null;
}

/** A frame another node encoded, to this node's subscribers (JSON rows decoded only when wanted). */
export function emitRemoteFrame(live: Namespace, rooms: string[], frame: BinaryFrame) {
  if (hasJsonSubscriber(live, rooms)) {
    const c = decodeFrame(frame);
    if (c)
      live.local
        .to(rooms)
        .except(BINARY_ROOM)
        .emit(LIVE_EVENTS.positions, { stream: frame.stream, t: frame.t, rows: frameRows(c) });
  }
  const bin = rooms.map(binaryRoom);
  if (hasMember(live, bin)) live.local.to(bin).emit(LIVE_EVENTS.positions, frame);
}

export function joinScope(socket: Socket, room: string, binary: boolean) {
  void socket.join(binary ? [room, BINARY_ROOM, binaryRoom(room)] : room);
}

const size = (live: Namespace, room: string) => live.adapter.rooms.get(room)?.size ?? 0;
const hasMember = (live: Namespace, rooms: string[]) => rooms.some((r) => size(live, r) > 0);
/** Every binary subscriber of a room is also in its twin: the rest want JSON. */
const hasJsonSubscriber = (live: Namespace, rooms: string[]) =>
  rooms.some((r) => size(live, r) > size(live, binaryRoom(r)));
