import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../../test/cluster/cluster-harness.ts';
import { createTestDatabase, type TestDatabase } from '../../test/cluster/pg-test-db.ts';
import { collect, connect, report, send, startRelay, until, type TestRelay } from '../../test/support/relay.fixture.ts';
import { decodeFrame, type BinaryFrame } from '../../src/protocol/positions-binary.ts';
import { PostgresStorage } from '../storage/postgres.storage.ts';

// What Redis adds between two nodes (a private redis-server, one PostgreSQL database): with the
// store poll made too slow to matter (a minute), a delta stored through node A still reaches a
// wall on node B, positions frames cross (one message per frame tick), and center presence is merged.

let db: TestDatabase;
let redis: PrivateRedis;
let a: TestRelay;
let b: TestRelay;

beforeAll(async () => {
  [db, redis] = await Promise.all([createTestDatabase(undefined, 'gridwall_redis'), PrivateRedis.create()]);
  const node = async () =>
    startRelay({
      storage: await PostgresStorage.open(db.url, { commitIntervalMs: 2, log: () => {} }),
      options: { clusterPollMs: 60_000, feedIntervalMs: 200 },
      config: { redisUrl: redis.url },
    });
  a = await node();
  b = await node();
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await redis?.kill();
  await db?.drop();
});

describe('two relay nodes with Redis between them', () => {
  it('brings node A deltas, frames and center presence to a wall on node B without the store poll', async () => {
    const wall = await connect(b.url, '/live', await b.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'district' });
    // a street hall's wall on node B that asked for binary frames
    const binWall = await connect(b.url, '/live', await b.token({ role: 'display', scope: 'S01' }));
    const bin = collect(binWall);
    await send(binWall, 'subscribe', { scope: 'S01', binary: true });
    const center = await connect(a.url, '/ingest', await a.token({ role: 'center', scope: 'S01' }));
    await until(
      () => got.feeds.some((f) => f.feeds.some(([s, online]) => s === 'S01' && online)),
      10_000,
      'S01 online as seen from node B',
    );
    const acks: number[] = [];
    for (const n of [1, 2, 3]) {
      const ack = (await send(center, 'incident:report', report(`S01-redis-${n}`))) as { ok: boolean; seq: number };
      expect(ack.ok).toBe(true);
      acks.push(ack.seq);
    }
    await until(() => got.deltas.filter((d) => d.stream === 'S01').length === 3, 10_000, 'three deltas on node B');
    expect(got.deltas.filter((d) => d.stream === 'S01').map((d) => d.seq)).toEqual(acks);
    const at = Date.now();
    expect(
      await send(center, 'positions', { positions: [{ staffId: 'W1', lng: 108.77, lat: 29.53, at }] }),
    ).toMatchObject({ ok: true });
    await until(() => got.frames.some((f) => f.stream === 'S01'), 10_000, 'a positions frame of S01 on node B');
    // node A's frame reaches node B's JSON wall as rows and its binary wall as columns
    expect(got.frames.find((f) => f.stream === 'S01')!.rows[0]!.slice(0, 4)).toEqual(['W1', 108.77, 29.53, at]);
    await until(() => bin.frames.some((f) => f.stream === 'S01'), 10_000, 'a binary frame of S01 on node B');
    const c = decodeFrame(bin.frames.find((f) => f.stream === 'S01') as unknown as BinaryFrame)!;
    expect([c.ids[0], c.lng[0], c.lat[0], c.at[0]]).toEqual(['W1', 108.77, 29.53, at]);
    binWall.disconnect();
    center.disconnect();
    await until(
      () =>
        got.feeds.length > 0 && got.feeds[got.feeds.length - 1]!.feeds.some(([s, online]) => s === 'S01' && !online),
      10_000,
      'S01 offline once its center left node A',
    );
  });
});
