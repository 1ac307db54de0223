import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIncident } from '../../src/domain/incident-lifecycle.ts';
import { incidentReportSchema, type Incident } from '../../src/protocol/incident.schema.ts';
import { SqliteStorage } from './sqlite.storage.ts';
import type { StaffState } from '../../src/protocol/positions.schema.ts';
import type { EventWrite } from './storage.ts';

const dirs: string[] = [];
const tmpDb = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-sqlite-'));
  dirs.push(d);
  return path.join(d, 'test.db');
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const by = { role: 'center' as const, id: 'S01' };
function incident(id: string, reportedAt: number, streetId = 'S01'): Incident {
  return createIncident(incidentReportSchema.parse({ id, streetId, category: 'noise', title: id }), reportedAt, by);
}
function write(stream: string, seq: number, eventId: string, i: Incident): EventWrite {
  return {
    record: {
      stream,
      seq,
      source: `center:${stream}`,
      eventId,
      receivedAt: i.reportedAt,
      event: { kind: 'incident', type: 'report', incidentId: i.id, at: i.reportedAt, by, incident: i },
    },
    incident: i,
  };
}

describe('SqliteStorage', () => {
  it('group-commits appends and finds them again after reopening', async () => {
    const file = tmpDb();
    const s = new SqliteStorage(file, { commitIntervalMs: 2 });
    const t = Date.UTC(2026, 10, 22);
    await Promise.all(
      Array.from({ length: 50 }, (_, n) => s.append(write('S01', n + 1, `e${n}`, incident(`I${n}`, t + n)))),
    );
    await s.close();
    const again = new SqliteStorage(file);
    expect(await again.findEvent('center:S01', 'e7')).toEqual({ stream: 'S01', seq: 8 });
    expect(await again.findEvent('center:S01', 'nope')).toBeNull();
    const loaded = await again.load(0);
    expect(loaded.heads).toEqual({ S01: 50 });
    expect(loaded.incidents).toHaveLength(50);
    expect((await again.readStream('S01', 45, 100)).map((e) => e.seq)).toEqual([46, 47, 48, 49, 50]);
    await again.close();
  });

  it('refuses a second event with the same (source, event id): exactly-once is enforced by the database too', async () => {
    const s = new SqliteStorage(tmpDb());
    const i = incident('I1', Date.now());
    await s.append(write('S01', 1, 'same', i));
    await expect(s.append(write('S01', 2, 'same', i))).rejects.toThrow(/UNIQUE/);
    expect((await s.readStream('S01', 0, 10)).map((e) => e.seq)).toEqual([1]);
    await s.close();
  });

  it('pages incidents newest first with a stable cursor and filters by status and street', async () => {
    const s = new SqliteStorage(tmpDb());
    const t = Date.UTC(2026, 10, 22);
    for (let n = 0; n < 9; n++)
      await s.append(
        write(
          n % 2 ? 'S02' : 'S01',
          Math.floor(n / 2) + 1,
          `p${n}`,
          incident(`P${n}`, t + (n % 3), n % 2 ? 'S02' : 'S01'),
        ),
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await s.queryIncidents({ limit: 2, cursor });
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
    const all = await s.queryIncidents({ limit: 100 });
    expect(seen).toEqual(all.items.map((i) => i.id));
    expect((await s.queryIncidents({ limit: 100, streets: ['S02'] })).items.every((i) => i.streetId === 'S02')).toBe(
      true,
    );
    expect((await s.queryIncidents({ limit: 100, status: ['closed'] })).items).toEqual([]);
    expect((await s.queryIncidents({ limit: 100, from: t + 2, to: t + 2 })).items.map((i) => i.id).sort()).toEqual([
      'P2',
      'P5',
      'P8',
    ]);
    await s.close();
  });

  it('saves last positions in bounded commits, so an incident step does not wait behind the whole save', async () => {
    const file = tmpDb();
    const s = new SqliteStorage(file, { maxStaffPerCommit: 500 });
    const t = Date.UTC(2026, 10, 22);
    const staff = Array.from({ length: 1200 }, (_, n): StaffState => ({
      staffId: `P${n}`,
      streetId: 'S01',
      lng: 120 + n * 1e-5,
      lat: 30,
      at: t,
      status: 'on-duty',
      heading: null,
      incidentId: null,
      trail: [],
    }));
    const done: string[] = [];
    const saved = s.saveStaff(staff).then(() => done.push('staff'));
    await new Promise((r) => setImmediate(r)); // the save's first commit is now in flight
    const appended = s.append(write('S01', 1, 'e1', incident('I1', t))).then(() => done.push('step'));
    await Promise.all([saved, appended]);
    // 1,200 rows in commits of 500: the step rides the second commit, the save ends with the third
    expect(done).toEqual(['step', 'staff']);
    await s.close();
    const again = new SqliteStorage(file);
    const loaded = await again.load(0);
    expect(loaded.staff).toHaveLength(1200);
    expect(loaded.staff.find((p) => p.staffId === 'P1199')?.lng).toBeCloseTo(120.01199, 6);
    await again.close();
  });
});
