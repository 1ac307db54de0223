import { describe, expect, it } from 'vitest';
import { resolveReplayWindow } from './replay.window.ts';

const NOW = Date.parse('2026-11-29T08:00:00+08:00');

describe('resolveReplayWindow', () => {
  it('reads relative and absolute windows ("last night 22:00–23:00 at 60×")', () => {
    expect(resolveReplayWindow({ from: '-90m', to: 'now', speed: 60 }, NOW)).toEqual({
      from: NOW - 90 * 60_000,
      to: NOW,
      speed: 60,
    });
    expect(
      resolveReplayWindow({ from: '2026-11-28T22:00:00+08:00', to: '2026-11-28T23:00:00+08:00', speed: 50 }, NOW),
    ).toEqual({
      from: Date.parse('2026-11-28T14:00:00Z'),
      to: Date.parse('2026-11-28T15:00:00Z'),
      speed: 60,
    });
  });
  it('refuses empty windows and windows over a day', () => {
    expect(resolveReplayWindow({ from: '-25h', to: 'now', speed: 60 }, NOW)).toBeNull();
    expect(
      resolveReplayWindow({ from: '2026-11-28T23:00:00+08:00', to: '2026-11-28T22:00:00+08:00', speed: 60 }, NOW),
    ).toBeNull();
  });
});
