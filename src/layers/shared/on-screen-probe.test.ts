import { describe, expect, it } from 'vitest';
import { OnScreenProbe } from './on-screen-probe.ts';

describe('on-screen probe', () => {
  const canvas = { clientWidth: 1000, clientHeight: 500 };
  const positions: Record<string, { x: number; y: number } | null> = {
    edge: { x: 10, y: 10 },
    hidden: null,
    mid: { x: 300.4, y: 250.6 },
  };

  it('names the first candidate inside the box, and projects nothing more until the cache expires', () => {
    const probe = new OnScreenProbe(1000, [0.2, 0.25, 0.5, 0.75]);
    let projected = 0;
    const at = (id: string) => (projected++, positions[id]!);
    expect(probe.read(canvas, () => ['edge', 'hidden', 'mid'], at, 0)).toEqual({
      onScreenId: 'mid',
      onScreenXY: '300,251',
    });
    expect(projected).toBe(3);
    expect(probe.read(canvas, () => ['edge'], at, 999).onScreenId).toBe('mid');
    expect(projected).toBe(3);
    expect(probe.read(canvas, () => ['edge'], at, 1000)).toEqual({ onScreenId: '', onScreenXY: '' });
  });

  it('answers empty without a canvas', () => {
    expect(
      new OnScreenProbe(0, [0, 0, 1, 1]).read(
        null,
        () => ['mid'],
        (id) => positions[id]!,
        0,
      ).onScreenId,
    ).toBe('');
  });
});
