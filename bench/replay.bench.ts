// npm run bench:replay [-- --staff 4000 --hours 1]
// The shift replay's costs for a district of 4,000 people: each person moves (or waits) second by
// second, the relay's recording cadence (every 5 s) goes through the real thinning rule, and the
// kept points of each hour become one chunk as GET /api/replay sends it. Measured: points kept,
// bytes (raw and gzip), encode/decode time, and the wall's JS per scrub frame (everyone's position
// at a random playhead). Baseline in the same run: the same points as JSON objects, parsed, with a
// linear scan per person per frame.
import zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { buildReplayModel, personAt, type PersonAt } from '../src/domain/replay/replay.model.ts';
import { createRng } from '../src/domain/seeded-random.ts';
import { STAFF_STATUSES, type StaffState } from '../src/protocol/positions.schema.ts';
import { decodeReplay, encodeReplay, type PointIn } from '../src/protocol/replay.codec.ts';
import { TrackThinner, type TrackPoint } from '../server/history/track.thin.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const STAFF = arg('staff', 4000);
const HOURS = arg('hours', 1);
const FRAMES = arg('frames', 200);
const T0 = Date.UTC(2026, 10, 28, 14);
const M_PER_DEG = 111_320;
const rng = createRng(20261129);

// Motion: a person waits 5–30 min, then walks, rides or drives 3–15 min on a wandering heading.
interface Mover {
  lng: number;
  lat: number;
  heading: number;
  speed: number;
  until: number;
  moving: boolean;
  status: number;
}
const movers: Mover[] = Array.from({ length: STAFF }, () => ({
  lng: 108.7 + rng.next() * 0.15,
  lat: 29.45 + rng.next() * 0.15,
  heading: rng.next() * 360,
  speed: rng.pick([1.4, 5, 10]),
  until: T0 + rng.int(0, 30 * 60) * 1000,
  moving: rng.next() < 0.2,
  status: 0,
}));

const thinner = new TrackThinner((s) => STAFF_STATUSES.indexOf(s));
const kept: TrackPoint[] = [];
let t0 = performance.now();
for (let s = 0; s < HOURS * 3600; s++) {
  const now = T0 + s * 1000;
  for (const m of movers) {
    if (now >= m.until) {
      m.moving = !m.moving;
      m.until = now + (m.moving ? rng.int(3, 15) : rng.int(5, 30)) * 60_000;
      m.status = m.moving ? (rng.next() < 0.3 ? 1 : 0) : m.status === 1 ? 2 : 0;
    }
    if (!m.moving) continue;
    if (s % 60 === 0) m.heading += rng.range(-40, 40);
    const r = (m.heading * Math.PI) / 180;
    m.lng += (Math.sin(r) * m.speed) / (M_PER_DEG * Math.cos((m.lat * Math.PI) / 180));
    m.lat += (Math.cos(r) * m.speed) / M_PER_DEG;
  }
  if (s % 5 !== 0) continue; // the relay records every 5 s
  const states: StaffState[] = movers.map((m, i) => ({
    staffId: `W${String(i + 1).padStart(5, '0')}`,
    streetId: `S${String((i % 30) + 1).padStart(2, '0')}`,
    lng: m.lng,
    lat: m.lat,
    at: now,
    status: STAFF_STATUSES[m.status],
    heading: m.heading,
    incidentId: m.status === 1 || m.status === 2 ? `INC-${i}` : null,
    trail: [],
  }));
  kept.push(...thinner.offer(states));
}
const simMs = performance.now() - t0;
kept.sort((a, b) => (a.staffId < b.staffId ? -1 : a.staffId > b.staffId ? 1 : a.t - b.t));

const from = T0;
const to = T0 + HOURS * 3_600_000;
t0 = performance.now();
const body = encodeReplay({ scope: 'district', from, to, incidents: [], cameras: [] }, kept as PointIn[]);
const encodeMs = performance.now() - t0;
t0 = performance.now();
const gz = zlib.gzipSync(body, { level: 6 });
const gzipMs = performance.now() - t0;
t0 = performance.now();
const model = buildReplayModel(decodeReplay(zlib.gunzipSync(gz)));
const decodeMs = performance.now() - t0;

// Baseline: the same points as JSON objects, grouped by person, scanned linearly per frame.
t0 = performance.now();
const json = JSON.stringify(kept);
const jsonGz = zlib.gzipSync(json, { level: 6 });
const baseEncodeMs = performance.now() - t0;
t0 = performance.now();
const parsed = JSON.parse(zlib.gunzipSync(jsonGz).toString('utf8')) as TrackPoint[];
const byPerson = new Map<string, TrackPoint[]>();
for (const p of parsed) {
  let l = byPerson.get(p.staffId);
  if (!l) byPerson.set(p.staffId, (l = []));
  l.push(p);
}
const baseDecodeMs = performance.now() - t0;

const out: PersonAt = { lng: 0, lat: 0, status: 0, incidentId: null, ageMs: 0 };
const frames: number[] = [];
const baseFrames: number[] = [];
let sink = 0;
for (let f = 0; f < FRAMES; f++) {
  const t = from + rng.next() * (to - from);
  let a = performance.now();
  for (let i = 0; i < model.chunk.header.staff.length; i++) {
    const p = personAt(model, i, t, out);
    if (p) sink += p.lng;
  }
  frames.push(performance.now() - a);
  a = performance.now();
  for (const list of byPerson.values()) {
    let j = -1;
    for (let k = 0; k < list.length && list[k].t <= t; k++) j = k;
    if (j < 0) continue;
    const p = list[j];
    const q = list[Math.min(j + 1, list.length - 1)];
    const w = q.t === p.t ? 0 : Math.min(1, (t - p.t) / (q.t - p.t));
    sink += p.lng + (q.lng - p.lng) * w;
  }
  baseFrames.push(performance.now() - a);
}
const pct = (xs: number[], p: number) =>
  [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const mb = (n: number) => `${(n / 2 ** 20).toFixed(2)} MB`;
const f2 = (n: number) => n.toFixed(2);
const heap = process.memoryUsage().heapUsed;

console.log(
  `people ${STAFF}, hours ${HOURS}: ${kept.length} points kept of ${STAFF * HOURS * 720} recordings (${(kept.length / STAFF / HOURS).toFixed(0)} per person per hour); motion and thinning took ${(simMs / 1000).toFixed(1)} s`,
);
console.log(
  `chunk (ours):     raw ${mb(body.byteLength)}, gzip ${mb(gz.byteLength)}; encode ${f2(encodeMs)} ms + gzip ${f2(gzipMs)} ms; gunzip+decode+index ${f2(decodeMs)} ms`,
);
console.log(
  `chunk (baseline): JSON ${mb(json.length)}, gzip ${mb(jsonGz.byteLength)}; stringify+gzip ${f2(baseEncodeMs)} ms; gunzip+parse+group ${f2(baseDecodeMs)} ms`,
);
console.log(
  `ratio baseline ÷ ours: gzip bytes ${(jsonGz.byteLength / gz.byteLength).toFixed(1)}×, load ${(baseDecodeMs / decodeMs).toFixed(1)}×`,
);
console.log(
  `scrub frame, everyone's position (ours):     p50 ${f2(pct(frames, 50))} ms, p95 ${f2(pct(frames, 95))} ms, max ${f2(Math.max(...frames))} ms (goal ≤ 8 ms)`,
);
console.log(
  `scrub frame, everyone's position (baseline): p50 ${f2(pct(baseFrames, 50))} ms, p95 ${f2(pct(baseFrames, 95))} ms; ratio p95 ${(pct(baseFrames, 95) / pct(frames, 95)).toFixed(1)}×`,
);
console.log(
  `a day at this rate: ${mb((body.byteLength / HOURS) * 24)} raw, ${mb((gz.byteLength / HOURS) * 24)} gzip (loaded an hour at a time); heap now ${mb(heap)}${sink === 0 ? ' ' : ''}`,
);
