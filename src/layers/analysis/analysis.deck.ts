import { HexagonLayer } from '@deck.gl/aggregation-layers';
import type { Layer } from '@deck.gl/core';
import { ArcLayer } from '@deck.gl/layers';
import type { Scene } from 'cesium';
import type { Incident } from '../../protocol/incident.schema.ts';
import type { IncidentSource } from '../shared/incident-source.ts';
import type { StaffModel } from '../../live/models/staff.model.ts';
import { localFrame, toLocal, type LocalFrame } from './cesium-deck.view.ts';
import type { GroundHeights } from '../layer.types.ts';
import { DeckOverlay } from './deck-overlay.ts';

// The analysis layer: incident density as hexagon columns over the last hours and dispatch arcs
// from each assigned person to their incident, drawn by deck.gl in Cesium's camera (DeckOverlay).
// Data are rebuilt at most once a second from the incident source's version; positions go through
// Cesium's own ellipsoid maths into the overlay's local frame, so they land where Cesium draws.

const REBUILD_MS = 2000;
const DENSITY_MS = 5000;
export const DENSITY_COLORS: [number, number, number][] = [
  [29, 79, 145],
  [31, 143, 168],
  [59, 178, 115],
  [232, 197, 71],
  [238, 108, 59],
  [224, 48, 63],
];

export interface AnalysisOptions {
  windowHours: number;
  hexRadiusM: number;
  showDensity: boolean;
  showArcs: boolean;
}

interface ArcDatum {
  from: [number, number, number];
  to: [number, number, number];
  overdue: boolean;
}

export class AnalysisDeck {
  readonly overlay: DeckOverlay;
  private readonly frame: LocalFrame;
  private versionSeen = -1;
  private nextAt = 0;
  private nextDensityAt = 0;
  private points: [number, number, number][] = [];
  private arcs: ArcDatum[] = [];
  private opts: AnalysisOptions = { windowHours: 6, hexRadiusM: 250, showDensity: true, showArcs: true };
  private greyed = false;
  buildMs = 0;

  constructor(
    scene: Scene,
    origin: [number, number],
    private readonly incidents: IncidentSource,
    private readonly staff: StaffModel | null,
    onError: (message: string) => void,
    /** the terrain (ADR 0008): arcs end on it; hexagons stand on the ground height of the origin */
    private readonly ground: GroundHeights = { terrain: false, at: () => 0 },
  ) {
    this.frame = localFrame(origin[0], origin[1], ground.at(origin[0], origin[1]));
    this.overlay = new DeckOverlay(scene, this.frame, onError);
  }

  get count(): number {
    return this.points.length + this.arcs.length;
  }

  get hexPoints(): number {
    return this.points.length;
  }

  get arcCount(): number {
    return this.arcs.length;
  }

  setOptions(opts: Partial<AnalysisOptions>): void {
    this.opts = { ...this.opts, ...opts };
    this.nextAt = this.nextDensityAt = 0;
    this.versionSeen = -1;
  }

  setVisible(visible: boolean): void {
    this.overlay.setVisible(visible);
  }

  setGreyed(greyed: boolean): void {
    if (greyed === this.greyed) return;
    this.greyed = greyed;
    this.versionSeen = -1;
    this.nextAt = this.nextDensityAt = 0;
  }

  /** Rebuilds the deck layers when due; relayMs is the relay's clock (the window ends there). */
  frameUpdate(localMs: number, relayMs: number): void {
    if (localMs < this.nextAt) return;
    // Arcs follow moving staff: refresh them every two seconds even when no incident changed; the
    // density (a CPU re-aggregation) only when incidents changed, at most every five seconds.
    this.nextAt = localMs + REBUILD_MS;
    const t0 = performance.now();
    if (this.incidents.version !== this.versionSeen && localMs >= this.nextDensityAt) {
      this.nextDensityAt = localMs + DENSITY_MS;
      this.versionSeen = this.incidents.version;
      this.points = this.densityPoints(relayMs);
    }
    this.arcs = this.dispatchArcs();
    this.overlay.setLayers(this.layers());
    this.buildMs = performance.now() - t0;
  }

  private densityPoints(relayMs: number): [number, number, number][] {
    const since = relayMs - this.opts.windowHours * 3600_000;
    const out: [number, number, number][] = [];
    for (const inc of this.incidents.incidents.values()) {
      if (!inc.position || inc.reportedAt < since) continue;
      out.push(toLocal(this.frame, inc.position[0], inc.position[1], 0));
    }
    return out;
  }

  private dispatchArcs(): ArcDatum[] {
    const m = this.staff;
    const out: ArcDatum[] = [];
    if (!m) return out;
    for (const inc of this.incidents.incidents.values()) {
      if (!inc.position || inc.status !== 'dispatched' || inc.assignees.length === 0) continue;
      const to = toLocal(
        this.frame,
        inc.position[0],
        inc.position[1],
        this.ground.at(inc.position[0], inc.position[1]),
      );
      for (const id of inc.assignees) {
        const i = m.indexById.get(id);
        if (i === undefined || m.at[i] === 0) continue;
        out.push({
          from: toLocal(this.frame, m.lng[i], m.lat[i], this.ground.at(m.lng[i], m.lat[i])),
          to,
          overdue: isOverdue(inc),
        });
      }
    }
    return out;
  }

  private layers(): Layer[] {
    const { showDensity, showArcs, hexRadiusM } = this.opts;
    const grey = this.greyed;
    const colorRange = grey ? DENSITY_COLORS.map(() => [110, 116, 128] as [number, number, number]) : DENSITY_COLORS;
    const out: Layer[] = [];
    if (showDensity) {
      out.push(
        new HexagonLayer<[number, number, number]>({
          id: 'incident-density',
          data: this.points,
          getPosition: (p) => p,
          radius: hexRadiusM,
          coverage: 0.88,
          gpuAggregation: false,
          extruded: true,
          elevationScale: 12,
          elevationRange: [0, 60],
          colorRange,
          opacity: 0.55,
          material: false,
          updateTriggers: { getPosition: this.versionSeen },
        }),
      );
    }
    if (showArcs) {
      out.push(
        new ArcLayer<ArcDatum>({
          id: 'dispatch-arcs',
          data: this.arcs,
          getSourcePosition: (d) => d.from,
          getTargetPosition: (d) => d.to,
          getSourceColor: grey ? [120, 120, 120, 200] : [255, 166, 43, 230],
          getTargetColor: (d) => (grey ? [120, 120, 120, 200] : d.overdue ? [255, 59, 59, 255] : [61, 220, 132, 255]),
          getHeight: 0.35,
          getWidth: 2.5,
          widthUnits: 'pixels',
        }),
      );
    }
    return out;
  }

  destroy(): void {
    this.overlay.destroy();
  }
}

function isOverdue(inc: Incident): boolean {
  return inc.timing === 'overdue';
}
