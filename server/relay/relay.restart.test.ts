import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import { collect, connect, report, send, startRelay, until, update } from '../../test/support/relay.fixture.ts';

// A clean restart on the same database: open incidents come back, long-closed ones stay on disk
// only, and a late step (a rating) on an archived incident still works.

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-restart-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('restart', () => {
  it('rebuilds open incidents and reads archived ones back for late steps', async () => {
    let r = await startRelay({ dataDir });
    let center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    expect(await send(center, 'incident:report', report('S01-open-1'))).toMatchObject({ ok: true });
    expect(await send(center, 'incident:report', report('S01-done-1'))).toMatchObject({ ok: true });
    expect(
      await send(center, 'incident:update', update('S01-done-1', { action: 'close', resolution: 'duplicate' })),
    ).toMatchObject({ ok: true });
    await r.close();

    // closed incidents leave memory at once with a 1 ms retention
    r = await startRelay({ dataDir, options: { closedRetentionMs: 1 } });
    const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'S01' });
    await until(() => got.snapshots.length === 1);
    const ids = got.snapshots[0]!.incidents.map((i: Incident) => i.id);
    expect(ids).toContain('S01-open-1');
    expect(ids).not.toContain('S01-done-1');
    center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
    expect(await send(center, 'incident:update', update('S01-done-1', { action: 'rate', rating: 4 }))).toMatchObject({
      ok: true,
      seq: 4,
    });
    expect(await send(center, 'incident:report', report('S01-done-1'))).toMatchObject({
      ok: false,
      error: { reason: 'conflict' },
    });
    await until(() => got.deltas.length === 1);
    expect(got.deltas[0]!.event).toMatchObject({
      type: 'rate',
      incident: { id: 'S01-done-1', rating: 4, status: 'closed' },
    });
    await r.close();
  });
});
