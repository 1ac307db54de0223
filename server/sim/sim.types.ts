// Shapes shared by the simulation core, its driver and tests.
import type {
  CameraMessage,
  CameraStatusValue,
  PositionsMessage,
  ReportMessage,
  UpdateMessage,
} from '../../src/protocol/index.ts';
import type { LngLat } from '../../src/domain/district.types.ts';
import type { RoadGraph, Snap } from '../../src/domain/road-graph.ts';
import type { CategoryProfile } from './incident.catalog.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import type { SimStaff } from './staff.motion.ts';
import type { StreetWorld } from './world.ts';

export interface SimConfig {
  seed: number;
  /** Distinguishes runs: event and incident ids must never repeat across simulator restarts. */
  runId: string;
  /** Sim clock at the start (epoch ms). */
  startMs: number;
  /** Mean reports per street per hour over a day (the diurnal curve shapes it). */
  incidentsPerHour: number;
  /** Sim ms between position batches (the driver sets 1 s of wall time times the speed). */
  positionEveryMs: number;
  /** Camera outages per street per hour. */
  cameraOutagesPerHour: number;
  /** Local time zone of the district (China Standard Time). */
  utcOffsetH: number;
  /** Share of dispatches the duty desk is slow with (beyond the 1-minute target). */
  lateDispatchShare: number;
  /** Record dispatch decisions for tests. */
  trace: boolean;
}

export const DEFAULT_SIM_CONFIG: Omit<SimConfig, 'runId' | 'startMs'> = {
  seed: 20260114,
  incidentsPerHour: 2,
  positionEveryMs: 1000,
  cameraOutagesPerHour: 1.5,
  utcOffsetH: 8,
  lateDispatchShare: 0.08,
  trace: false,
};

export type SimOutgoing =
  | { streetId: string; event: 'incident:report'; msg: ReportMessage }
  | { streetId: string; event: 'incident:update'; msg: UpdateMessage }
  | { streetId: string; event: 'positions'; msg: PositionsMessage }
  | { streetId: string; event: 'camera:status'; msg: CameraMessage };

export interface SimIncident {
  id: string;
  profile: CategoryProfile;
  position: LngLat;
  snap: Snap;
  reportedAt: number;
  status: 'reported' | 'dispatched' | 'arrived' | 'handling' | 'fed-back' | 'closed';
  assignees: string[];
  reinforcements: string[];
  escalation: 'none' | 'requested' | 'reinforced';
  dispatchedAt: number | null;
  arrivedAt: number | null;
  closedAt: number | null;
  fate: 'normal' | 'duplicate' | 'invalid';
}

export interface DispatchTrace {
  at: number;
  incidentId: string;
  kind: 'first' | 'reinforce';
  chosen: string[];
  /** free eligible candidates at that moment, with their positions and road distances */
  candidates: { id: string; position: LngLat; roadM: number }[];
}

export type Action =
  | { type: 'report' }
  | {
      type:
        'ack' | 'dispatch' | 'handle' | 'feedback' | 'close' | 'rate' | 'escalate' | 'reinforce-dispatch' | 'dismiss';
      incidentId: string;
    }
  | { type: 'depart' | 'arrive' | 'patrol'; staffId: string; plan: number; incidentId?: string }
  | { type: 'positions' | 'shifts' | 'camera-fail' }
  | { type: 'camera-restore'; cameraId: string };

export interface StreetState {
  world: StreetWorld;
  rng: Rng;
  now: number;
  eventSeq: number;
  incidentSeq: number;
  staff: Map<string, SimStaff>;
  incidents: Map<string, SimIncident>;
  cameras: Map<string, CameraStatusValue>;
  queue: { at: number; seq: number; action: Action }[]; // binary heap by (at, seq)
  queueSeq: number;
  trace: DispatchTrace[];
}

export interface SimState {
  config: SimConfig;
  graph: RoadGraph;
  streets: StreetState[];
}
