// Who is on duty when (local hours). Police cover the clock; grid workers keep day hours with a
// night rota; mediators keep office hours; volunteers come for a morning or an evening.
import type { Staff } from '../../src/domain/district.types.ts';
import type { StaffStatus } from '../../src/protocol/index.ts';
import { hashString } from '../../src/domain/seeded-random.ts';

export function dutyAt(p: Pick<Staff, 'id' | 'role'>, hour: number): StaffStatus {
  const h = hashString(p.id);
  const within = (from: number, to: number) => (from <= to ? hour >= from && hour < to : hour >= from || hour < to);
  switch (p.role) {
    case 'police':
      return 'on-duty';
    case 'grid-worker':
      if (h % 5 === 0) return within(20, 8) ? 'on-duty' : 'off-duty'; // night rota
      if (!within(8, 20)) return 'off-duty';
      return hour === 12 + (h % 2) ? 'break' : 'on-duty';
    case 'mediator':
      return within(9, 18) ? (hour === 12 ? 'break' : 'on-duty') : 'off-duty';
    case 'volunteer':
      return (h % 2 ? within(8, 12) : within(16, 21)) ? 'on-duty' : 'off-duty';
  }
}

export function localHour(config: { utcOffsetH: number }, t: number): number {
  return Math.floor((((t / 3_600_000 + config.utcOffsetH) % 24) + 24) % 24);
}
