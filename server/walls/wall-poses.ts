import type { WallPose } from '../../src/protocol/wall.schema.ts';

// The last camera pose of each spliced wall (a room: scope + wall name), so a tile that restarts is
// placed at once by its join ack instead of waiting for the leader's next move (the leader sends only
// when the camera changes; a still camera sends nothing). In memory on this node only: a pose is
// state that the next move replaces, not history worth storing.
//
// Memory stays bounded without a timer: a room nobody has been in for ROOM_IDLE_MS is forgotten at
// the next sweep, and past MAX_ROOMS the oldest empty rooms go first. Rooms with a tile connected are
// never dropped (their count is bounded by the connections, each in at most one room).

export const ROOM_IDLE_MS = 10 * 60_000;
export const MAX_ROOMS = 1000;
const SWEEP_EVERY_MS = 60_000;

interface Room {
  pose: WallPose | null;
  /** the socket that sent `pose`: seqs are only comparable within one sender */
  sender: string | null;
  members: number;
  emptySince: number | null;
}

export class WallPoses {
  private readonly rooms = new Map<string, Room>();
  private sweepAt = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly idleMs = ROOM_IDLE_MS,
    private readonly maxRooms = MAX_ROOMS,
  ) {}

  /** A socket entered the room; returns the room's last pose (null: none yet). */
  join(key: string): WallPose | null {
    const room = this.room(key);
    room.members++;
    room.emptySince = null;
    return room.pose;
  }

  /** A socket left the room (moved to another wall or disconnected). */
  leave(key: string): void {
    const room = this.rooms.get(key);
    if (!room) return;
    room.members = Math.max(0, room.members - 1);
    if (room.members === 0) room.emptySince = this.now();
  }

  /**
   * Keeps `pose` as the room's last one when it is newer than the stored one from the same sender,
   * or comes from another sender (a restarted leader counts from 0 again). False: a stale pose, not
   * to be forwarded either.
   */
  offer(key: string, sender: string, pose: WallPose): boolean {
    const room = this.room(key);
    if (room.pose && room.sender === sender && pose.seq <= room.pose.seq) return false;
    room.pose = pose;
    room.sender = sender;
    return true;
  }

  last(key: string): WallPose | null {
    return this.rooms.get(key)?.pose ?? null;
  }

  get size(): number {
    return this.rooms.size;
  }

  private room(key: string): Room {
    let room = this.rooms.get(key);
    if (room) return room;
    const t = this.now();
    if (t >= this.sweepAt || this.rooms.size >= this.maxRooms) this.sweep(t);
    room = { pose: null, sender: null, members: 0, emptySince: t };
    this.rooms.set(key, room);
    return room;
  }

  private sweep(t: number) {
    this.sweepAt = t + SWEEP_EVERY_MS;
    for (const [k, r] of this.rooms) if (r.emptySince !== null && t - r.emptySince >= this.idleMs) this.rooms.delete(k);
    // still full: the empty rooms go, oldest first (Map order is creation order)
    for (const [k, r] of this.rooms) {
      if (this.rooms.size < this.maxRooms) break;
      if (r.members === 0) this.rooms.delete(k);
    }
  }
}
