// Micro-benchmark of the wall's live models in Node (no renderer): what one 10,000-position frame
// costs to apply (JSON rows and binary columns), what sample() costs per animation frame for 10,000
// staff, and the camera queries. Prints figures only; targets live in issue 4 (≤ 5 ms per
// 10,000-position frame) and issue 10 (≤ 10 ms per 50,000-position binary frame, in the browser).
// Run: npx tsx bench/wall-model.bench.ts [staffCount] [cameraCount]
import fs from 'node:fs';
import path from 'node:path';
import type { Camera, RoadNetwork, Staff } from '../src/domain/district.types.ts';
import { offsetByMetres } from '../src/domain/geo.ts';
import { buildRoadGraph } from '../src/domain/road-graph.ts';
import { clusterCameras } from '../src/live/models/cameras-cluster.model.ts';
import { camerasSeeing, createCameraModel } from '../src/live/models/cameras.model.ts';
import { nearestFreeStaff } from '../src/live/models/staff-nearest.model.ts';
import { applyPositionFrame } from '../src/live/models/staff-apply.model.ts';
import { createSampleOut, createStaffModel, sample } from '../src/live/models/staff.model.ts';
import { createLiveStore, markConnected } from '../src/live/live-store.ts';
import { handleDelta, handleSnapshot } from '../src/live/live-messages.ts';
import {
  incidentDelta,
  makeIncident,
  ORIGIN,
  randomCameras,
  randomStaff,
  seeded,
} from '../test/support/live.fixture.ts';
import { statusCode, type FrameRow } from '../src/protocol/positions.schema.ts';
import { encodeFrame } from '../src/protocol/positions-binary.ts';
import { applyBinaryFrame } from '../src/live/binary-frames.ts';

const T0 = 1_700_000_000_000;
const dataDir = path.join(process.env.GRIDWALL_DATA_DIR ?? 'data', 'district');
const readData = <T>(file: string): T | null =>
  fs.existsSync(path.join(dataDir, file)) ? (JSON.parse(fs.readFileSync(path.join(dataDir, file), 'utf8')) as T) : null;
// The generated district when there is one (its cameras as they are; its staff cloned up to the
// target count around their homes), otherwise synthetic fixtures near the demo origin.
const realCameras = readData<Camera[]>('cameras.json');
const realStaff = readData<Staff[]>('staff.json');
const nStaff = Number(process.argv[2] ?? 10_000);
const nCams = Number(process.argv[3] ?? realCameras?.length ?? 5_000);

function time(label: string, runs: number, fn: (k: number) => void, unit = 'ms') {
  for (let k = 0; k < Math.min(20, runs); k++) fn(-1 - k); // warm up the JIT
  const samples: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t = performance.now();
    fn(k);
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const mean = samples.reduce((s, v) => s + v, 0) / runs;
  const p = (q: number) => samples[Math.min(runs - 1, Math.floor(q * runs))];
  console.log(
    `${label.padEnd(52)} min ${samples[0].toFixed(3)}  mean ${mean.toFixed(3)} ${unit}  p50 ${p(0.5).toFixed(3)}  p95 ${p(0.95).toFixed(3)}  max ${p(1).toFixed(3)}  (n=${runs})`,
  );
}

// --- staff -------------------------------------------------------------------------------------
const r = seeded(5);
const roster: Staff[] = realStaff?.length
  ? Array.from({ length: nStaff }, (_, k) => {
      const s = realStaff[k % realStaff.length];
      return {
        ...s,
        id: k < realStaff.length ? s.id : `${s.id}-${k}`,
        home: [s.home[0] + (r() - 0.5) * 0.004, s.home[1] + (r() - 0.5) * 0.004] as [number, number],
      };
    })
  : randomStaff(nStaff, 3, 0.12);
const staff = createStaffModel({ roster });
const codes = [
  statusCode('on-duty'),
  statusCode('on-duty'),
  statusCode('on-duty'),
  statusCode('responding'),
  statusCode('on-scene'),
  statusCode('off-duty'),
];
// Precomputed frames: decoding the wire is the socket's cost, not the model's.
const FRAMES = 8;
const frames: unknown[][][] = [];
for (let f = 0; f < FRAMES; f++) {
  frames.push(
    roster.map((s, k) => [
      s.id,
      s.home[0] + (r() - 0.5) * 1e-3,
      s.home[1] + (r() - 0.5) * 1e-3,
      0,
      codes[k % codes.length],
      r() < 0.5 ? r() * 360 : -1,
    ]),
  );
}
let seq = 0;
console.log(
  `gridwall wall-model bench — node ${process.version}, ${nStaff} staff, ${nCams} cameras, data: ${realCameras ? dataDir : 'synthetic'}`,
);
time(`applyPositionFrame (${nStaff} rows)`, 60, () => {
  const rows = frames[seq % FRAMES];
  const t = T0 + ++seq * 1000;
  for (const row of rows) (row as unknown[])[3] = t; // newer than the last fix, as on the wire
  applyPositionFrame(staff, rows, seq * 1000);
});
// The wire form the wall subscribes to (binary columns, decode included), as bench:wall applies it:
// the same people in the same order as the stream's last frame, then with a different 2% left out
// of each frame (those ids are matched against the previous frame's in place, not split).
const binFrames = (dropPct: number) =>
  frames.map((rows, f) =>
    encodeFrame(
      'S01',
      T0,
      (rows as FrameRow[])
        .filter((_, k) => (k * 7919 + f * 104_729) % 100 >= dropPct)
        .map(([id, lng, lat, , code, hd]) => [id, lng, lat, T0, code, hd] as FrameRow),
    ),
  );
for (const [label, dropPct] of [
  ['same ids as its last frame', 0],
  ['2% of rows differ', 2],
] as const) {
  const bins = binFrames(dropPct);
  time(`applyBinaryFrame (${nStaff} rows, ${label})`, 60, () => {
    const f = bins[seq % FRAMES]!;
    f.t = T0 + ++seq * 1000; // rows are stored relative to t: newer than the last fix, as on the wire
    applyBinaryFrame(staff, f, seq * 1000);
  });
}
const st = staff.stats;
console.log(
  `rows so far: ${st.applied} applied, ${st.stale} stale, ${st.malformed} malformed (stale or bad: bench bug)`,
);
const out = createSampleOut(staff.capacity);
time(`sample(now) (${nStaff} staff, mid-segment)`, 300, (k) => sample(staff, seq * 1000 + 300 + (k % 600), out));
const heapMB = (process.memoryUsage().heapUsed / 1048576).toFixed(1);
console.log(`trail slots in use: ${staff.trails.slots - staff.trails.free.length}, heap used ${heapMB} MB`);

// --- nearest free staff ------------------------------------------------------------------------
function roadsNet(): RoadNetwork {
  const real = readData<RoadNetwork>('roads.json');
  if (real) return real;
  // No generated district: a 60 x 60 street lattice at 150 m around the staff.
  const n = 60;
  const nodes: RoadNetwork['nodes'] = [];
  const edges: RoadNetwork['edges'] = [];
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) nodes.push(offsetByMetres(ORIGIN, (x - n / 2) * 150, (y - n / 2) * 150));
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (x + 1 < n)
        edges.push({ id: edges.length, from: y * n + x, to: y * n + x + 1, cls: 'street', name: '', lengthM: 150 });
      if (y + 1 < n)
        edges.push({ id: edges.length, from: y * n + x, to: (y + 1) * n + x, cls: 'street', name: '', lengthM: 150 });
    }
  }
  return { nodes, edges };
}
const net = roadsNet();
const graph = buildRoadGraph(net);
console.log(`road graph: ${net.nodes.length} nodes, ${net.edges.length} edges`);
time(`nearestFreeStaff (top 3 of ${nStaff})`, 40, () => {
  const home = roster[Math.floor(r() * roster.length)].home;
  nearestFreeStaff(staff, graph, [home[0] + 0.001, home[1] + 0.001]);
});

// --- cameras -----------------------------------------------------------------------------------
const t = performance.now();
const cameraList =
  realCameras && nCams <= realCameras.length ? realCameras.slice(0, nCams) : randomCameras(nCams, 9, 0.12);
const cams = createCameraModel(cameraList);
const probeAround = () => {
  const c = cameraList[Math.floor(r() * cameraList.length)].position;
  return [c[0] + (r() - 0.5) * 0.002, c[1] + (r() - 0.5) * 0.002] as [number, number];
};
console.log(`createCameraModel (${nCams} cameras)`.padEnd(52) + ` ${(performance.now() - t).toFixed(1)} ms once`);
time(`camerasSeeing (one point near cameras, ${nCams} cameras)`, 2000, () => {
  camerasSeeing(cams, probeAround());
});
time(`clusterCameras (${nCams}, 500 m cells)`, 100, () => clusterCameras(cams, { cellM: 500 }));

// --- live store: a district snapshot and deltas through the zod checks ----------------------------
const store = createLiveStore({ roster, cameras: cameraList });
markConnected(store);
const nInc = 2000;
const incidents = Array.from({ length: nInc }, (_, k) =>
  makeIncident(`S${String(1 + (k % 30)).padStart(2, '0')}-${k}`, `S${String(1 + (k % 30)).padStart(2, '0')}`, T0 + k),
);
const snap = {
  scope: 'district',
  t: T0 + 10_000,
  streams: Object.fromEntries(Array.from({ length: 30 }, (_, k) => [`S${String(k + 1).padStart(2, '0')}`, 100])),
  incidents,
  staff: roster.map((s) => ({
    staffId: s.id,
    streetId: s.streetId,
    lng: s.home[0],
    lat: s.home[1],
    at: T0 + 5000,
    status: 'on-duty',
    heading: null,
    incidentId: null,
    trail: Array.from({ length: 20 }, (_, k) => [s.home[0], s.home[1], T0 + k * 100]),
  })),
  cameras: store.cameras.cameras.map((c) => ({ cameraId: c.id, streetId: c.streetId, status: 'online', at: T0 })),
};
const snapJson = JSON.stringify(snap);
handleSnapshot(store, JSON.parse(snapJson), 0);
// socket.io decodes the JSON before our handler runs: time that apart. Each run gets fresh objects
// and a fresh store (a second snapshot into the same store would skip every staff row as not newer).
const t1 = performance.now();
const parsed = Array.from({ length: 3 }, () => JSON.parse(snapJson));
console.log(
  `JSON.parse of the snapshot (socket.io's cost)`.padEnd(52) + ` ${((performance.now() - t1) / 3).toFixed(1)} ms each`,
);
const stores = Array.from({ length: 3 }, () => {
  const st = createLiveStore({ roster, cameras: cameraList });
  markConnected(st);
  return st;
});
time(`handleSnapshot (${nStaff} staff, ${nInc} incidents, ${nCams} cameras)`, 3, (k) => {
  if (k >= 0) handleSnapshot(stores[k], parsed[k], 0);
});
let dseq = 100;
time('handleDelta (one incident event)', 2000, () => {
  dseq++;
  handleDelta(store, incidentDelta('S01', dseq, 'report', makeIncident(`S01-x${dseq}`, 'S01', T0 + dseq)), 0);
});
console.log(`snapshot JSON size ${(snapJson.length / 1048576).toFixed(1)} MB`);
