// The end of bench:relay's report: the naive relay against the real one, and the targets.
import { f, type Result } from './result.ts';

export function printVerdict(results: Result[], o: { attack: number; city: boolean; nodes: number }) {
  const ATTACK = o.attack;
  const CITY = o.city;
  const NODES = o.nodes;
  const real = results.find((r) => r.kind === 'real');
  const naive = results.find((r) => r.kind === 'naive');
  if (real && naive) {
    const ratio = (x: number, y: number) => (y > 0 ? (x / y).toFixed(2) + 'x' : '-');
    console.log('\nnaive / real:');
    console.log(`  incident latency p99    ${ratio(naive.latency.quantile(0.99), real.latency.quantile(0.99))}`);
    console.log(`  position staleness p99  ${ratio(naive.staleness.quantile(0.99), real.staleness.quantile(0.99))}`);
    console.log(`  relay CPU               ${ratio(naive.cpuPct, real.cpuPct)}`);
    console.log(`  relay RSS               ${ratio(naive.rssMaxMB, real.rssMaxMB)}`);
    console.log(`  position rows sent      ${ratio(naive.rowDeliveriesPerS, real.rowDeliveriesPerS)}`);
    console.log(
      `  bytes on the wire       ${ratio(naive.bytesPerS, real.bytesPerS)}  (real / naive ${(real.bytesPerS / naive.bytesPerS).toFixed(2)}; target <= 0.50)`,
    );
  }
  if (real) {
    const ok = (b: boolean) => (b ? 'ok' : 'MISSED');
    if (ATTACK > 0) {
      console.log(
        `\ntargets under the snapshot attack (${ATTACK} connections): relay RSS <= 600 MB: ${ok(real.rssMaxMB <= 600)} (${f(real.rssMaxMB)}); ` +
          `honest ack p99 <= 100 ms: ${ok(real.ackLatency.quantile(0.99) <= 100)} (${f(real.ackLatency.quantile(0.99), 1)})`,
      );
    }
    console.log(
      `\ntargets (real relay): incident p99 <= 100 ms: ${ok(real.latency.quantile(0.99) <= 100)} ` +
        `(${f(real.latency.quantile(0.99))}; from the center's send ${f(real.latencyFromSend.quantile(0.99))}); staleness p99 <= 500 ms: ${ok(real.staleness.quantile(0.99) <= 500)}` +
        (CITY
          ? `; relay RSS${NODES > 1 ? ' per node' : ''} <= 400 MB: ${ok(real.rssMaxMB <= 400)} (${f(real.rssMaxMB)})`
          : '') +
        (naive ? `; bytes <= 0.5x naive: ${ok(real.bytesPerS <= 0.5 * naive.bytesPerS)}` : ''),
    );
  }
}
