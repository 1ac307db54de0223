import { describe, expect, it } from 'vitest';
import { createLiveSignals, type DirtySet } from './live-signals.ts';

describe('live signals', () => {
  it('batches any number of changes into one notification per frame', () => {
    const frames: (() => void)[] = [];
    const sig = createLiveSignals((cb) => frames.push(cb));
    const seen: string[][] = [];
    sig.subscribe((d: DirtySet) => seen.push([...d].sort()));
    for (let k = 0; k < 1000; k++) sig.markDirty('staff');
    sig.markDirty('incidents');
    expect(frames).toHaveLength(1); // one frame requested, not one per message
    expect(seen).toEqual([]);
    frames.shift()!();
    expect(seen).toEqual([['incidents', 'staff']]);
    frames.shift()?.();
    expect(seen).toHaveLength(1); // nothing new, nothing sent
    sig.markDirty('cameras');
    frames.shift()!();
    expect(seen).toEqual([['incidents', 'staff'], ['cameras']]);
  });

  it('keeps notifying the other listeners when one throws, and unsubscribes', () => {
    const frames: (() => void)[] = [];
    const sig = createLiveSignals((cb) => frames.push(cb));
    let calls = 0;
    const origError = console.error;
    console.error = () => {};
    try {
      sig.subscribe(() => {
        throw new Error('broken layer');
      });
      const off = sig.subscribe(() => calls++);
      sig.markDirty('staff');
      frames.shift()!();
      expect(calls).toBe(1);
      expect(sig.listenerErrors).toBe(1);
      off();
      sig.markDirty('staff');
      frames.shift()!();
      expect(calls).toBe(1);
    } finally {
      console.error = origError;
    }
  });
});
