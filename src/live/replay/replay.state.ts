// The wall's replay mode (issue 13) as pure state: live or replaying a window, where the playhead
// is, how fast it runs. Kept apart from the live store: replaying never touches live state, and
// the live feed keeps arriving underneath.

export const REPLAY_SPEEDS = [1, 10, 60, 600] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface ReplayState {
  mode: 'live' | 'replay';
  /** the window the time bar spans (epoch ms) */
  from: number;
  to: number;
  /** the playhead */
  t: number;
  speed: ReplaySpeed;
  playing: boolean;
  /** the data around the playhead: loading, there, or failed (with why) */
  data: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
  /** bumps whenever t or the data change: layers redraw on it */
  version: number;
}

export type ReplayAction =
  | { type: 'replay/enter'; from: number; to: number; t?: number; speed?: ReplaySpeed; playing?: boolean }
  | { type: 'replay/exit' }
  | { type: 'replay/seek'; t: number }
  | { type: 'replay/step'; byMs: number }
  | { type: 'replay/play'; playing: boolean }
  | { type: 'replay/speed'; speed: ReplaySpeed }
  /** wall-clock time passed while playing */
  | { type: 'replay/tick'; elapsedMs: number }
  | { type: 'replay/data'; data: ReplayState['data']; error?: string | null };

export const initialReplayState: ReplayState = {
  mode: 'live',
  from: 0,
  to: 0,
  t: 0,
  speed: 60,
  playing: false,
  data: 'idle',
  error: null,
  version: 0,
};

const clamp = (s: ReplayState, t: number) => Math.min(s.to, Math.max(s.from, t));

export function replayReducer(s: ReplayState, a: ReplayAction): ReplayState {
  switch (a.type) {
    case 'replay/enter': {
      if (!(a.to > a.from)) return s;
      const next: ReplayState = {
        ...s,
        mode: 'replay',
        from: a.from,
        to: a.to,
        t: a.from,
        speed: a.speed ?? s.speed,
        playing: a.playing ?? false,
        version: s.version + 1,
      };
      return { ...next, t: clamp(next, a.t ?? a.from) };
    }
    case 'replay/exit':
      return s.mode === 'live' ? s : { ...initialReplayState, speed: s.speed, version: s.version + 1 };
    case 'replay/seek':
      if (s.mode !== 'replay') return s;
      return { ...s, t: clamp(s, a.t), version: s.version + 1 };
    case 'replay/step':
      if (s.mode !== 'replay') return s;
      return { ...s, t: clamp(s, s.t + a.byMs), playing: false, version: s.version + 1 };
    case 'replay/play':
      if (s.mode !== 'replay' || s.playing === a.playing) return s;
      // playing from the end starts again from the beginning
      return { ...s, playing: a.playing, t: a.playing && s.t >= s.to ? s.from : s.t, version: s.version + 1 };
    case 'replay/speed':
      return s.speed === a.speed ? s : { ...s, speed: a.speed };
    case 'replay/tick': {
      if (s.mode !== 'replay' || !s.playing || a.elapsedMs <= 0) return s;
      const t = clamp(s, s.t + a.elapsedMs * s.speed);
      return { ...s, t, playing: t < s.to, version: s.version + 1 };
    }
    case 'replay/data':
      if (s.data === a.data && s.error === (a.error ?? null)) return s;
      return { ...s, data: a.data, error: a.error ?? null, version: s.version + 1 };
  }
}
