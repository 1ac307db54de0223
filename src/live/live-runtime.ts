import type { Camera, RoadNetwork, Staff } from '../domain/district.types.ts';
import { buildRoadGraph, type RoadGraph } from '../domain/road-graph.ts';
import { createLiveClient, type LiveClient } from './live-client.ts';
import { liveDiagnostics, type LiveDiagnostics } from './live-diagnostics.ts';

// One live connection per wall, shared by the four live layers and the live panels. Created on first
// use (the first live layer's create), after the rosters it needs: cameras and staff from our own
// API. The road graph for "nearest staff by road" is optional: without it the panel says so.

export interface LiveRuntime {
  readonly client: LiveClient;
  readonly cameras: readonly Camera[];
  readonly cameraById: ReadonlyMap<string, Camera>;
  readonly roster: ReadonlyMap<string, Staff>;
  graph: RoadGraph | null;
  diagnostics(): LiveDiagnostics;
}

let runtime: LiveRuntime | null = null;
let pending: Promise<LiveRuntime> | null = null;
const waiters = new Set<(r: LiveRuntime) => void>();

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

function isArrayOf<T>(v: unknown, check: (x: unknown) => boolean): v is T[] {
  return Array.isArray(v) && v.every(check);
}

/** Starts (once) and resolves the shared runtime. Rejects if the rosters cannot be loaded. */
export function liveRuntime(): Promise<LiveRuntime> {
  if (pending) return pending;
  pending = (async () => {
    const [cams, staff] = await Promise.all([getJson<unknown>('/api/cameras'), getJson<unknown>('/api/staff')]);
    const cameras = isArrayOf<Camera>(cams, (c) => !!c && typeof (c as Camera).id === 'string' && Array.isArray((c as Camera).position)) ? cams : [];
    const roster = isArrayOf<Staff>(staff, (s) => !!s && typeof (s as Staff).id === 'string') ? staff : [];
    const client = createLiveClient({ storeOptions: { cameras, roster } });
    const rt: LiveRuntime = {
      client,
      cameras,
      cameraById: new Map(cameras.map((c) => [c.id, c])),
      roster: new Map(roster.map((s) => [s.id, s])),
      graph: null,
      diagnostics: () => liveDiagnostics(client.store, client.now()),
    };
    runtime = rt;
    client.connect().catch((err) => {
      client.store.lastErrors.push(`connect: ${(err as Error).message}`);
      client.store.signals.markDirty('connection');
    });
    // Nearest-by-road needs the network; a server without the roads route still shows the rest.
    getJson<RoadNetwork>('/api/roads')
      .then((net) => {
        if (net && Array.isArray(net.nodes) && Array.isArray(net.edges)) rt.graph = buildRoadGraph(net);
      })
      .catch(() => {});
    for (const w of waiters) w(rt);
    waiters.clear();
    return rt;
  })();
  // A failed start (API not up yet) is not cached: the next layer (re)start tries again.
  pending.catch(() => {
    pending = null;
  });
  return pending;
}

/** The runtime if it is up (for synchronous readers: diagnostics, React hooks). */
export function currentLiveRuntime(): LiveRuntime | null {
  return runtime;
}

export function onLiveRuntime(cb: (r: LiveRuntime) => void): () => void {
  if (runtime) {
    cb(runtime);
    return () => {};
  }
  waiters.add(cb);
  return () => waiters.delete(cb);
}
