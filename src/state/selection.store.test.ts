import { describe, expect, it } from 'vitest';
import { createSelectionStore } from './selection.store.ts';

describe('selection store', () => {
  it('notifies only on a real change, and instances do not share state', () => {
    const a = createSelectionStore();
    const b = createSelectionStore();
    let calls = 0;
    a.subscribe(() => calls++);
    a.select({ kind: 'incident', id: 'I1' });
    a.select({ kind: 'incident', id: 'I1' });
    expect(calls).toBe(1);
    a.select({ kind: 'place', id: 'L000001' });
    expect(calls).toBe(2);
    expect(a.selection).toEqual({ kind: 'place', id: 'L000001' });
    expect(b.selection).toBeNull();
    a.select(null);
    expect(calls).toBe(3);
    expect(a.selection).toBeNull();
  });

  it('stops notifying after unsubscribe', () => {
    const s = createSelectionStore();
    let calls = 0;
    const off = s.subscribe(() => calls++);
    off();
    s.select({ kind: 'camera', id: 'C1' });
    expect(calls).toBe(0);
  });
});
