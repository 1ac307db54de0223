// The table bench:relay prints: one row per figure, one column per relay run (real, naive).
import { f, latencyNodeRows, latencyRows, nodeRows, probeRows, stalenessRows, type Row } from './result.ts';

export function tableRows(nodes: number, attack: number): Row[] {
  return [
    ['measured window s', (r) => f(r.measuredS, 1)],
    ['positions published /s', (r) => f(r.positionsPerS)],
    ['positions accepted by the relay /s', (r) => f(r.positionsAcceptedPerS)],
    ['incident events published /s', (r) => f(r.incidentEventsPerS, 1)],
    ['incident events delivered /s (all displays)', (r) => f(r.incidentDeliveriesPerS)],
    ['incident events delivered (share of expected)', (r) => f(r.deliveredShare * 100, 1) + ' %'],
    ['position rows delivered /s (all displays)', (r) => f(r.rowDeliveriesPerS)],
    ['messages delivered /s (all displays)', (r) => f(r.messagesPerS)],
    ['bytes delivered MB/s (all displays, on the wire)', (r) => f(r.bytesPerS / 2 ** 20, 2)],
    ['district snapshot at the end: JSON MB', (r) => (r.snapshot ? f(r.snapshot.jsonBytes / 2 ** 20, 2) : '-')],
    [
      'district snapshot at the end: packed (binary) MB',
      (r) => (r.snapshot ? f(r.snapshot.packedBytes / 2 ** 20, 2) : '-'),
    ],
    ['center publish-to-ack p50 ms (durable commit)', (r) => f(r.ackLatency.quantile(0.5), 1)],
    ['center publish-to-ack p99 ms', (r) => f(r.ackLatency.quantile(0.99), 1)],
    ['incident latency p50 ms', (r) => f(r.latency.quantile(0.5), 1)],
    ['incident latency p99 ms', (r) => f(r.latency.quantile(0.99), 1)],
    ['incident latency max ms', (r) => f(r.latency.max, 1)],
    ...(nodes > 1 ? latencyNodeRows : []),
    ...latencyRows,
    ['position staleness p50 ms', (r) => f(r.staleness.quantile(0.5))],
    ['position staleness p99 ms', (r) => f(r.staleness.quantile(0.99))],
    ['position staleness max ms', (r) => f(r.staleness.max)],
    ...(nodes > 1 ? stalenessRows : []),
    ...probeRows,
    ['positions never received (share, sampled displays)', (r) => f(r.missingShare * 100, 2) + ' %'],
    ['relay CPU % (of one core)', (r) => f(r.cpuPct)],
    // CPU time, unlike latency, hardly depends on how busy the machine is: compare runs by this
    ['relay CPU ms per 1,000 positions accepted', (r) => f((r.cpuPct * 10_000) / r.positionsAcceptedPerS, 2)],
    ['relay RSS max MB', (r) => f(r.rssMaxMB)],
    ['relay heap max MB', (r) => f(r.heapMaxMB)],
    ['relay event-loop delay p99 ms', (r) => f(r.loopDelayP99Ms, 1)],
    ...(nodes > 1 ? nodeRows(nodes) : []),
    ['display disconnections during the run (reconnected)', (r) => String(r.displayDrops)],
    ['displays disconnected at the end', (r) => String(r.disconnectedDisplays)],
    ['center events refused in the window', (r) => JSON.stringify(r.rejected)],
    ['center events refused before it (start-up)', (r) => JSON.stringify(r.rejectedBefore)],
    ['position batches lost at the centers (whole run)', (r) => String(r.lostBatches)],
    ...(attack > 0
      ? ([
          ['attack: district subscribes answered', (r) => (r.attack ? String(r.attack.subscribes) : '-')],
          ['attack: refused (by reason)', (r) => (r.attack ? JSON.stringify(r.attack.refused) : '-')],
          ['attack: snapshots received', (r) => (r.attack ? String(r.attack.snapshots) : '-')],
          ['attack: snapshot MB received', (r) => (r.attack ? f(r.attack.snapshotBytes / 2 ** 20, 1) : '-')],
        ] as Row[])
      : []),
  ];
}
