import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../storage/sqlite.storage.ts';
import type { AppendResult, EventWrite } from '../storage/storage.ts';
import { collect, connect, report, send, startRelay, until } from '../../test/support/relay.fixture.ts';

// When a durable commit fails (disk full, I/O error), the relay's memory and its disk may disagree.
// It must not acknowledge what it could not store, must not deliver it, and must hand over to the
// supervisor (in production: exit 70 and be restarted from disk) exactly once.

/** Real SQLite storage whose commits start failing when told to. */
class FailingStorage extends SqliteStorage {
  failing = false;
  override append(write: EventWrite): Promise<AppendResult> {
    if (this.failing) return Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
    return super.append(write);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-fail-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('storage failure', () => {
  it('refuses with "unavailable", delivers nothing unstored, and calls for a restart once', async () => {
    const storage = new FailingStorage(path.join(dir, 'gridwall.db'));
    const fatal: unknown[] = [];
    const r = await startRelay({ storage, onFatal: (e) => fatal.push(e), dataDir: dir });
    try {
      const center = await connect(r.url, '/ingest', await r.token({ role: 'center', scope: 'S01' }));
      const wall = await connect(r.url, '/live', await r.token({ role: 'display' }));
      const got = collect(wall);
      await send(wall, 'subscribe', { scope: 'district' });
      expect(await send(center, 'incident:report', report('S01-ok'))).toMatchObject({ ok: true, seq: 1 });
      await until(() => got.deltas.length === 1, 10_000, 'the stored report');

      storage.failing = true;
      const a = await send(center, 'incident:report', report('S01-lost'));
      expect(a).toMatchObject({ ok: false, error: { reason: 'unavailable' } });
      const b = await send(center, 'incident:report', report('S01-after'));
      expect(b).toMatchObject({ ok: false, error: { reason: 'unavailable' } });
      expect(fatal).toHaveLength(1);
      expect(String((fatal[0] as Error).message)).toMatch(/disk is full/);
      // nothing that failed to store reached a wall
      await new Promise((res) => setTimeout(res, 200));
      expect(got.deltas.map((d) => d.event.kind === 'incident' && d.event.incidentId)).toEqual(['S01-ok']);
    } finally {
      storage.failing = false;
      await r.close();
    }
  });
});
