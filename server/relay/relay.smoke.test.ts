import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, connect, report, send, startRelay, until, type TestRelay } from './test-helpers.ts';

let r: TestRelay;
beforeAll(async () => {
  r = await startRelay();
});
afterAll(async () => {
  await r?.close();
});

describe('smoke', () => {
  it('a report reaches a district wall', async () => {
    const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    const sub = await send(wall, 'subscribe', { scope: 'district' });
    expect(sub.ok).toBe(true);
    const a = await send(center, 'incident:report', report('S01-smoke-1'));
    expect(a).toMatchObject({ ok: true, stream: 'S01', seq: 1, duplicate: false });
    await until(() => got.deltas.length === 1);
    expect(got.snapshots).toHaveLength(1);
    expect(got.deltas[0]).toMatchObject({ stream: 'S01', seq: 1, event: { kind: 'incident', type: 'report' } });
  });
});
