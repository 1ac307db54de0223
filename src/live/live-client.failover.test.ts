import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStorage } from '../../server/storage/postgres.storage.ts';
import { connect, report, send, startRelay, until, type TestRelay } from '../../test/support/relay.fixture.ts';
import { createTestDatabase, type TestDatabase } from '../../test/cluster/pg-test-db.ts';
import { createLiveClient, relayUrlsFrom } from './live-client.ts';

// The wall's client with two relay nodes on one PostgreSQL store (docs/adr/0006): when its node
// goes away it moves to the other by itself and resumes its streams there from the numbers it
// holds — every event once, in order, no snapshot needed.

let db: TestDatabase;
let a: TestRelay;
let b: TestRelay;
beforeAll(async () => {
  db = await createTestDatabase(undefined, 'gridwall_wall_failover');
  const store = () => PostgresStorage.open(db.url, { commitIntervalMs: 2, log: () => {} });
  a = await startRelay({ storage: await store(), options: { clusterPollMs: 50 } });
  b = await startRelay({ storage: await store(), options: { clusterPollMs: 50 } });
});
afterAll(async () => {
  await b?.close();
  await db?.drop();
});

describe('live client with several relay nodes', () => {
  it('reads ?relay= as a list of relay origins and ignores anything else', () => {
    expect(relayUrlsFrom('?relay=http://127.0.0.1:8080,http://127.0.0.1:8081/&x=1')).toEqual([
      'http://127.0.0.1:8080',
      'http://127.0.0.1:8081',
    ]);
    expect(relayUrlsFrom('?relay=javascript:alert(1),ftp://x')).toEqual([]);
    expect(relayUrlsFrom('')).toEqual([]);
  });

  it('moves to the live node when its node shuts down and resumes every stream from its last seq', async () => {
    const center = await connect(b.url, '/ingest', await b.token({ role: 'center', scope: 'S01' }));
    const seqs: number[] = [];
    const publish = async (id: string) => {
      const ack = (await send(center, 'incident:report', report(id))) as { ok: boolean; seq: number };
      expect(ack.ok).toBe(true);
      seqs.push(ack.seq);
    };
    for (const n of [1, 2, 3]) await publish(`S01-fo-${n}`);

    const client = createLiveClient({
      urls: [a.url, b.url],
      token: await a.token({ role: 'display' }),
      socketOptions: { reconnectionDelay: 100, reconnectionDelayMax: 300 },
    });
    await client.connect();
    const since = () => client.store.tracker.since().S01 ?? 0;
    await until(() => since() === seqs[2], 10_000, 'the first three events on node A');
    const node = () => new URL((client.socket!.io as unknown as { uri: string }).uri).origin;
    expect(node()).toBe(a.url);

    await a.close(); // node A leaves: its walls are disconnected and its address stops answering
    for (const n of [4, 5, 6]) await publish(`S01-fo-${n}`);
    await until(() => since() === seqs[5], 15_000, 'the next three events through node B');
    expect(node()).toBe(b.url);
    // resumed with `since`: the one snapshot is the first subscription's, nothing dropped as a gap
    expect(client.store.counts.snapshots).toBe(1);
    expect(client.store.counts.dropped.gap).toBe(0);
    expect(client.store.counts.dropped.duplicate).toBe(0);
    expect(client.store.counts.deltas).toBeGreaterThanOrEqual(3); // 4, 5, 6 (and 3 if node A had not yet seen it at the snapshot)
    client.close();
  });
});
