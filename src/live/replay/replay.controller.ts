// The wall's replay (issue 13): loads a window's incidents for the time bar, then the people's
// tracks an hour at a time around the playhead (the next hour fetched ahead), and keeps the
// playhead moving while playing. One instance per wall, owned by the live hub; layers and panels
// read it, nothing here writes the live store.
import { buildReplayModel, type ReplayModel } from '../../domain/replay/replay.model.ts';
import type { Incident } from '../../protocol/incident.schema.ts';
import { decodeReplay } from '../../protocol/replay.codec.ts';
import { initialReplayState, replayReducer, type ReplayAction, type ReplayState } from './replay.state.ts';

export const CHUNK_MS = 3_600_000;
const KEEP_CHUNKS = 3;

export interface ReplayControllerOptions {
  fetch: typeof fetch;
  /** the token the live client uses (the replay is scope-checked like the live feed) */
  token: () => string | null;
  now?: () => number;
  /** wall-clock ms for the playhead (performance.now in the browser) */
  clock?: () => number;
  setInterval?: (fn: () => void, ms: number) => unknown;
  clearInterval?: (h: unknown) => void;
}

export interface ReplayController {
  readonly state: ReplayState;
  dispatch(a: ReplayAction): void;
  subscribe(listener: (s: ReplayState) => void): () => void;
  /** Enters the last `hours` (at most 24) ending now, the playhead at `at` (default: 15 minutes ago). */
  enterRecent(hours?: number, at?: number): void;
  /** The playhead now, moving smoothly between state updates while playing. */
  timeNow(): number;
  /** The loaded chunk that covers t, or null while it loads. */
  modelAt(t: number): ReplayModel | null;
  /** Every incident of the window, for the time bar (null until loaded). */
  readonly incidents: readonly Incident[] | null;
  /** bytes received for the window so far (diagnostics) */
  readonly bytes: number;
  destroy(): void;
}

interface Chunk {
  from: number;
  to: number;
  model: ReplayModel | null;
  failed: string | null;
}

export function createReplayController(o: ReplayControllerOptions): ReplayController {
  const now = o.now ?? (() => Date.now());
  const clock = o.clock ?? (() => now());
  const every = o.setInterval ?? ((fn, ms) => setInterval(fn, ms));
  const stop = o.clearInterval ?? ((h) => clearInterval(h as ReturnType<typeof setInterval>));
  let state = initialReplayState;
  let tickAt = clock();
  let timer: unknown = null;
  const listeners = new Set<(s: ReplayState) => void>();
  const chunks = new Map<number, Chunk>();
  let incidents: Incident[] | null = null;
  let bytes = 0;
  let session = 0;
  /** entered without a chosen time: start where the kept history starts, if that is later */
  let autoStart = false;

  const get = async (from: number, to: number, track: boolean) => {
    const token = o.token();
    const q = new URLSearchParams({
      from: String(Math.round(from)),
      to: String(Math.round(to)),
      ...(track ? {} : { track: '0' }),
    });
    const res = await o.fetch(`/api/replay?${q}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { message?: string } | null;
      throw new Error(body?.message ?? `HTTP ${res.status}`);
    }
    const buf = await res.arrayBuffer();
    bytes += buf.byteLength;
    return decodeReplay(buf);
  };

  const dataState = () => {
    if (state.mode !== 'replay') return;
    const c = chunks.get(Math.floor(state.t / CHUNK_MS));
    const data = !c || (!c.model && !c.failed) ? 'loading' : c.failed ? 'error' : 'ready';
    dispatch({ type: 'replay/data', data, error: c?.failed ?? null });
  };

  const ensure = (hour: number) => {
    if (chunks.has(hour) || state.mode !== 'replay') return;
    const from = Math.max(state.from, hour * CHUNK_MS);
    const to = Math.min(state.to, (hour + 1) * CHUNK_MS);
    if (to <= from) return;
    const c: Chunk = { from, to, model: null, failed: null };
    chunks.set(hour, c);
    const mine = session;
    get(from, to, true)
      .then((chunk) => {
        if (mine === session) c.model = buildReplayModel(chunk);
      })
      .catch((err) => {
        if (mine === session) c.failed = (err as Error).message;
      })
      .finally(() => mine === session && dataState());
    // keep the hours around the playhead, drop the rest
    if (chunks.size > KEEP_CHUNKS) {
      const far = [...chunks.keys()].sort((a, b) => Math.abs(b - hour) - Math.abs(a - hour));
      for (const k of far.slice(0, chunks.size - KEEP_CHUNKS)) chunks.delete(k);
    }
  };

  const follow = () => {
    if (state.mode !== 'replay') return;
    const hour = Math.floor(state.t / CHUNK_MS);
    ensure(hour);
    if (state.playing) ensure(hour + 1);
    dataState();
  };

  const setTimer = () => {
    if (state.playing && timer === null) {
      tickAt = clock();
      timer = every(() => {
        const c = clock();
        dispatch({ type: 'replay/tick', elapsedMs: c - tickAt });
        tickAt = c;
      }, 250);
    } else if (!state.playing && timer !== null) {
      stop(timer);
      timer = null;
    }
  };

  function dispatch(a: ReplayAction) {
    const prev = state;
    if (a.type === 'replay/enter' || a.type === 'replay/exit') {
      autoStart = false;
      session++;
      chunks.clear();
      incidents = null;
      bytes = 0;
    }
    if (a.type !== 'replay/tick') tickAt = clock();
    state = replayReducer(state, a);
    if (state === prev) return;
    setTimer();
    if (a.type === 'replay/enter') {
      const mine = session;
      get(state.from, state.to, false)
        .then((c) => {
          if (mine !== session) return;
          incidents = c.header.incidents;
          const first = c.header.earliest;
          // everyone is recorded within a few seconds of the history's first point
          if (autoStart && typeof first === 'number' && state.t < first)
            dispatch({ type: 'replay/seek', t: Math.min(state.to, first + 10_000) });
        })
        .catch(() => {})
        .finally(() => mine === session && emit());
    }
    if (a.type !== 'replay/data') follow();
    emit();
  }
  const emit = () => {
    for (const l of [...listeners]) l(state);
  };

  return {
    get state() {
      return state;
    },
    dispatch,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    enterRecent(hours = 24, at) {
      const to = now();
      const from = to - Math.min(24, Math.max(0.1, hours)) * CHUNK_MS;
      dispatch({ type: 'replay/enter', from, to, t: at ?? Math.max(from, to - 15 * 60_000) });
      autoStart = at === undefined;
    },
    timeNow() {
      if (state.mode !== 'replay' || !state.playing) return state.t;
      return Math.min(state.to, state.t + (clock() - tickAt) * state.speed);
    },
    modelAt(t) {
      const c = chunks.get(Math.floor(t / CHUNK_MS));
      return c?.model ?? null;
    },
    get incidents() {
      return incidents;
    },
    get bytes() {
      return bytes;
    },
    destroy() {
      session++;
      if (timer !== null) stop(timer);
      timer = null;
      listeners.clear();
      chunks.clear();
    },
  };
}
