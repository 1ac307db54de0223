import { monitorEventLoopDelay } from 'node:perf_hooks';
import client from 'prom-client';

// Prometheus metrics of the relay, on a registry of its own so several relays (tests) can coexist.

export class RelayMetrics {
  readonly registry = new client.Registry();
  readonly connections = new client.Gauge({
    name: 'gridwall_relay_connections',
    help: 'Open Socket.IO connections per namespace',
    labelNames: ['namespace'] as const,
    registers: [this.registry],
  });
  readonly eventsIn = new client.Counter({
    name: 'gridwall_relay_events_in_total',
    help: 'Inbound events accepted, by event type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly eventsOut = new client.Counter({
    name: 'gridwall_relay_events_out_total',
    help: 'Outbound broadcasts, by event type (one per broadcast, not per recipient)',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly rejections = new client.Counter({
    name: 'gridwall_relay_rejections_total',
    help: 'Refused inbound messages and connections, by reason',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });
  readonly deliverLatency = new client.Histogram({
    name: 'gridwall_relay_publish_to_deliver_seconds',
    help: 'From receipt of a center event to its broadcast to subscribers (includes the durable commit)',
    labelNames: ['kind'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly slowClientsCut = new client.Counter({
    name: 'gridwall_relay_slow_clients_cut_total',
    help: 'Subscribers disconnected because their unsent buffer grew too large',
    registers: [this.registry],
  });
  private readonly loop = monitorEventLoopDelay({ resolution: 20 });

  constructor() {
    this.loop.enable();
    const loop = this.loop;
    new client.Gauge({
      name: 'gridwall_event_loop_lag_seconds',
      help: 'Event-loop delay (p99 over the last scrape interval)',
      registers: [this.registry],
      collect() {
        this.set(loop.percentile(99) / 1e9);
        loop.reset();
      },
    });
    new client.Gauge({
      name: 'gridwall_process_resident_memory_bytes',
      help: 'Resident set size',
      registers: [this.registry],
      collect() {
        this.set(process.memoryUsage.rss());
      },
    });
  }

  close() {
    this.loop.disable();
  }
}
