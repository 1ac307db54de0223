// What the live browser files share: the simulated street centers they run against, the wall's live
// diagnostics they read, and the relay's open incidents read through the public API.
import { startSimulator, type Simulator } from '../../server/sim/simulator.ts';
import type { TestServer } from './harness.ts';

export interface LiveDiag {
  connection: string;
  layers: {
    staff: { count: number; withFix: number };
    incidents: { count: number; open: number };
    cameras: { count: number };
  };
  streets: Record<string, { ageMs: number | null; stale: boolean; seq: number; centerOnline: boolean | null }>;
  counts: { snapshots: number; deltas: number; frames: number };
  dropped: Record<string, number>;
  malformed: number;
}

/** Thirty centers at 20× speed, with half an hour of history sent first, so a wall has a busy district at once. */
export function startLiveSim(server: TestServer): Simulator {
  return startSimulator({
    url: server.origin,
    tokens: server.app.relay.devTokens!,
    districtDir: server.config.districtDir,
    speed: 20,
    incidentsPerHour: 40,
    prerollMs: 30 * 60_000,
    seed: 7,
    runId: 'browser',
    log: () => {},
  });
}

export interface IncidentRow {
  id: string;
  streetId: string;
  status: string;
  history?: { by: { role: string } }[];
}
const OPEN = 'reported,dispatched,arrived,handling,fed-back';

/** Every open incident the relay holds, page by page. */
export async function openIncidents(origin: string): Promise<IncidentRow[]> {
  const out: IncidentRow[] = [];
  let cursor: string | null = null;
  do {
    const res = (await (
      await fetch(
        `${origin}/api/incidents?status=${OPEN}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
    ).json()) as { items: IncidentRow[]; nextCursor: string | null };
    out.push(...res.items);
    cursor = res.nextCursor;
  } while (cursor);
  return out;
}
