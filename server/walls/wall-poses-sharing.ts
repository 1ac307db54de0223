import { WALL_EVENTS } from '../../src/protocol/wall.schema.ts';
import type { WallNamespace } from '../relay/socket.types.ts';
import { SHARE_EVERY_MS, type PoseShare, type WallPoses } from './wall-poses.ts';

// Several relay nodes (docs/adr/0006): the leader's poses already reach every node's tiles through
// the Redis adapter, but the last pose, which places a tile that (re)joins, was kept only on the
// leader's node. Each node now tells the others what it accepts (serverSideEmit on /wall), repeats
// the poses of its occupied rooms every SHARE_EVERY_MS (a still camera sends nothing, and an idle
// room is forgotten after ROOM_IDLE_MS), and asks the others when a tile joins a room it has no pose
// for (a node that just started). A single node without Redis never gets here: the in-memory adapter
// has no serverSideEmit.

const POSE = 'gw:wall-pose';
const ASK = 'gw:wall-ask';

export interface PoseSharing {
  /** this node accepted a pose from one of its sockets */
  accepted(s: PoseShare): void;
  /** a socket of this node joined the room */
  joined(room: string): void;
}

export function sharePoses(nsp: WallNamespace, poses: WallPoses, everyMs = SHARE_EVERY_MS): PoseSharing {
  const send = (s: PoseShare, live: boolean) => nsp.serverSideEmit(POSE, { ...s, live });
  nsp.on(POSE, (m) => {
    // a live pose has reached this node's tiles through the adapter already; a repeated one has not
    if (poses.heard(m) && !m.live) nsp.local.to(m.room).emit(WALL_EVENTS.pose, m.pose);
  });
  nsp.on(ASK, (room) => {
    const s = poses.share(room);
    if (s) send(s, false);
  });
  let timer: ReturnType<typeof setInterval> | null = null;
  const repeat = () => {
    const occupied = poses.occupied();
    for (const s of occupied) send(s, false);
    // no tile here any more (the relay closed, or the walls left): the next join starts it again
    if (occupied.length === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
  return {
    accepted: (s) => send(s, true),
    joined(room) {
      timer ??= setInterval(repeat, everyMs);
      timer.unref();
      if (!poses.last(room)) nsp.serverSideEmit(ASK, room);
    },
  };
}
