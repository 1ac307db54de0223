import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/protocol/live.schema.ts';
import type { FrameRow } from '../../src/protocol/positions.schema.ts';
import type { LiveState } from './live-state.ts';
import { RelayMetrics } from './metrics.ts';
import { DEFAULT_SNAPSHOT_OPTIONS, SnapshotCache, type Build } from './snapshot-cache.ts';
import type { StreamLog } from './stream-log.ts';

// The cache on its own, with a clock of our own: what it keeps and for how long. (Sharing among walls
// and the attacker's budget are tested against a real relay in relay.snapshot-attack.test.ts.)

function setup() {
  let t = 1_000_000;
  const state = { head: () => 7 } as unknown as LiveState;
  const log = { range: () => [] } as unknown as StreamLog;
  let builds = 0;
  const build: Build = (_state, _scope, streams) => {
    builds++;
    return { streams: Object.fromEntries(streams.map((s) => [s, 7])) } as unknown as Snapshot;
  };
  const sent: unknown[] = [];
  const socket = {
    data: {},
    conn: { writeBuffer: [] },
    nsp: { name: '/live', server: { encoder: { encode: (p: unknown) => [JSON.stringify(p)] } } },
    client: { _packet: (p: unknown) => sent.push(p) },
    emit: () => true,
  } as unknown as Socket;
  const cache = new SnapshotCache(state, log, new RelayMetrics(), DEFAULT_SNAPSHOT_OPTIONS, () => t, build);
  return {
    cache,
    socket,
    sent,
    builds: () => builds,
    advance: (ms: number) => (t += ms),
  };
}

const ROW: FrameRow = ['P1', 108.7, 29.5, 1_000_000, 0, 0];

describe('SnapshotCache', () => {
  it('lets an expired snapshot go at the next frame, with no subscribe needed', () => {
    const { cache, socket, advance } = setup();
    const send = cache.prepare(socket, 'district', ['S01', 'S02']);
    expect(typeof send).toBe('function');
    expect(cache.size).toBe(1);
    cache.noteFrame('S01', [ROW]);
    expect(cache.size, 'young: kept, and it remembers the frame').toBe(1);
    advance(DEFAULT_SNAPSHOT_OPTIONS.maxAgeMs + 1);
    cache.noteFrame('S01', [ROW]);
    expect(cache.size).toBe(0);
  });

  it('shares a young snapshot and builds a new one once the old has expired', () => {
    const { cache, socket, sent, builds, advance } = setup();
    for (let i = 0; i < 3; i++) (cache.prepare(socket, 'district', ['S01']) as () => void)();
    expect(builds()).toBe(1);
    expect(sent).toHaveLength(3);
    advance(DEFAULT_SNAPSHOT_OPTIONS.maxAgeMs + 1);
    (cache.prepare(socket, 'district', ['S01']) as () => void)();
    expect(builds()).toBe(2);
    expect(cache.size).toBe(1);
  });
});
