import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSE_MAX_PER_S } from '../../protocol/wall.schema.ts';
import { startWallServer, type WallServer } from '../../../test/support/walls.fixture.ts';
import { WallSync, type CameraPose } from './wall-sync.ts';

// The browser half of screens in step, against the real /wall namespace (real Socket.IO server and
// clients): the leader sends only when its camera moves, never faster than the relay accepts, and
// always its last pose; a follower lands exactly there, with the leader's scene; a follower that
// joins late is placed from the join ack.

let server: WallServer;
beforeAll(async () => {
  server = await startWallServer({ version: () => 'test', now: Date.now });
});
afterAll(() => server.close());

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(ok: () => boolean, ms = 5_000) {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error('timed out');
    await wait(10);
  }
}

function follower(socket: Awaited<ReturnType<WallServer['connect']>>) {
  const seen = { poses: [] as CameraPose[], scenes: [] as [string | null, string | null][] };
  const sync = new WallSync({
    name: 'hall',
    role: 'follower',
    socket,
    readCamera: () => ({ position: [0, 0, 0], heading: 0, pitch: 0, roll: 0 }),
    applyCamera: (p) =>
      seen.poses.push({ position: [...p.position], heading: p.heading, pitch: p.pitch, roll: p.roll }),
    scene: () => ({ scene: null, focus: null }),
    showScene: (s, f) => seen.scenes.push([s, f]),
  });
  sync.start();
  return { sync, seen };
}

describe('WallSync over the relay', () => {
  it('streams a flight at no more than POSE_MAX_PER_S, ends on the last pose, and sends nothing while still', async () => {
    const token = await server.token('district');
    const cam: CameraPose = { position: [-1.8e6, 5.4e6, 3.1e6], heading: 0.1, pitch: -0.9, roll: 0 };
    const leader = new WallSync({
      name: 'hall',
      role: 'leader',
      socket: await server.connect(token),
      readCamera: () => ({ ...cam, position: [...cam.position] }),
      applyCamera: () => {},
      scene: () => ({ scene: 'street', focus: 'S07' }),
      showScene: () => {},
    });
    const f = follower(await server.connect(token));
    leader.start();
    await until(() => leader.stats.joined && f.sync.stats.joined);

    // a one-second flight drawn at ~250 frames a second
    const t0 = Date.now();
    const sentBefore = leader.stats.sent;
    while (Date.now() - t0 < 1000) {
      cam.position[0] += 3;
      cam.heading += 0.001;
      leader.frame();
      await wait(4);
    }
    const flightS = (Date.now() - t0) / 1000;
    // the last frames fell inside the rate limit: the trailing send must still bring the final pose
    await until(() => JSON.stringify(f.seen.poses.at(-1)) === JSON.stringify(cam), 2_000);
    await wait(100);
    expect(f.sync.stats.lastSeq).toBe(leader.stats.lastSeq);
    const sent = leader.stats.sent - sentBefore;
    expect(sent).toBeGreaterThan(POSE_MAX_PER_S * flightS * 0.5);
    expect(sent).toBeLessThanOrEqual(Math.ceil(POSE_MAX_PER_S * flightS) + 2);
    expect(leader.stats.refused).toBe(0);
    // the follower is where the leader stopped, not one throttled frame short of it
    expect(f.seen.poses.at(-1)).toEqual(cam);
    expect(f.seen.scenes[0]).toEqual(['street', 'S07']);
    expect(f.seen.scenes).toHaveLength(1);

    // a still camera sends nothing
    const still = leader.stats.sent;
    for (let i = 0; i < 20; i++) {
      leader.frame();
      await wait(5);
    }
    expect(leader.stats.sent).toBe(still);

    // a follower that starts now is placed from the join ack, at once
    const late = follower(await server.connect(token));
    await until(() => late.seen.poses.length > 0);
    expect(late.seen.poses[0]).toEqual(cam);
    // by the relay's last pose in the join ack: the leader has not moved since
    expect(late.sync.stats.rejoinBy).toBe('join-ack');
    expect(late.sync.stats.rejoinMs).not.toBeNull();
    leader.stop();
  });
});
