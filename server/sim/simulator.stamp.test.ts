import { afterEach, describe, expect, it, vi } from 'vitest';
import { fixtureWorld } from '../../test/support/sim.fixture.ts';
import { CenterLink } from './center-link.ts';
import type { SimOutgoing } from './sim.types.ts';
import { startSimulator } from './simulator.ts';

// One process plays every street center. A street's events must carry the time its own connection
// took them, not the time the tick started: handing a tick to hundreds of connections takes a
// while, and a stamp taken for all streets at once counts that into the relay's latency (bench).
// The clock is a counter (each read one ms later), so "later" needs no timing.

afterEach(() => vi.restoreAllMocks());

describe('simulator stamps', () => {
  it("stamps a street's items after the previous street's connection took its own", async () => {
    let clock = Date.UTC(2026, 10, 23, 2, 0);
    vi.spyOn(Date, 'now').mockImplementation(() => ++clock);
    const handed: { at: number; items: SimOutgoing[] }[] = [];
    vi.spyOn(CenterLink.prototype, 'push').mockImplementation(function (...items: SimOutgoing[]) {
      handed.push({ at: Date.now(), items });
    });
    const world = fixtureWorld(undefined, 3);
    const sim = startSimulator({
      // nothing listens there: the links never connect, and push is replaced anyway
      url: 'http://127.0.0.1:9',
      tokens: { centers: Object.fromEntries(world.streets.map((s) => [s.id, 'token'])) },
      world,
      speed: 30,
      positionIntervalMs: 100,
      seed: 1,
      adoptOpen: false,
      log: () => {},
    });
    await sim.stop();

    // the first live tick: every street's positions, street after street
    const ticks = handed.filter((h) => h.items.some((o) => o.event === 'positions'));
    expect(ticks.length).toBe(world.streets.length);
    for (let k = 1; k < ticks.length; k++) {
      for (const o of ticks[k]!.items) {
        if (o.event !== 'positions') continue;
        for (const p of o.msg.positions) expect(p.at).toBeGreaterThan(ticks[k - 1]!.at);
      }
    }
  });
});
