import type { Camera, Staff } from '../../src/domain/district.types.ts';
import { INCIDENT_CATEGORIES, PRIORITIES } from '../../src/protocol/categories.ts';
import type { Incident, IncidentStatus } from '../../src/protocol/incident.schema.ts';
import type { FrameRow } from '../../src/protocol/positions.schema.ts';
import { createIncident } from '../../src/domain/incident-lifecycle.ts';
import { mulberry32 as prng } from '../../src/domain/seeded-random.ts';

// A synthetic district load for bench:wall, seeded so every run draws the same city: staff walking
// and driving in straight legs, open incidents spread over the urban area, cameras on a jittered grid.

export const CENTER: [number, number] = [108.77, 29.53];
const SPAN_LNG = 0.12;
const SPAN_LAT = 0.09;

const street = (i: number) => `S${String(1 + (i % 30)).padStart(2, '0')}`;
// Clustered around a few centres, like the old and new towns and the town seats.
function spot(r: () => number): [number, number] {
  const hubs = [
    [0, 0],
    [0.03, 0.02],
    [-0.035, -0.015],
    [0.045, -0.03],
    [-0.04, 0.03],
  ];
  const h = hubs[Math.floor(r() * hubs.length)];
  const g = () => (r() + r() + r() - 1.5) / 1.5;
  return [CENTER[0] + h[0] + g() * SPAN_LNG * 0.25, CENTER[1] + h[1] + g() * SPAN_LAT * 0.25];
}

export function benchStaff(n: number, seed = 11): Staff[] {
  const r = prng(seed);
  const modes: Staff['mode'][] = ['foot', 'ebike', 'car'];
  return Array.from({ length: n }, (_, i) => ({
    id: `W${String(i + 1).padStart(5, '0')}`,
    name: `网格员${i + 1}`,
    role: 'grid-worker' as const,
    phone: '13800000000',
    streetId: street(i),
    gridId: `${street(i)}-C01-G01`,
    home: spot(r),
    mode: modes[Math.floor(r() * 3)],
  }));
}

export function benchCameras(n: number, seed = 12): Camera[] {
  const r = prng(seed);
  const kinds: Camera['kind'][] = ['road', 'junction', 'community', 'border', 'public-space'];
  return Array.from({ length: n }, (_, i) => ({
    id: `C${String(i + 1).padStart(5, '0')}`,
    name: `摄像头${i + 1}`,
    kind: kinds[i % kinds.length],
    position: spot(r),
    height: 6,
    heading: r() * 360,
    fov: 40 + r() * 70,
    range: 40 + r() * 120,
    streetId: street(i),
    gridId: `${street(i)}-C01-G01`,
    streamUrl: null,
  }));
}

const STAGES: IncidentStatus[] = ['reported', 'dispatched', 'dispatched', 'arrived', 'handling', 'fed-back'];

export function benchIncidents(n: number, staff: readonly Staff[], now: number, seed = 13): Incident[] {
  const r = prng(seed);
  const out: Incident[] = [];
  for (let i = 0; i < n; i++) {
    const status = STAGES[Math.floor(r() * STAGES.length)];
    const reportedAt = now - Math.floor(r() * 3 * 3600_000 * (status === 'reported' ? 0.001 : 1));
    const dispatchedAt = status === 'reported' ? null : reportedAt + Math.floor(r() * 90_000);
    const arrivedAt =
      status === 'reported' || status === 'dispatched'
        ? null
        : (dispatchedAt ?? reportedAt) + Math.floor(r() * 400_000);
    const assignees = dispatchedAt === null ? [] : [staff[Math.floor(r() * staff.length)].id];
    // the same draws in the same order as before, so every run still draws the same city
    const category = INCIDENT_CATEGORIES[Math.floor(r() * INCIDENT_CATEGORIES.length)];
    const position = spot(r);
    const priority = PRIORITIES[Math.floor(r() * PRIORITIES.length)];
    const id = `I${String(i + 1).padStart(6, '0')}`;
    const report = {
      id,
      streetId: street(i),
      gridId: null,
      category,
      title: `事件${i + 1}`,
      description: '',
      position,
      source: 'patrol' as const,
      priority,
    };
    // the protocol's own constructor, then the stage this incident has reached
    out.push({
      ...createIncident(report, reportedAt, { role: 'center', id: street(i) }),
      status,
      acknowledgedAt: reportedAt,
      acknowledgedBy: 'bench',
      dispatchedAt,
      assignees,
      arrivedAt,
      timing: 'on-time',
      updatedAt: now,
    });
  }
  return out;
}

/** Moves everyone one second along their current leg and returns the frame rows (1 Hz feed). */
export class StaffMover {
  private readonly lng: Float64Array;
  private readonly lat: Float64Array;
  private readonly vx: Float64Array;
  private readonly vy: Float64Array;
  private readonly r = prng(99);
  readonly rows: FrameRow[];

  constructor(
    private readonly staff: readonly Staff[],
    private readonly codes: Uint8Array,
  ) {
    const n = staff.length;
    this.lng = Float64Array.from(staff, (s) => s.home[0]);
    this.lat = Float64Array.from(staff, (s) => s.home[1]);
    this.vx = new Float64Array(n);
    this.vy = new Float64Array(n);
    for (let i = 0; i < n; i++) this.turn(i);
    this.rows = staff.map((s) => [s.id, 0, 0, 0, 0, -1] as FrameRow);
  }

  private turn(i: number): void {
    const speed = { foot: 1.4, ebike: 5, car: 9 }[this.staff[i].mode] / 100_000;
    const a = this.r() * Math.PI * 2;
    this.vx[i] = Math.sin(a) * speed;
    this.vy[i] = Math.cos(a) * speed;
  }

  /** Rows for time `at` (reuses the row arrays: the bench measures applying, not allocating). */
  step(at: number): FrameRow[] {
    for (let i = 0; i < this.staff.length; i++) {
      if (this.r() < 0.02) this.turn(i);
      this.lng[i] += this.vx[i];
      this.lat[i] += this.vy[i];
      const row = this.rows[i];
      row[1] = this.lng[i];
      row[2] = this.lat[i];
      row[3] = at;
      row[4] = this.codes[i];
      row[5] = ((Math.atan2(this.vx[i], this.vy[i]) * 180) / Math.PI + 360) % 360;
    }
    return this.rows;
  }
}
