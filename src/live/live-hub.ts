import type { Camera, RoadNetwork, Staff } from '../domain/district.types.ts';
import { buildRoadGraph, type RoadGraph } from '../domain/road-graph.ts';
import { createAreaCounts, type AreaCountsFeed } from './area-counts.ts';
import { createLiveClient, type LiveClient, type LiveClientOptions } from './live-client.ts';
import { liveDiagnostics, type LiveDiagnostics } from './live-diagnostics.ts';
import { createReplayController, type ReplayController } from './replay/replay.controller.ts';

// One live connection per wall, shared by the live layers and the live panels. The hub is an
// instance created in src/app (no module state): it starts the connection on first use (the first
// live layer's create), after the rosters it needs: cameras and staff from our own API. The road
// graph for "nearest staff by road" is optional: without it the panel says so.

export interface LiveRuntime {
  readonly client: LiveClient;
  readonly cameras: readonly Camera[];
  readonly cameraById: ReadonlyMap<string, Camera>;
  readonly roster: ReadonlyMap<string, Staff>;
  graph: RoadGraph | null;
  diagnostics(): LiveDiagnostics & ScopeDiagnostics;
}

/** What the wall subscribed to, and why the relay refused what it asked for (null: it did not). */
export interface ScopeDiagnostics {
  scope: string;
  refusal: string | null;
}

/** What a layer or a panel may ask of the live feed (LayerContext.live, WallContext.live). */
export interface LiveSource {
  /** Starts (once) and resolves the runtime. Rejects if the rosters cannot be loaded; a later call retries. */
  runtime(): Promise<LiveRuntime>;
  /** The runtime if it is up (for synchronous readers: diagnostics, React hooks). */
  current(): LiveRuntime | null;
  /** Calls back once the runtime is up (at once if it is); returns an unsubscribe. */
  onRuntime(cb: (rt: LiveRuntime) => void): () => void;
  /** Open / overdue incidents per area, for the grid layer's incident metrics. */
  readonly areaCounts: AreaCountsFeed;
  /** The shift replay: a past window drawn instead of now, never touching the live state. */
  readonly replay: ReplayController;
}

export interface LiveHub extends LiveSource {
  destroy(): void;
}

export interface LiveHubOptions {
  fetch?: typeof fetch;
  client?: Omit<LiveClientOptions, 'storeOptions'>;
}

function isArrayOf<T>(v: unknown, check: (x: unknown) => boolean): v is T[] {
  return Array.isArray(v) && v.every(check);
}

export function createLiveHub(opts: LiveHubOptions = {}): LiveHub {
  const doFetch = opts.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
  let runtime: LiveRuntime | null = null;
  let pending: Promise<LiveRuntime> | null = null;
  let destroyed = false;
  const waiters = new Set<(r: LiveRuntime) => void>();
  const areaCounts = createAreaCounts();
  const replay = createReplayController({
    fetch: doFetch,
    token: () => runtime?.client.token ?? null,
    clock: () => performance.now(),
  });

  const getJson = async <T>(url: string): Promise<T> => {
    const res = await doFetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };

  const start = async (): Promise<LiveRuntime> => {
    const [cams, staff] = await Promise.all([getJson<unknown>('/api/cameras'), getJson<unknown>('/api/staff')]);
    if (destroyed) throw new Error('live hub destroyed');
    const cameras = isArrayOf<Camera>(
      cams,
      (c) => !!c && typeof (c as Camera).id === 'string' && Array.isArray((c as Camera).position),
    )
      ? cams
      : [];
    const roster = isArrayOf<Staff>(staff, (s) => !!s && typeof (s as Staff).id === 'string') ? staff : [];
    const client = createLiveClient({ ...opts.client, storeOptions: { cameras, roster } });
    const rt: LiveRuntime = {
      client,
      cameras,
      cameraById: new Map(cameras.map((c) => [c.id, c])),
      roster: new Map(roster.map((s) => [s.id, s])),
      graph: null,
      diagnostics: () => ({
        ...liveDiagnostics(client.store, client.now()),
        scope: client.scope,
        refusal: client.refusal,
      }),
    };
    runtime = rt;
    areaCounts.attach(client.store, client.now);
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
  };

  return {
    runtime() {
      if (pending) return pending;
      pending = start();
      // A failed start (API not up yet) is not cached: the next layer (re)start tries again.
      pending.catch(() => {
        pending = null;
      });
      return pending;
    },
    current: () => runtime,
    onRuntime(cb) {
      if (runtime) {
        cb(runtime);
        return () => {};
      }
      waiters.add(cb);
      return () => waiters.delete(cb);
    },
    areaCounts,
    replay,
    destroy() {
      destroyed = true;
      replay.destroy();
      areaCounts.dispose();
      waiters.clear();
      runtime?.client.close();
      runtime = null;
    },
  };
}
