import type { SharedWallPose, WallPose } from '../../src/protocol/wall.schema.ts';

// The last camera pose of each spliced wall (a room: scope + wall name), so a tile that restarts is
// placed at once by its join ack instead of waiting for the leader's next move (the leader sends only
// when the camera changes; a still camera sends nothing). In memory: a pose is state that the next
// move replaces, not history worth storing. With several relay nodes each node keeps its own copy:
// the node that accepts a pose shares it (`offer` returns what to share), the others take it with
// `heard`, so a tile rejoining through any node is placed.
//
// Which pose is newer: from one sender (a leader's socket), the higher seq; from two senders, the one
// accepted later on a hybrid clock (the node's ms clock, but never below a stamp it has seen plus
// one), so a leader that restarts on another node wins everywhere even when the nodes' clocks differ,
// and every node settles on the same pose.
//
// Memory stays bounded without a timer: a room quiet for ROOM_IDLE_MS (no tile of this node in it,
// no word of it from another node) is forgotten at the next sweep, and past MAX_ROOMS the oldest
// rooms without a tile here go first. Rooms with a tile connected are never dropped (their count is
// bounded by the connections, each in at most one room). Nodes repeat the poses of their occupied
// rooms every SHARE_EVERY_MS, which keeps them on the other nodes while a still camera sends nothing.

export const ROOM_IDLE_MS = 10 * 60_000;
export const MAX_ROOMS = 1000;
/** below ROOM_IDLE_MS, so an occupied room's pose outlives the sweeps on every node */
export const SHARE_EVERY_MS = 60_000;
const SWEEP_EVERY_MS = 60_000;

interface Room {
  pose: WallPose | null;
  /** the socket that sent `pose`: seqs are only comparable within one sender */
  sender: string | null;
  /** when a node accepted `pose`, on the hybrid clock */
  at: number;
  members: number;
  /** null while a tile of this node is in the room; else since when it has been quiet */
  quietSince: number | null;
}

export type PoseShare = Omit<SharedWallPose, 'live'>;

export class WallPoses {
  private readonly rooms = new Map<string, Room>();
  private sweepAt = 0;
  private clock = 0;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly idleMs = ROOM_IDLE_MS,
    private readonly maxRooms = MAX_ROOMS,
  ) {}

  /** A socket entered the room; returns the room's last pose (null: none yet). */
  join(key: string): WallPose | null {
    const room = this.room(key);
    room.members++;
    room.quietSince = null;
    return room.pose;
  }

  /** A socket left the room (moved to another wall or disconnected). */
  leave(key: string): void {
    const room = this.rooms.get(key);
    if (!room) return;
    room.members = Math.max(0, room.members - 1);
    if (room.members === 0) room.quietSince = this.now();
  }

  /**
   * A pose from a socket of this node. Kept as the room's last one when it is newer than the stored
   * one from the same sender, or comes from another sender (a restarted leader counts from 0 again).
   * Returns the stamped pose to share with the other nodes; null: a stale pose, not to be forwarded.
   */
  offer(key: string, sender: string, pose: WallPose): PoseShare | null {
    const room = this.room(key);
    if (room.pose && room.sender === sender && pose.seq <= room.pose.seq) return null;
    this.clock = Math.max(this.clock + 1, this.now());
    this.keep(room, sender, pose, this.clock);
    return { room: key, sender, pose, at: this.clock };
  }

  /** A pose another node accepted (or repeats). False: not newer than the one held here. */
  heard(s: PoseShare): boolean {
    const room = this.room(s.room);
    this.clock = Math.max(this.clock, s.at);
    if (room.members === 0) room.quietSince = this.now();
    if (room.pose && !newer(s, room)) return false;
    this.keep(room, s.sender, s.pose, s.at);
    return true;
  }

  last(key: string): WallPose | null {
    return this.rooms.get(key)?.pose ?? null;
  }

  /** The room's pose as it would be shared (null: none). */
  share(key: string): PoseShare | null {
    const room = this.rooms.get(key);
    return room?.pose ? { room: key, sender: room.sender!, pose: room.pose, at: room.at } : null;
  }

  /** The poses of the rooms a tile of this node is in: what this node repeats to the others. */
  occupied(): PoseShare[] {
    const out: PoseShare[] = [];
    for (const [key, r] of this.rooms) if (r.members > 0 && r.pose) out.push(this.share(key)!);
    return out;
  }

  get size(): number {
    return this.rooms.size;
  }

  private keep(room: Room, sender: string, pose: WallPose, at: number) {
    room.pose = pose;
    room.sender = sender;
    room.at = at;
  }

  private room(key: string): Room {
    let room = this.rooms.get(key);
    if (room) return room;
    const t = this.now();
    if (t >= this.sweepAt || this.rooms.size >= this.maxRooms) this.sweep(t);
    room = { pose: null, sender: null, at: 0, members: 0, quietSince: t };
    this.rooms.set(key, room);
    return room;
  }

  private sweep(t: number) {
    this.sweepAt = t + SWEEP_EVERY_MS;
    for (const [k, r] of this.rooms) if (r.quietSince !== null && t - r.quietSince >= this.idleMs) this.rooms.delete(k);
    // still full: the rooms without a tile here go, oldest first (Map order is creation order)
    for (const [k, r] of this.rooms) {
      if (this.rooms.size < this.maxRooms) break;
      if (r.members === 0) this.rooms.delete(k);
    }
  }
}

/** the same sender's higher seq; else the later stamp, ties broken by sender so every node agrees */
function newer(s: PoseShare, room: Room): boolean {
  if (room.sender === s.sender) return s.pose.seq > room.pose!.seq;
  return s.at > room.at || (s.at === room.at && s.sender > room.sender!);
}
