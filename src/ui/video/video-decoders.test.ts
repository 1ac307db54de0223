import { describe, expect, it } from 'vitest';
import { VideoDecoders } from './video-decoders.ts';

describe('video decoders', () => {
  it('holds at most its ceiling, counts refusals and the peak, and frees slots', () => {
    const d = new VideoDecoders(2);
    expect(d.acquire('a')).toBe(true);
    expect(d.acquire('a')).toBe(true); // the same tile again is not a second decoder
    expect(d.acquire('b')).toBe(true);
    expect(d.acquire('c')).toBe(false);
    expect([d.count, d.peak, d.refused]).toEqual([2, 2, 1]);
    d.release('a');
    expect(d.acquire('c')).toBe(true);
    expect(d.count).toBe(2);
  });
});
