// Runs the simulated street centers against a relay: one Socket.IO connection per street, the pure
// core ticked on a wall-clock timer (sim time runs `speed` times faster), outgoing events stamped
// with the wall-clock time they are published. Used by cli.ts, by the server (forked) and the bench.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../config.ts';
import type { Ack, Incident } from '../../src/protocol/index.ts';
import { CenterLink, type LinkStats } from './center-link.ts';
import { adoptIncidents } from './sim.adopt.ts';
import { createSimState, initialCameraEvents, tick } from './sim.core.ts';
import type { SimConfig, SimOutgoing, SimState } from './sim.types.ts';
import { loadWorld } from './world.load.ts';
import type { SimWorld } from './world.ts';

export interface DevTokens {
  centers: Record<string, string>;
  display?: string;
  officer?: string;
  admin?: string;
}

export interface SimulatorOptions {
  url: string;
  /** several relay nodes: the centers are spread over them and each fails over to the next */
  urls?: string[];
  /** data/dev-tokens.json (or its content): a center token per street */
  tokens: string | DevTokens;
  speed?: number;
  streets?: string[];
  districtDir?: string;
  /** an already built world (tests, bench); otherwise loaded from districtDir */
  world?: SimWorld;
  seed?: number;
  runId?: string;
  incidentsPerHour?: number;
  cameraOutagesPerHour?: number;
  /** wall ms between position batches of a street (the protocol asks for about once a second) */
  positionIntervalMs?: number;
  tickMs?: number;
  ackTimeoutMs?: number;
  /** sim clock at the start; defaults to now */
  startMs?: number;
  /**
   * Simulated time to play before going live (sim ms): its incident and camera events are sent at
   * once on start, so the wall opens on a day already under way (and the bench on a steady state).
   */
  prerollMs?: number;
  log?: (msg: string) => void;
  /**
   * Take over the incidents left open by an earlier run (read from the relay's HTTP API with the
   * display token of the tokens file). Default: on when a display token is given.
   */
  adoptOpen?: boolean;
  /** called with each item as it is handed to its connection, with its wall-clock stamp (the bench records publish times) */
  onPublish?: (o: SimOutgoing, wallMs: number) => void;
  /** called when the relay answers a stored event (the bench measures the durable-commit round trip) */
  onAck?: (o: SimOutgoing, ack: Ack) => void;
  /** called when a stored event leaves its center's ordered outbox for the socket (the bench's first leg) */
  onSend?: (o: SimOutgoing, queued: boolean) => void;
}

export interface SimulatorStats {
  streets: number;
  connected: number;
  simTime: number;
  pending: number;
  published: Record<SimOutgoing['event'], number>;
  links: Record<string, LinkStats>;
}

export interface Simulator {
  stop(): Promise<void>;
  stats(): SimulatorStats;
  readonly state: SimState;
}

export function readTokens(tokens: string | DevTokens): DevTokens {
  return typeof tokens === 'string' ? (JSON.parse(fs.readFileSync(tokens, 'utf8')) as DevTokens) : tokens;
}

export function startSimulator(opts: SimulatorOptions): Simulator {
  const speed = opts.speed ?? 1;
  const log = opts.log ?? ((m: string) => console.log(`[sim] ${m}`));
  const tokens = readTokens(opts.tokens);
  const world = opts.world ?? loadWorld(opts.districtDir ?? path.join(ROOT, 'data', 'district'), opts.streets);
  if (opts.world && opts.streets?.length) {
    const keep = new Set(opts.streets);
    world.streets = world.streets.filter((s) => keep.has(s.id));
  }
  const missing = world.streets.filter((s) => !tokens.centers[s.id]).map((s) => s.id);
  if (missing.length) log(`no center token for ${missing.join(', ')}: those streets are not simulated`);
  world.streets = world.streets.filter((s) => tokens.centers[s.id]);

  const wallStart = Date.now();
  const startMs = opts.startMs ?? wallStart;
  const positionIntervalMs = opts.positionIntervalMs ?? 1_000;
  const config: Partial<SimConfig> & Pick<SimConfig, 'runId' | 'startMs'> = {
    runId: opts.runId ?? wallStart.toString(36),
    startMs,
    positionEveryMs: positionIntervalMs * speed,
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.incidentsPerHour !== undefined ? { incidentsPerHour: opts.incidentsPerHour } : {}),
    ...(opts.cameraOutagesPerHour !== undefined ? { cameraOutagesPerHour: opts.cameraOutagesPerHour } : {}),
  };
  const prerollMs = opts.prerollMs ?? 0;
  const state = createSimState(world, { ...config, startMs: startMs - prerollMs });
  const published: SimulatorStats['published'] = {
    'incident:report': 0,
    'incident:update': 0,
    positions: 0,
    'camera:status': 0,
  };
  const links = new Map<string, CenterLink>();
  const nodes = opts.urls?.length ? opts.urls : [opts.url];
  for (const [n, st] of world.streets.entries()) {
    const first = nodes[n % nodes.length]!;
    links.set(
      st.id,
      new CenterLink({
        url: first,
        urls: nodes,
        streetId: st.id,
        token: tokens.centers[st.id],
        ackTimeoutMs: opts.ackTimeoutMs ?? 10_000,
        log,
        onAck: opts.onAck,
        onSend: opts.onSend,
      }),
    );
  }

  // Live events are stamped with the wall-clock time they are handed over; preroll events keep
  // their place in the past (sim time mapped back onto the wall clock), so durations stay real.
  // Each street's items are stamped just before its own connection takes them, not all at the start
  // of the tick: one process plays every center, and handing a tick over to 300 connections takes
  // a while, which a stamp taken for all at once would count into the relay's latency.
  const publish = (items: SimOutgoing[], when: (simAt: number) => number = () => Date.now()) => {
    const byStreet = new Map<string, SimOutgoing[]>();
    for (const o of items) {
      let list = byStreet.get(o.streetId);
      if (!list) byStreet.set(o.streetId, (list = []));
      list.push(o);
    }
    for (const [street, list] of byStreet) {
      for (const o of list) {
        stamp(o, when);
        published[o.event] += o.event === 'positions' ? o.msg.positions.length : 1;
        opts.onPublish?.(o, stampOf(o));
      }
      links.get(street)?.push(...list);
    }
  };
  const past = (simAt: number) => Math.min(Date.now(), Math.round(wallStart - (startMs - simAt) / speed));
  publish(initialCameraEvents(state), past);
  if (prerollMs > 0) {
    // Positions of the past are of no use to anyone: skip them (the first live tick sends them all).
    state.config.positionEveryMs = prerollMs; // next batch due exactly at startMs, i.e. live
    publish(
      tick(state, startMs - 1).out.filter((o) => o.event !== 'positions'),
      past,
    );
    state.config.positionEveryMs = positionIntervalMs * speed;
  }

  let stopped = false;
  if (tokens.display && (opts.adoptOpen ?? true)) {
    void fetchOpen(
      opts.url,
      tokens.display,
      world.streets.map((s) => s.id),
      log,
    ).then((open) => {
      if (stopped || !open.length) return;
      const mine = `-${config.runId}-`;
      const n = adoptIncidents(
        state,
        open.filter((i) => !i.id.includes(mine)),
      );
      if (n) log(`took over ${n} incidents left open by an earlier run`);
    });
  }

  const simNow = () => startMs + (Date.now() - wallStart) * speed;
  const step = () => publish(tick(state, simNow()).out);
  // Ticks follow the position cadence when it is fast (bench), else 10 per second of wall time.
  const timer = setInterval(step, opts.tickMs ?? Math.min(100, positionIntervalMs));
  step();
  log(
    `${world.streets.length} streets, ${world.streets.reduce((n, s) => n + s.staff.length, 0)} staff, speed ${speed}, run ${config.runId}`,
  );

  return {
    state,
    stats: () => ({
      streets: links.size,
      connected: [...links.values()].filter((l) => l.socket.connected).length,
      simTime: simNow(),
      pending: [...links.values()].reduce((n, l) => n + l.pending, 0),
      published: { ...published },
      links: Object.fromEntries([...links].map(([id, l]) => [id, { ...l.stats, rejected: { ...l.stats.rejected } }])),
    }),
    async stop() {
      stopped = true;
      clearInterval(timer);
      for (const l of links.values()) l.close();
    },
  };
}

/** Open incidents of the given streets from the relay's store (a few tries: the relay may be starting). */
async function fetchOpen(url: string, token: string, streets: string[], log: (m: string) => void): Promise<Incident[]> {
  const out: Incident[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      let cursor: string | null = null;
      out.length = 0;
      do {
        const q = new URLSearchParams({
          status: 'reported,dispatched,arrived,handling,fed-back',
          street: streets.join(','),
          limit: '500',
        });
        if (cursor) q.set('cursor', cursor);
        const res = await fetch(`${url}/api/incidents?${q}`, { headers: { authorization: `Bearer ${token}` } });
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const page = (await res.json()) as { items: Incident[]; nextCursor: string | null };
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor && out.length < 20_000);
      return out;
    } catch (e) {
      if (attempt === 4) log(`could not read open incidents to take over (${(e as Error).message})`);
      else await new Promise((r) => setTimeout(r, 2_000));
    }
  }
  return [];
}

/** Timestamps say when the center published, by the wall clock (the relay clamps to its own). */
function stamp(o: SimOutgoing, when: (simAt: number) => number): void {
  switch (o.event) {
    case 'incident:report':
      o.msg.incident.reportedAt = when(o.msg.incident.reportedAt ?? 0);
      break;
    case 'incident:update':
      o.msg.at = when(o.msg.at ?? 0);
      break;
    case 'positions':
      for (const p of o.msg.positions) p.at = when(p.at);
      break;
    case 'camera:status':
      for (const c of o.msg.cameras) c.at = when(c.at);
      break;
  }
}

function stampOf(o: SimOutgoing): number {
  switch (o.event) {
    case 'incident:report':
      return o.msg.incident.reportedAt ?? 0;
    case 'incident:update':
      return o.msg.at ?? 0;
    case 'positions':
      return o.msg.positions[0]?.at ?? 0;
    case 'camera:status':
      return o.msg.cameras[0]?.at ?? 0;
  }
}
