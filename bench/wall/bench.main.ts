import 'cesium/Build/Cesium/Widgets/widgets.css';
import { Cartesian3, Color, EllipsoidTerrainProvider, Math as CMath, Viewer } from 'cesium';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import { AnalysisDeck } from '../../src/layers/analysis/analysis.deck.ts';
import { CameraPrimitives } from '../../src/layers/cameras/cameras.primitives.ts';
import { applyCameraStatuses, createCameraModel } from '../../src/live/models/cameras.model.ts';
import { IncidentPrimitives, type IncidentSource } from '../../src/layers/incidents/incidents.primitives.ts';
import { StaffPrimitives } from '../../src/layers/staff/staff.primitives.ts';
import { createStaffModel, setStaffIncident } from '../../src/live/models/staff.model.ts';
import { applyBinaryFrame } from '../../src/live/binary-frames.ts';
import { encodeFrame } from '../../src/protocol/positions-binary.ts';
import { Baseline } from './bench-baseline.ts';
import { benchCameras, benchIncidents, benchStaff, CENTER, StaffMover } from './bench-feed.ts';
import { mulberry32 as prng } from '../../src/domain/seeded-random.ts';
import { Samples } from './bench-samples.ts';
import type { GroundHeights } from '../../src/layers/layer.types.ts';

/** the bench runs on the flat globe (no terrain): heights 0, as the layers have on a flat district */
const FLAT_GROUND: GroundHeights = { terrain: false, at: () => 0 };

// bench:wall page: the wall's live layers (the same classes the app runs) on a Cesium viewer fed
// with a synthetic district load, then the naive one-entity-per-object baseline in the same page.
// The Node side (bench/wall.bench.ts) drives it through window.bench and reads the figures.

const viewer = new Viewer('wall', {
  baseLayer: false,
  baseLayerPicker: false,
  geocoder: false,
  homeButton: false,
  sceneModePicker: false,
  navigationHelpButton: false,
  animation: false,
  timeline: false,
  fullscreenButton: false,
  infoBox: false,
  selectionIndicator: false,
  terrainProvider: new EllipsoidTerrainProvider(),
  targetFrameRate: 2,
});
const scene = viewer.scene;
scene.globe.baseColor = Color.fromCssColorString('#14202e');
if (scene.skyAtmosphere) scene.skyAtmosphere.show = false;
if (scene.skyBox) (scene.skyBox as unknown as { show: boolean }).show = false;
(viewer.cesiumWidget.creditContainer as HTMLElement).style.display = 'none';
viewer.camera.setView({
  destination: Cartesian3.fromDegrees(CENTER[0], CENTER[1] - 0.1, 9000),
  orientation: { heading: 0, pitch: CMath.toRadians(-45), roll: 0 },
});

function mark<T>(name: string, fn: () => T, into: Samples): T {
  performance.mark(`${name}:start`);
  const out = fn();
  performance.mark(`${name}:end`);
  const m = performance.measure(name, `${name}:start`, `${name}:end`);
  into.add(m.duration);
  // Keep the performance timeline from growing over a ten-minute run.
  performance.clearMarks(`${name}:start`);
  performance.clearMarks(`${name}:end`);
  performance.clearMeasures(name);
  return out;
}

interface Load {
  staff: number;
  incidents: number;
  cameras: number;
}

let stopCurrent: (() => void) | null = null;

function startOurs(load: Load) {
  const roster = benchStaff(load.staff);
  const camerasData = benchCameras(load.cameras);
  const now = Date.now();
  const incidentList = benchIncidents(load.incidents, roster, now);
  const staff = createStaffModel({ roster });
  const cameras = createCameraModel(camerasData);
  const codes = new Uint8Array(roster.length);
  const incidents = new Map<string, Incident>(incidentList.map((i) => [i.id, i]));
  for (const inc of incidentList) {
    if (inc.status !== 'dispatched') continue;
    for (const id of inc.assignees) {
      codes[staff.indexById.get(id)!] = 1; // responding
      setStaffIncident(staff, id, inc.id);
    }
  }
  const firstSeen = new Map<string, number>();
  const source: IncidentSource & { version: number } = {
    version: 1,
    incidents,
    firstSeenLive: (id) => firstSeen.get(id),
  };
  applyCameraStatuses(
    cameras,
    camerasData.map((c, i) => ({
      cameraId: c.id,
      status: i % 17 === 0 ? 'offline' : i % 23 === 0 ? 'fault' : 'online',
      at: now,
    })),
  );

  const staffLayer = new StaffPrimitives(
    scene,
    staff,
    CENTER,
    (id) => incidents.get(id)?.position ?? null,
    FLAT_GROUND,
  );
  const cameraLayer = new CameraPrimitives(scene, cameras, FLAT_GROUND);
  const incidentLayer = new IncidentPrimitives(scene, source, FLAT_GROUND);
  const analysis = new AnalysisDeck(scene, CENTER, source, staff, (m) => console.error(m));

  const mover = new StaffMover(roster, codes);
  const frameMs = new Samples();
  const interpolateMs = new Samples();
  const applyMs = new Samples();
  const applyFrameMs = new Samples();
  const r = prng(5);
  let nextIncident = load.incidents + 1;

  const tick = () => {
    const wall = Date.now();
    // generating the feed and the relay's encoding are not the wall's cost; decoding the binary
    // frame (the wire form the wall subscribes to) is, so it is inside the mark
    const frame = encodeFrame('S01', wall, mover.step(wall));
    mark(
      'gw-apply',
      () => {
        mark('gw-apply-positions', () => applyBinaryFrame(staff, frame, performance.now()), applyFrameMs);
        // A second's worth of other traffic: a few lifecycle steps, one new incident, camera flips.
        const ids = [...incidents.keys()];
        for (let k = 0; k < 8; k++) {
          const inc = incidents.get(ids[Math.floor(r() * ids.length)])!;
          incidents.set(inc.id, {
            ...inc,
            updatedAt: wall,
            status: inc.status === 'reported' ? 'dispatched' : inc.status,
            dispatchedAt: inc.dispatchedAt ?? wall,
          });
        }
        const fresh = benchIncidents(1, roster, wall, nextIncident)[0];
        fresh.id = `I${String(nextIncident++).padStart(6, '0')}`;
        fresh.status = 'reported';
        fresh.dispatchedAt = null;
        fresh.assignees = [];
        fresh.reportedAt = wall;
        incidents.set(fresh.id, fresh);
        firstSeen.set(fresh.id, performance.now());
        incidents.delete(ids[0]);
        firstSeen.delete(ids[0]);
        source.version++;
        applyCameraStatuses(
          cameras,
          Array.from({ length: 20 }, () => ({
            cameraId: camerasData[Math.floor(r() * camerasData.length)].id,
            status: r() < 0.8 ? 'online' : 'offline',
            at: wall,
          })),
        );
      },
      applyMs,
    );
  };
  tick();
  const feed = setInterval(tick, 1000);

  const onFrame = () => {
    const local = performance.now();
    mark(
      'gw-frame',
      () => {
        mark('gw-interpolate', () => staffLayer.frame(local), interpolateMs);
        cameraLayer.frame();
        incidentLayer.frame(local, Date.now());
        analysis.frameUpdate(local, Date.now());
      },
      frameMs,
    );
  };
  // Our per-frame work runs on a fixed 60 Hz clock, as on the wall's GPU; Cesium itself renders at a
  // low target rate here because SwiftShader (CPU rasterisation on shared cores) cannot do 60 fps,
  // and a 0.5 fps render would make every frame carry the periodic work of seconds.
  const ticker = setInterval(onFrame, 1000 / 60);
  const remove = () => clearInterval(ticker);

  stopCurrent = () => {
    clearInterval(feed);
    remove();
    staffLayer.destroy();
    cameraLayer.destroy();
    incidentLayer.destroy();
    analysis.destroy();
  };
  let since = performance.now();
  Object.assign(bench, {
    layers: { staffLayer, cameraLayer, incidentLayer, analysis },
    checkRegister: () => {
      const probes: [number, number, number][] = incidentList
        .slice(0, 300)
        .map((i, k) => [i.position![0], i.position![1], (k % 4) * 50]);
      const views: [number, number, number, number, number][] = [
        [CENTER[0], CENTER[1] - 0.1, 9000, 0, -45],
        [CENTER[0] + 0.02, CENTER[1] - 0.02, 2500, 60, -30],
        [CENTER[0] - 0.01, CENTER[1] + 0.03, 15000, 200, -80],
        [CENTER[0], CENTER[1] - 0.01, 800, 330, -20],
      ];
      let maxErrorPx = 0;
      let n = 0;
      for (const v of views) {
        bench.setView(...v);
        scene.render();
        const r = analysis.overlay.checkRegister(probes);
        if (r.probes) maxErrorPx = Math.max(maxErrorPx, r.maxErrorPx);
        n += r.probes;
      }
      return { maxErrorPx, probes: n, views: views.length };
    },
    stats: () => ({
      perSecond: {
        fps: (frameMs.summary().n * 1000) / (performance.now() - since),
        frameMsPerSecond: (frameMs.summary().total * 1000) / (performance.now() - since),
      },
      frame: frameMs.summary(),
      interpolate: interpolateMs.summary(),
      apply: applyMs.summary(),
      applyPositions: applyFrameMs.summary(),
      counts: {
        staff: staffLayer.count,
        cameras: cameraLayer.count,
        incidents: incidentLayer.count,
        analysis: analysis.count,
        pulsing: incidentLayer.pulsingCount,
      },
      cameraClusters: cameraLayer.diagnostics(),
      deckFrameMs: analysis.overlay.lastFrameMs,
      staffStats: staffLayer.stats,
    }),
    reset: () => {
      since = performance.now();
      [frameMs, interpolateMs, applyMs, applyFrameMs].forEach((s) => s.reset());
    },
  });
}

function startBaseline(load: Load) {
  const b = new Baseline(
    viewer,
    benchStaff(load.staff),
    benchCameras(load.cameras),
    benchIncidents(load.incidents, benchStaff(load.staff), Date.now()),
  );
  stopCurrent = () => b.destroy();
  Object.assign(bench, { stats: () => b.stats(), reset: () => b.reset() });
}

const bench = {
  viewer,
  ready: true,
  startOurs,
  startBaseline,
  stop() {
    stopCurrent?.();
    stopCurrent = null;
  },
  stats: (): unknown => null,
  reset: () => {},
  layers: null as unknown,
  setView(lng: number, lat: number, h: number, headingDeg: number, pitchDeg: number) {
    viewer.camera.setView({
      destination: Cartesian3.fromDegrees(lng, lat, h),
      orientation: { heading: CMath.toRadians(headingDeg), pitch: CMath.toRadians(pitchDeg), roll: 0 },
    });
  },
  fps: () => {
    const t0 = performance.now();
    let n = 0;
    return new Promise<number>((ok) => {
      const step = () => {
        n++;
        if (performance.now() - t0 > 3000) ok((n * 1000) / (performance.now() - t0));
        else requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
  },
};
Object.assign(window, { bench });
