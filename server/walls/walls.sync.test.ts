import type { Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckFail } from '../../src/protocol/ack.ts';
import { POSE_MAX_PER_S, type JoinAck, type WallJoin, type WallPose } from '../../src/protocol/wall.schema.ts';
import { ask, startWallServer, type WallServer } from '../../test/support/walls.fixture.ts';
import { MAX_ROOMS, ROOM_IDLE_MS, WallPoses, type PoseShare } from './wall-poses.ts';

// Screens in step (issue 9 §3): the tiles of one spliced wall join it by name over real Socket.IO
// connections, the leader's poses reach the other tiles of that wall and scope only, and a tile that
// (re)joins is placed by the last pose in its join ack. The server's clock stands still unless a test
// moves it, so the pose budget (POSE_MAX_PER_S a second) refills only when told.

let server: WallServer;
const clock = { t: Date.now() };

beforeAll(async () => {
  server = await startWallServer({ version: () => '1.0.0+test', now: () => clock.t });
});
afterAll(() => server.close());

const join = (s: ClientSocket, name: string, role: WallJoin['role'] = 'follower') =>
  ask<JoinAck>(s, 'wall:join', { name, role } satisfies WallJoin);
const send = (s: ClientSocket, p: unknown) => ask<{ t: number }>(s, 'wall:pose', p);
const pose = (name: string, seq: number, over: Partial<WallPose> = {}): WallPose => ({
  name,
  seq,
  position: [-1_580_000 + seq, 5_330_000, 3_160_000],
  heading: (seq % 60) / 10,
  pitch: -0.5,
  roll: 0,
  scene: 'district-overview',
  focus: null,
  ...over,
});
/** every pose a socket receives, in order */
const inbox = (s: ClientSocket) => {
  const got: WallPose[] = [];
  s.on('wall:pose', (p: WallPose) => got.push(p));
  return got;
};
const until = async (cond: () => boolean, ms = 2000) => {
  for (const end = Date.now() + ms; !cond();) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};
/** one round trip: whatever the relay emitted to this socket before now has arrived */
const drained = (s: ClientSocket, name: string) => join(s, name);
const reason = (a: unknown) => (a as AckFail).error?.reason;

describe('wall:join and wall:pose', () => {
  it("relays the leader's pose to the wall's followers only: not another wall, not another scope's wall of that name", async () => {
    const district = await server.token('district');
    const street = await server.token('S05');
    const [leader, follower, lobby, streetHall, streetLeader] = await Promise.all(
      [district, district, district, street, street].map((t) => server.connect(t)),
    );
    const got = [leader, follower, lobby, streetHall].map(inbox);
    expect(await join(leader, 'hall', 'leader')).toEqual({ ok: true, pose: null, t: clock.t });
    await join(follower, 'hall');
    await join(lobby, 'lobby');
    await join(streetHall, 'hall');
    await join(streetLeader, 'hall', 'leader');

    expect(await send(leader, pose('hall', 1))).toEqual({ ok: true, t: clock.t });
    await until(() => got[1]!.length === 1);
    expect(got[1]).toEqual([pose('hall', 1)]);
    await drained(lobby, 'lobby');
    await drained(streetHall, 'hall');
    expect(got[0]).toEqual([]); // not back to its sender
    expect(got[2]).toEqual([]);
    expect(got[3]).toEqual([]);

    // the street's own wall "hall" is its own room, both ways
    expect((await send(streetLeader, pose('hall', 7))).ok).toBe(true);
    await until(() => got[3]!.length === 1);
    expect(got[3]![0]!.seq).toBe(7);
    await drained(follower, 'hall');
    expect(got[1]).toHaveLength(1);

    // a second join with another name moves the socket: the old wall's poses stop reaching it
    await join(follower, 'lobby');
    await send(leader, pose('hall', 2));
    await drained(follower, 'lobby');
    expect(got[1]).toHaveLength(1);
    expect(reason(await send(follower, pose('hall', 3)))).toBe('scope');
  });

  it('hands the last pose to a follower that joins later, or reconnects, in its join ack', async () => {
    const token = await server.token('district');
    const leader = await server.connect(token);
    await join(leader, 'atrium', 'leader');
    for (let seq = 1; seq <= 3; seq++) await send(leader, pose('atrium', seq, { focus: 'S07' }));

    const late = await server.connect(token);
    expect(await join(late, 'atrium')).toEqual({ ok: true, pose: pose('atrium', 3, { focus: 'S07' }), t: clock.t });
    late.disconnect();
    const again = await server.connect(token);
    expect(await join(again, 'atrium')).toMatchObject({ ok: true, pose: { seq: 3 } });

    // an older seq from the same leader is stale: not kept, not relayed
    const got = inbox(again);
    expect((await send(leader, pose('atrium', 2))).ok).toBe(true);
    await drained(again, 'atrium');
    expect(got).toEqual([]);
    expect(await join(again, 'atrium')).toMatchObject({ pose: { seq: 3 } });

    // a restarted leader counts from 0 again: another sender, so its pose is the wall's last one
    leader.disconnect();
    const restarted = await server.connect(token);
    await join(restarted, 'atrium', 'leader');
    await send(restarted, pose('atrium', 0));
    await until(() => got.length === 1);
    expect(got[0]!.seq).toBe(0);
    expect(await join(await server.connect(token), 'atrium')).toMatchObject({ pose: { seq: 0 } });
  });

  it('refuses a malformed pose, and a pose before joining, with a reason and keeps the socket', async () => {
    const token = await server.token('district');
    const s = await server.connect(token);
    expect(reason(await send(s, pose('gallery', 1)))).toBe('scope');
    await join(s, 'gallery', 'leader');
    const bad: unknown[] = [
      { ...pose('gallery', 1), position: [1, 2] },
      { ...pose('gallery', 1), position: [2e8, 0, 0] },
      { ...pose('gallery', 1), heading: NaN }, // JSON makes it null
      { ...pose('gallery', 1), pitch: 11 },
      { ...pose('gallery', 1), seq: -1 },
      { ...pose('gallery', 1), seq: 1.5 },
      { ...pose('gallery', 1), scene: 'x'.repeat(65) },
      { ...pose('gallery', 1), extra: true },
      { ...pose('gallery', 1), name: 'has space' },
    ];
    for (const p of bad) expect(reason(await send(s, p)), JSON.stringify(p)).toBe('schema');
    expect(reason(await ask(s, 'wall:join', { name: 'gallery', role: 'boss' }))).toBe('schema');
    expect(s.connected).toBe(true);
    expect(await send(s, pose('gallery', 1))).toEqual({ ok: true, t: clock.t });
  });

  it(`refuses poses past ${POSE_MAX_PER_S} a second without losing the first ones, and heartbeats still pass`, async () => {
    const token = await server.token('district');
    const [leader, follower] = await Promise.all([server.connect(token), server.connect(token)]);
    await join(leader, 'burst', 'leader');
    await join(follower, 'burst');
    const got = inbox(follower);
    // all at once, as a leader stuck in a tight loop would: the clock does not move meanwhile
    const acks = await Promise.all(Array.from({ length: 75 }, (_, i) => send(leader, pose('burst', i + 1))));
    expect(acks.slice(0, POSE_MAX_PER_S).every((a) => a.ok)).toBe(true);
    expect(acks.slice(POSE_MAX_PER_S).map(reason)).toEqual(Array(75 - POSE_MAX_PER_S).fill('rate'));
    await until(() => got.length >= POSE_MAX_PER_S);
    await drained(follower, 'burst');
    expect(got.map((p) => p.seq)).toEqual(Array.from({ length: POSE_MAX_PER_S }, (_, i) => i + 1));

    const hb = { name: 'burst', scene: null, lastFrameAt: clock.t, version: '1.0.0+test' };
    expect(await ask(leader, 'wall:heartbeat', hb)).toMatchObject({ ok: true });
    expect(reason(await send(leader, pose('burst', 100)))).toBe('rate');
    expect(leader.connected).toBe(true);
    clock.t += 1000; // a second later the budget is back
    expect(await send(leader, pose('burst', 101))).toEqual({ ok: true, t: clock.t });
    expect(await join(await server.connect(token), 'burst')).toMatchObject({ pose: { seq: 101 } });
  });
});

describe('WallPoses', () => {
  it('forgets a room empty for 10 minutes, keeps an occupied one, and stays bounded', () => {
    const c = { t: 0 };
    const poses = new WallPoses(() => c.t);
    poses.join('a');
    poses.offer('a', 'x', pose('a', 1));
    poses.join('b');
    poses.offer('b', 'x', pose('b', 1));
    poses.leave('b');
    c.t += ROOM_IDLE_MS - 1;
    poses.join('c'); // a sweep, too early for b
    expect(poses.last('b')?.seq).toBe(1);
    c.t += 60_001;
    poses.join('d');
    expect(poses.last('b')).toBeNull();
    expect(poses.last('a')?.seq).toBe(1); // someone is still in a, however long ago it moved

    for (let i = 0; i < MAX_ROOMS + 50; i++) {
      poses.join(`r${i}`);
      poses.leave(`r${i}`);
    }
    expect(poses.size).toBeLessThanOrEqual(MAX_ROOMS);
    expect(poses.last('a')?.seq).toBe(1);
  });

  it("takes another node's pose when it is the same sender's higher seq or a later stamp, so every node settles on one", () => {
    // node A's clock is 5 s ahead of node B's
    const ca = { t: 1_000_000 + 5_000 };
    const cb = { t: 1_000_000 };
    const a = new WallPoses(() => ca.t);
    const b = new WallPoses(() => cb.t);
    a.join('r');
    const first = a.offer('r', 'x', pose('r', 1))!;
    expect(b.heard(first)).toBe(true);
    expect(b.last('r')?.seq).toBe(1);
    expect(b.heard(first)).toBe(false); // a repeat
    const second = a.offer('r', 'x', pose('r', 2))!;
    expect(b.heard(second)).toBe(true);
    expect(b.heard(first)).toBe(false); // late: the same sender's lower seq

    // the leader restarts on node B and counts from 0: B's clock is behind, yet its stamp is later
    b.join('r');
    const restarted = b.offer('r', 'y', pose('r', 0))!;
    expect(restarted.at).toBeGreaterThan(second.at);
    expect(a.heard(restarted)).toBe(true);
    expect(a.last('r')?.seq).toBe(0);
    expect(a.heard(second)).toBe(false); // node A's old word, repeated late, loses on both
    expect(b.heard(second)).toBe(false);
    expect(a.share('r')).toEqual(b.share('r'));

    // equal stamps from two senders: both orders keep the same one
    const at = restarted.at + 10;
    const m: PoseShare = { room: 'q', sender: 'm', pose: pose('q', 4), at };
    const n: PoseShare = { room: 'q', sender: 'n', pose: pose('q', 9), at };
    const c = new WallPoses(() => 0);
    const d = new WallPoses(() => 0);
    c.heard(m);
    c.heard(n);
    d.heard(n);
    d.heard(m);
    expect(c.last('q')?.seq).toBe(9);
    expect(d.last('q')?.seq).toBe(9);
  });

  it("keeps another node's pose while that node repeats it, repeats only occupied rooms, and forgets a quiet room", () => {
    const c = { t: 0 };
    const poses = new WallPoses(() => c.t);
    const shared: PoseShare = { room: 'far', sender: 'x', pose: pose('far', 3), at: 1 };
    poses.heard(shared); // nobody of this node is in "far"
    expect(poses.occupied()).toEqual([]);
    poses.join('here');
    poses.offer('here', 'y', pose('here', 1));
    expect(poses.occupied().map((s) => s.room)).toEqual(['here']);

    c.t += ROOM_IDLE_MS - 1;
    poses.heard(shared); // the other node's repeat
    c.t += 60_001;
    poses.join('sweep-1');
    expect(poses.last('far')?.seq).toBe(3);
    c.t += ROOM_IDLE_MS;
    poses.join('sweep-2');
    expect(poses.last('far')).toBeNull();
    expect(poses.last('here')?.seq).toBe(1);
  });
});
