// Display process for the bench: many /live clients (walls) in one process. Measures, for events
// published inside the window, publish-to-deliver latency of incident events (by the `at` the
// center stamped at publish; all processes share the machine's clock), and samples position
// staleness: how far the position a display holds for each person lags the publisher's latest.
import { io, type Socket } from 'socket.io-client';
import type {
  Delta,
  PositionsFrame,
  PositionsMessage,
  ReportMessage,
  Snapshot,
  UpdateMessage,
} from '../../src/protocol/index.ts';
import {
  frameWire,
  unpackSnapshot,
  wireAt,
  type BinaryFrame,
  type PackedSnapshot,
} from '../../src/protocol/positions-binary.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Hist, sentKey } from './hist.ts';

interface Init {
  url: string;
  /** several relay nodes: the node of each display (default: url) */
  urls?: string[];
  /** several relay nodes: the node index of each display, and of each of staffIds' center */
  displayNodes?: number[];
  staffNodes?: number[];
  token: string;
  count: number;
  kind: 'real' | 'naive';
  staffIds: string[];
  /** the street of each of staffIds (a street wall is judged on its street's people only) */
  staffStreets: string[];
  /** ask the real relay for binary frames and packed snapshots */
  binary: boolean;
  /** scope of each display (default: the district) */
  scopes?: string[];
}
const send = (m: object) => process.send!(m);

process.once('message', (init: Init) => {
  const index = new Map(init.staffIds.map((id, i) => [id, i]));
  const n = init.staffIds.length;
  const latency = new Hist();
  const staleness = new Hist();
  // the same, split by whether the person's center sits on the display's node or on another one
  // (whose frames cross Redis): a cluster's own cost, told apart from the machine's
  const stalenessBy = { local: new Hist(), remote: new Hist() };
  // incident latency the same way: the stream's center on the wall's node, or on the other (Redis)
  const latencyBy = { local: new Hist(), remote: new Hist() };
  const streetNode = new Map<string, number>();
  init.staffStreets.forEach((st, i) => {
    const node = init.staffNodes?.[i];
    if (node !== undefined) streetNode.set(st, node);
  });
  let measuring = false;
  let windowStart = Infinity;
  let windowEnd = Infinity;
  let lastPub = 0;
  let missing = 0;
  let incidentDeliveries = 0;
  let rowDeliveries = 0;
  let messages = 0;
  let bytes = 0;
  let t0 = 0;
  let ready = 0;
  let drops = 0;
  let stopping = false;
  const eld = monitorEventLoopDelay({ resolution: 10 });
  const sockets: Socket[] = [];
  const held: Float64Array[] = [];
  const watched: Int32Array[] = [];

  // Events published inside the window count, also when they arrive after it (during the drain).
  // The same deliveries measured from the moment the center sent the event: the load generator
  // names the events that waited in their center's outbox, and how long (IPC, before or after the
  // delta comes); the rest were sent as stamped. Worked out when the window's figures are sent.
  const waited = new Map<string, number>();
  const arrivals = new Map<string, number[]>();
  const fromSendAll = () => {
    const h = new Hist();
    for (const [key, list] of arrivals) for (const ms of list) h.add(Math.max(0, ms - (waited.get(key) ?? 0)));
    return h;
  };
  const incident = (at: number, stream?: string, node?: number, key?: string) => {
    if (at < windowStart || at >= windowEnd) return;
    incidentDeliveries++;
    const ms = Date.now() - at; // the same clock the center stamped `at` with
    latency.add(ms);
    if (key !== undefined) {
      const list = arrivals.get(key);
      if (list) list.push(ms);
      else arrivals.set(key, [ms]);
    }
    const from = stream === undefined ? undefined : streetNode.get(stream);
    if (from !== undefined && node !== undefined) latencyBy[from === node ? 'local' : 'remote'].add(ms);
  };

  for (let d = 0; d < init.count; d++) {
    const h = new Float64Array(n);
    held.push(h);
    const scope = init.scopes?.[d] ?? 'district';
    watched.push(
      Int32Array.from(
        init.staffIds.flatMap((_, i) => (scope === 'district' || init.staffStreets[i] === scope ? [i] : [])),
      ),
    );
    const hold = (id: string, at: number) => {
      const i = index.get(id);
      if (i !== undefined && at > h[i]) h[i] = at;
    };
    // Like a wall: reconnect when dropped and resubscribe with the last seq seen per stream.
    const s: Socket = io(`${init.urls?.[d] ?? init.url}/live`, {
      auth: { token: init.token },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 500,
    });
    sockets.push(s);
    // bytes as they come off the wire (engine.io packets: text or binary), the relays' real cost
    s.io.on('open', () =>
      s.io.engine.on('packet', (p: { data?: unknown }) => {
        if (!measuring) return;
        const data = p.data;
        bytes +=
          typeof data === 'string'
            ? Buffer.byteLength(data)
            : ((data as ArrayBuffer | Uint8Array | undefined)?.byteLength ?? 0);
      }),
    );
    const since: Record<string, number> = {};
    let subscribed = false;
    const binary = init.kind === 'real' && init.binary;
    s.on('connect', () =>
      s.emit('subscribe', subscribed ? { scope, since, binary } : { scope, binary }, () => {
        if (!subscribed && ++ready === init.count) send({ type: 'ready' });
        subscribed = true;
      }),
    );
    s.on('connect_error', (e) => send({ type: 'error', message: e.message }));
    s.on('disconnect', (reason) => {
      if (stopping) return;
      drops++;
      send({ type: 'error', message: `display ${d} disconnected (${reason})` });
      if (reason === 'io server disconnect') setTimeout(() => s.connect(), 500);
    });
    s.on('notice', (nt: { kind: string; message: string }) =>
      send({ type: 'error', message: `display ${d} notice ${nt.kind}: ${nt.message}` }),
    );
    if (init.kind === 'real') {
      s.on('snapshot', (raw: Snapshot | PackedSnapshot) => {
        const snap = 'packed' in raw ? unpackSnapshot(raw)! : raw;
        Object.assign(since, snap.streams);
        for (const st of snap.staff) hold(st.staffId, st.at);
      });
      s.on('delta', (dl: Delta) => {
        messages++;
        if (dl.seq <= (since[dl.stream] ?? 0)) return; // a replayed duplicate
        since[dl.stream] = dl.seq;
        if (dl.event.kind === 'incident' && dl.event.type !== 'timing')
          incident(
            dl.event.at,
            dl.stream,
            init.displayNodes?.[d],
            sentKey(dl.event.incidentId, dl.event.type, dl.event.at),
          );
      });
      s.on('positions', (f: PositionsFrame | BinaryFrame) => {
        messages++;
        if ('rows' in f) {
          if (measuring) rowDeliveries += f.rows.length;
          for (const r of f.rows) hold(r[0], r[3]);
          return;
        }
        // only ids and times matter here: read the time column in place, decode nothing else
        const ids = f.ids.split(',');
        const w = frameWire(f, ids.length);
        if (!w) return;
        if (measuring) rowDeliveries += w.n;
        for (let k = 0; k < w.n; k++) hold(ids[k]!, wireAt(w, k));
      });
    } else {
      s.on('incident:report', (m: ReportMessage) => {
        messages++;
        incident(m.incident.reportedAt ?? 0);
      });
      s.on('incident:update', (m: UpdateMessage) => {
        messages++;
        incident(m.at ?? 0);
      });
      s.on('positions', (m: PositionsMessage) => {
        messages++;
        if (measuring) rowDeliveries += m.positions.length;
        for (const p of m.positions) hold(p.staffId, p.at);
      });
    }
  }

  // Sample about every 500 ms: per display and person, publisher's latest minus what the display holds.
  // Every fifth display is enough for the distribution, and a shorter loop stalls the process less
  // (a stall here would show up as incident latency).
  // The gap between samples is random (250-750 ms): a fixed 500 ms beat against the relay's frame
  // timer would always sample the same phase of it and hide the worst moment.
  const sampled = held.flatMap((h, d) => (d % 5 === 0 ? [[h, watched[d]!, init.displayNodes?.[d]] as const] : []));
  let sampler: NodeJS.Timeout;
  const sample = () => {
    sampler = setTimeout(sample, 250 + Math.random() * 500);
    if (!measuring || !lastPub) return;
    for (const [h, idx, node] of sampled) {
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]!;
        if (h[i] === 0) missing++;
        else {
          const ms = Math.max(0, lastPub - h[i]);
          staleness.add(ms);
          if (node !== undefined) stalenessBy[init.staffNodes![i] === node ? 'local' : 'remote'].add(ms);
        }
      }
    }
  };
  sampler = setTimeout(sample, 500);

  process.on('message', (m: { type: string; at?: number; drainMs?: number; key?: string; waitMs?: number }) => {
    // measure-start / measure-stop carry the window's bounds by the shared wall clock
    if (m.type === 'pub') lastPub = Math.max(lastPub, m.at!);
    else if (m.type === 'sent') waited.set(m.key!, m.waitMs!);
    else if (m.type === 'measure-start') {
      measuring = true;
      windowStart = m.at!;
      windowEnd = Infinity;
      t0 = performance.now();
      eld.reset();
      eld.enable();
      messages = incidentDeliveries = rowDeliveries = missing = bytes = 0;
      arrivals.clear();
    } else if (m.type === 'measure-stop') {
      measuring = false;
      windowEnd = m.at!;
      eld.disable();
      const loop = {
        loopDelayP99Ms: eld.percentile(99) / 1e6,
        loopDelayP50Ms: eld.percentile(50) / 1e6,
        loopDelayMaxMs: eld.max / 1e6,
      };
      const secs = (performance.now() - t0) / 1000;
      const connected = sockets.filter((s) => s.connected).length;
      const rows = rowDeliveries;
      const msgs = messages;
      const wireBytes = bytes;
      setTimeout(
        () =>
          send({
            type: 'measured',
            latency: latency.toJSON(),
            staleness: staleness.toJSON(),
            stalenessLocal: stalenessBy.local.toJSON(),
            stalenessRemote: stalenessBy.remote.toJSON(),
            latencyFromSend: fromSendAll().toJSON(),
            latencyLocal: latencyBy.local.toJSON(),
            latencyRemote: latencyBy.remote.toJSON(),
            missing,
            incidentDeliveries,
            rowDeliveriesPerS: rows / secs,
            messagesPerS: msgs / secs,
            bytesPerS: wireBytes / secs,
            connected,
            ...loop,
            drops,
          }),
        m.drainMs ?? 0,
      );
    } else if (m.type === 'stop') {
      clearTimeout(sampler);
      stopping = true;
      for (const s of sockets) s.close();
      process.exit(0);
    }
  });
});
process.on('disconnect', () => process.exit(0));
