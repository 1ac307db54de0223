// A tour's replay window ("-24h" to "now" at 60×, or ISO times) as the replay controller takes it.
import type { z } from 'zod';
import type { replayWindowSchema } from '../../protocol/tour.schema.ts';
import { REPLAY_SPEEDS, type ReplaySpeed } from './replay.state.ts';

export type ReplayWindow = z.infer<typeof replayWindowSchema>;

/** The window in epoch ms and the nearest replay speed, or null when it is empty or over 24 h. */
export function resolveReplayWindow(
  w: ReplayWindow,
  now: number,
): { from: number; to: number; speed: ReplaySpeed } | null {
  const rel = /^-(\d{1,4})([hm])$/.exec(w.from);
  const to = w.to === 'now' ? now : Date.parse(w.to);
  const from = rel ? to - Number(rel[1]) * (rel[2] === 'h' ? 3_600_000 : 60_000) : Date.parse(w.from);
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from || to - from > 24 * 3_600_000) return null;
  const speed = REPLAY_SPEEDS.reduce(
    (best, s) => (Math.abs(s - w.speed) < Math.abs(best - w.speed) ? s : best),
    REPLAY_SPEEDS[0],
  );
  return { from, to, speed };
}
