// Load generator process: the street-center simulator (30 real Socket.IO connections) at the
// bench's rates. Tells the bench when positions are published, so displays can measure staleness
// against the publisher's latest.
import { startSimulator } from '../../server/sim/simulator.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Hist, sentKey } from './hist.ts';
import { benchWorld } from './world.bench.ts';

interface Init {
  url: string;
  /** several relay nodes: center n starts on urls[n % urls.length] and fails over to the others */
  urls?: string[];
  centers: Record<string, string>;
  speed: number;
  incidentsPerHour: number;
  positionIntervalMs: number;
  prerollMs: number;
  startMs: number;
  /** synthetic city of this many streets (bench --city) */
  streets?: number;
}
const send = (m: object) => process.send!(m);

process.once('message', (init: Init) => {
  const { world } = benchWorld(init.streets);
  // The bench fixes the window [from, to) by the wall clock all processes share.
  let from = Infinity;
  let to = Infinity;
  const positionTicks: [number, number][] = [];
  const incidentTimes: number[] = [];
  let lastPub = 0;
  // positions the relay acknowledged as taken (its work, whatever the generator managed to publish)
  let accepted0 = 0;
  const accepted = () => Object.values(sim.stats().links).reduce((n, l) => n + l.positionsAccepted, 0);
  let ackLatency = new Hist();
  // the first leg's first part: publish stamp to the socket, i.e. waiting in the center's ordered
  // outbox for the ack of its previous event (one stored event in flight per center)
  let outboxWait = new Hist();
  // those of them that found an earlier event of their street still unacknowledged (the sim's speed
  // puts one incident's steps 0.1-0.4 s apart, closer than the ack takes on a busy machine)
  let queuedWait = new Hist();
  const eld = monitorEventLoopDelay({ resolution: 10 });
  const sim = startSimulator({
    url: init.url,
    ...(init.urls ? { urls: init.urls } : {}),
    tokens: { centers: init.centers },
    world,
    speed: init.speed,
    incidentsPerHour: init.incidentsPerHour,
    positionIntervalMs: init.positionIntervalMs,
    // ticks every 100 ms (the default): at speed 30 a longer tick would bunch one street's steps
    // into one burst that then queues behind itself on the center's ordered connection
    prerollMs: init.prerollMs,
    startMs: init.startMs,
    seed: 1,
    log: () => {},
    onAck: (o) => {
      const at =
        o.event === 'incident:report'
          ? o.msg.incident.reportedAt
          : o.event === 'incident:update'
            ? o.msg.at
            : undefined;
      if (at && at >= from && at < to) ackLatency.add(Date.now() - at);
    },
    onSend: (o, queued) => {
      // the walls also measure from here, the moment the center really sends the event
      const sent =
        o.event === 'incident:report'
          ? { at: o.msg.incident.reportedAt, key: (at: number) => sentKey(o.msg.incident.id, 'report', at) }
          : o.event === 'incident:update'
            ? { at: o.msg.at, key: (at: number) => sentKey(o.msg.incidentId, o.msg.step.action, at) }
            : null;
      const at = sent?.at;
      if (!sent || !at || at < from || at >= to) return;
      const now = Date.now();
      outboxWait.add(now - at);
      if (queued) queuedWait.add(now - at);
      if (now > at) send({ type: 'sent', key: sent.key(at), waitMs: now - at });
    },
    onPublish: (o, wallMs) => {
      const measuring = wallMs >= from && wallMs < to;
      if (o.event === 'positions') {
        if (measuring) positionTicks.push([wallMs, o.msg.positions.length]);
        if (wallMs > lastPub) {
          lastPub = wallMs;
          send({ type: 'pub', at: wallMs });
        }
      } else if (o.event !== 'camera:status' && measuring) incidentTimes.push(wallMs);
    },
  });
  // Ready once every center is connected and the preroll burst is through (no backlog left).
  const readyCheck = setInterval(() => {
    const s = sim.stats();
    if (s.connected === s.streets && s.pending <= s.streets) {
      clearInterval(readyCheck);
      send({ type: 'ready', streets: s.streets });
    } else {
      send({ type: 'progress', connected: s.connected, pending: s.pending });
    }
  }, 250);
  /** center events refused so far, by reason, all streets */
  const rejectedSoFar = () => {
    const out: Record<string, number> = {};
    for (const l of Object.values(sim.stats().links))
      for (const [k, v] of Object.entries(l.rejected)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  let rejectedBefore: Record<string, number> = {};
  process.on('message', async (m: { type: string; at?: number }) => {
    if (m.type === 'measure-start') {
      from = m.at!;
      to = Infinity;
      positionTicks.length = 0;
      incidentTimes.length = 0;
      ackLatency = new Hist();
      outboxWait = new Hist();
      queuedWait = new Hist();
      accepted0 = accepted();
      rejectedBefore = rejectedSoFar();
      eld.reset();
      eld.enable();
    } else if (m.type === 'measure-stop') {
      to = m.at!;
      eld.disable();
      // acks of the window's last events may still be on their way
      await new Promise((r) => setTimeout(r, 1_000));
      const s = sim.stats();
      const secs = (to - from) / 1000;
      const incidentEvents = incidentTimes.filter((t) => t < to).length;
      const positions = positionTicks.reduce((n, [t, k]) => (t < to ? n + k : n), 0);
      let lostBatches = 0;
      for (const l of Object.values(s.links)) lostBatches += l.positionBatchesLost;
      const rejectedRun = rejectedSoFar();
      // refusals of the window apart from those of start-up (300 centers connecting at once)
      const rejected: Record<string, number> = {};
      for (const [k, v] of Object.entries(rejectedRun))
        if (v > (rejectedBefore[k] ?? 0)) rejected[k] = v - (rejectedBefore[k] ?? 0);
      send({
        type: 'measured',
        positionsPerS: positions / secs,
        positionsAcceptedPerS: (accepted() - accepted0) / secs,
        incidentEventsPerS: incidentEvents / secs,
        incidentEvents,
        ackLatency: ackLatency.toJSON(),
        outboxWait: outboxWait.toJSON(),
        queuedWait: queuedWait.toJSON(),
        loopDelayP99Ms: eld.percentile(99) / 1e6,
        loopDelayP50Ms: eld.percentile(50) / 1e6,
        loopDelayMaxMs: eld.max / 1e6,
        pending: s.pending,
        rejected,
        rejectedBefore,
        lostBatches,
        connected: s.connected,
      });
    } else if (m.type === 'stop') {
      clearInterval(readyCheck);
      await sim.stop();
      process.exit(0);
    }
  });
});
process.on('disconnect', () => process.exit(0));
