import { describe, expect, it } from 'vitest';
import type { StaffState } from '../../src/protocol/positions.schema.ts';
import { LiveState } from '../relay/live-state.ts';
import type { Storage } from '../storage/storage.ts';
import { StaffRefresh } from './cluster.ts';

// A node learns the positions other nodes save (StaffRefresh). The store holds every person of the
// city, thousands, read every few seconds; the rows this node already has as new must not be
// decoded (on a busy node that decoding was one long block of the event loop per read).

const person = (staffId: string, at: number, lng = 120): StaffState => ({
  staffId,
  streetId: 'S01',
  lng,
  lat: 30,
  at,
  status: 'on-duty',
  heading: null,
  incidentId: null,
  trail: [],
});

/** the store's rows; counts the bodies it had to decode */
function fakeStore(rows: StaffState[]) {
  const store = {
    decoded: [] as string[],
    async staffSince(at: number, wanted?: (id: string, at: number) => boolean) {
      const out: StaffState[] = [];
      for (const r of rows) {
        if (r.at <= at || (wanted && !wanted(r.staffId, r.at))) continue;
        store.decoded.push(r.staffId);
        out.push(r);
      }
      return out;
    },
  };
  return store;
}

describe('StaffRefresh', () => {
  it('decodes only the people this node lacks or has older, and still moves its mark by every row', async () => {
    const state = new LiveState();
    state.staff.set('OWN', person('OWN', 5_000)); // this node's own center sent it: as new as the store's
    state.staff.set('NEWER', person('NEWER', 9_000)); // this node has a later sample than the store
    state.staff.set('MOVED', person('MOVED', 1_000));
    const store = fakeStore([
      person('OWN', 5_000),
      person('NEWER', 8_000),
      person('MOVED', 4_000, 121),
      person('UNSEEN', 30_000),
    ]);
    const refresh = new StaffRefresh(store as unknown as Storage, state, 10_000);
    expect(await refresh.run()).toBe(2);
    expect(store.decoded.sort()).toEqual(['MOVED', 'UNSEEN']);
    expect(state.staff.get('MOVED')?.lng).toBe(121);
    expect(state.staff.get('NEWER')?.at).toBe(9_000);
    // the next read starts a lookback before the newest sample seen: 30,000 - 10,000
    store.decoded.length = 0;
    await refresh.run();
    expect(store.decoded).toEqual([]);
  });
});
