import { describe, expect, it } from 'vitest';
import { TRAIL_LENGTH } from '../../src/protocol/positions.schema.ts';
import { reducePosition, TRAIL_MIN_GAP_MS } from './live-state.ts';
import { StreamLog } from './stream-log.ts';
import { AbuseCounter, TokenBucket } from './rate-limit.ts';

const T = Date.UTC(2026, 10, 22);
const pos = (at: number, lng = 108.77) => ({
  staffId: 'W1',
  lng,
  lat: 29.53,
  at,
  status: 'on-duty' as const,
  heading: null,
  incidentId: null,
});

describe('pure updaters and bounded buffers', () => {
  it('keeps the newest position and a bounded trail sampled every few seconds', () => {
    let s = reducePosition(undefined, pos(T), 'S01')!;
    expect(reducePosition(s, pos(T - 1), 'S01')).toBeNull();
    for (let n = 1; n <= 200; n++) s = reducePosition(s, pos(T + n * 1000, 108.77 + n * 1e-5), 'S01')!;
    expect(s.at).toBe(T + 200_000);
    expect(s.trail.length).toBe(TRAIL_LENGTH);
    for (let k = 1; k < s.trail.length; k++)
      expect(s.trail[k]![2] - s.trail[k - 1]![2]).toBeGreaterThanOrEqual(TRAIL_MIN_GAP_MS);
  });

  it('replays from memory only while the ring holds the whole range', () => {
    const log = new StreamLog(10);
    for (let seq = 1; seq <= 100; seq++)
      log.push({ stream: 'S01', seq, event: { kind: 'camera', at: T, cameras: [] } });
    expect(log.range('S01', 95, 100)!.map((d) => d.seq)).toEqual([96, 97, 98, 99, 100]);
    expect(log.range('S01', 100, 100)).toEqual([]);
    expect(log.range('S01', 50, 100)).toBeNull();
    expect(log.range('S02', 0, 3)).toBeNull();
    expect(log.firstSeq('S01')).toBeGreaterThan(80);
  });

  it('limits rates with a token bucket and counts abuse in a sliding window', () => {
    let now = 0;
    const b = new TokenBucket(10, 5, () => now);
    expect(Array.from({ length: 7 }, () => b.take())).toEqual([true, true, true, true, true, false, false]);
    now += 200; // 2 tokens back
    expect([b.take(), b.take(), b.take()]).toEqual([true, true, false]);
    const a = new AbuseCounter(3, 1000, () => now);
    expect([a.hit(), a.hit(), a.hit(), a.hit()]).toEqual([false, false, false, true]);
    now += 2000;
    expect(a.hit()).toBe(false);
  });
});

describe('slow clients', () => {
  it('cuts only the subscribers whose unsent buffer is over the limit', async () => {
    const { watchSlowClients } = await import('./live.handlers.ts');
    const { RelayMetrics } = await import('./metrics.ts');
    const { DEFAULT_OPTIONS } = await import('./context.ts');
    const cut: string[] = [];
    const sock = (id: string, packets: number, bytes: number) => ({
      id,
      conn: { writeBuffer: new Array(packets), transport: { socket: { bufferedAmount: bytes } } },
      disconnect: () => cut.push(id),
    });
    const sockets = new Map(
      [
        sock('fine', 10, 1000),
        sock('many-packets', DEFAULT_OPTIONS.slowClientPackets + 1, 0),
        sock('many-bytes', 0, DEFAULT_OPTIONS.slowClientBytes + 1),
      ].map((s) => [s.id, s]),
    );
    const metrics = new RelayMetrics();
    const ctx = { options: DEFAULT_OPTIONS, metrics, print: () => {} } as unknown as Parameters<
      typeof watchSlowClients
    >[0];
    watchSlowClients(ctx, { sockets } as unknown as Parameters<typeof watchSlowClients>[1]);
    metrics.close();
    expect(cut.sort()).toEqual(['many-bytes', 'many-packets']);
  });
});
