import type { Namespace, Socket } from 'socket.io';
import { LIVE_EVENTS } from '../../src/protocol/events.ts';
import { encodeFrame } from '../../src/protocol/positions-binary.ts';
import type { FrameRow } from '../../src/protocol/positions.schema.ts';

// Position frames in two forms: JSON rows for subscribers that did not ask otherwise, binary
// columns (src/protocol/positions-binary.ts) for those that subscribed with `binary: true`. A
// binary subscriber is in its scope's room (deltas and feeds reach it as before), in BINARY_ROOM
// (so the JSON frame skips it) and in the binary twin of its scope's room (where binary frames go).
// Each form is encoded once per frame, whatever the number of subscribers.

export const BINARY_ROOM = 'binary';
export const binaryRoom = (room: string) => `bin:${room}`;

export function emitPositions(live: Namespace, rooms: string[], stream: string, t: number, rows: FrameRow[]) {
  live.to(rooms).except(BINARY_ROOM).emit(LIVE_EVENTS.positions, { stream, t, rows });
  live.to(rooms.map(binaryRoom)).emit(LIVE_EVENTS.positions, encodeFrame(stream, t, rows));
}

export function joinScope(socket: Socket, room: string, binary: boolean) {
  void socket.join(binary ? [room, BINARY_ROOM, binaryRoom(room)] : room);
}
