import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../src/protocol/ack.ts';
import type { JoinAck, WallJoin, WallPose } from '../../src/protocol/wall.schema.ts';
import {
  ask,
  clusterReady,
  startWallServer,
  type WallCluster,
  type WallServer,
} from '../../test/support/walls.fixture.ts';

// Screens in step with two relay nodes (issue 9 §3): the /wall namespace of two real Socket.IO
// servers behind one Redis (127.0.0.1:6379, or GRIDWALL_TEST_REDIS_URL) with the production adapter,
// on a stream and channels of their own. The leader sits on node A, and a follower that joins
// through node B after the camera stopped must still be placed by its join ack: a still camera
// sends nothing more, so without the nodes sharing the last pose it would wait forever.

const cluster: WallCluster = {
  redisUrl: process.env.GRIDWALL_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  prefix: `gw-test-walls-${process.pid}-${randomBytes(3).toString('hex')}`,
  shareEveryMs: 200,
};
const servers: WallServer[] = [];
let a: WallServer;
let b: WallServer;

const node = async () => {
  const s = await startWallServer({ version: () => '1.0.0+test', now: Date.now, cluster });
  servers.push(s);
  return s;
};

beforeAll(async () => {
  [a, b] = await Promise.all([node(), node()]);
  await clusterReady(cluster, 2);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  const redis = new Redis(cluster.redisUrl);
  await redis.del(`${cluster.prefix}:stream`);
  redis.disconnect();
});

const join = (s: ClientSocket, name: string, role: WallJoin['role'] = 'follower') =>
  ask<JoinAck>(s, 'wall:join', { name, role } satisfies WallJoin);
const send = (s: ClientSocket, p: WallPose) => ask<{ t: number }>(s, 'wall:pose', p);
const pose = (name: string, seq: number): WallPose => ({
  name,
  seq,
  position: [-1_580_000 + seq, 5_330_000, 3_160_000],
  heading: seq / 10,
  pitch: -0.5,
  roll: 0,
  scene: 'district-overview',
  focus: 'S07',
});
const seqOf = (a: Ack<JoinAck>) => (a.ok ? (a.pose?.seq ?? null) : null);

/**
 * Joins again (within the join budget) until the ack carries `seq`: the other node hears of a pose a
 * Redis round trip after its leader's ack, so the first join may come too early. Bounded.
 */
async function joinUntil(s: ClientSocket, name: string, seq: number): Promise<Ack<JoinAck>> {
  for (let tries = 0; ; tries++) {
    const ack = await join(s, name);
    if (seqOf(ack) === seq || tries === 15) return ack;
    await new Promise((r) => setTimeout(r, 600));
  }
}

describe('the last pose on every relay node', () => {
  it('places a follower that joins through the other node after the leader stopped, and a restarted leader wins on both', async () => {
    const token = await a.token('district');
    const leader = await a.connect(token);
    expect(await join(leader, 'hall', 'leader')).toMatchObject({ ok: true, pose: null });
    for (let seq = 1; seq <= 3; seq++) expect((await send(leader, pose('hall', seq))).ok).toBe(true);

    const follower = await b.connect(token);
    expect(await joinUntil(follower, 'hall', 3)).toMatchObject({ ok: true, pose: pose('hall', 3) });

    // the leader restarts through node B and counts from 0 again: its pose is the wall's last one on
    // node A as well, though node A holds a higher seq from the old leader and repeats it meanwhile
    leader.disconnect();
    const restarted = await b.connect(token);
    await join(restarted, 'hall', 'leader');
    expect((await send(restarted, pose('hall', 0))).ok).toBe(true);
    const onA = await a.connect(token);
    expect(seqOf(await joinUntil(onA, 'hall', 0))).toBe(0);
    // a few repeats later both nodes still agree on it
    await new Promise((r) => setTimeout(r, 3 * cluster.shareEveryMs!));
    expect(seqOf(await join(onA, 'hall'))).toBe(0);
    expect(seqOf(await join(await b.connect(token), 'hall'))).toBe(0);
  });

  it('places a follower on a node that started after the camera stopped, as soon as that node hears the pose', async () => {
    const token = await a.token('district');
    const leader = await a.connect(token);
    await join(leader, 'lobby', 'leader');
    expect((await send(leader, pose('lobby', 5))).ok).toBe(true);

    const c = await node();
    await clusterReady(cluster, 3);
    const follower = await c.connect(token);
    const got: WallPose[] = [];
    follower.on('wall:pose', (p: WallPose) => got.push(p));
    await join(follower, 'lobby'); // node C has heard nothing yet: it asks the others
    for (const end = Date.now() + 10_000; got.length === 0 && Date.now() < end;)
      await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([pose('lobby', 5)]);
    expect(seqOf(await join(await c.connect(token), 'lobby'))).toBe(5);
  });
});
