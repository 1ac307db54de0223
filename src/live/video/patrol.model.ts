// Video patrol (视频轮巡): which cameras the 1/4/9 tiles show, as pure updaters over plain state.
// The panel calls `patrolAdvance` every N seconds and `patrolTileFailed` when a tile's stream
// fails; it never decides anything itself, so the rules (no camera twice on screen, faulty cameras
// skipped for a while, at most 9 tiles) are tested here in Node.
import type { Camera } from '../../domain/district.types.ts';

export const PATROL_LAYOUTS = [1, 4, 9] as const;
export type PatrolLayout = (typeof PATROL_LAYOUTS)[number];
/** the hard ceiling on live tiles (and so on video decoders) however the patrol is opened */
export const MAX_PATROL_TILES = 9;
/** a camera whose stream failed is skipped this long before the patrol tries it again */
export const FAULT_RETRY_MS = 5 * 60_000;

export interface PatrolState {
  /** the cameras to cycle through, in patrol order */
  readonly candidates: readonly string[];
  readonly layout: PatrolLayout;
  /** camera per tile (null: nothing left to show in that tile) */
  readonly tiles: readonly (string | null)[];
  /** index into `candidates` of the next camera to bring on screen */
  readonly cursor: number;
  /** camera id -> epoch ms its stream failed */
  readonly failedAt: ReadonlyMap<string, number>;
  /** full turns through the candidates so far (how a test or a bench sees cycling) */
  readonly rounds: number;
}

export type PatrolSource = { kind: 'area'; areaId: string } | { kind: 'cameras'; ids: readonly string[] };

/**
 * The cameras a patrol cycles: those in an area (street, community or grid, by id prefix: ids
 * encode the hierarchy), or a given list (the cameras that see an incident). Cameras with a stream
 * come first, so a district where only some have video shows video before stand-ins.
 */
export function patrolCandidates(cameras: readonly Camera[], source: PatrolSource): string[] {
  let picked: Camera[];
  if (source.kind === 'area') {
    const id = source.areaId;
    picked = cameras.filter((c) => c.streetId === id || c.gridId === id || c.gridId.startsWith(`${id}-`));
  } else {
    const byId = new Map(cameras.map((c) => [c.id, c]));
    picked = source.ids.map((id) => byId.get(id)).filter((c): c is Camera => c !== undefined);
  }
  const withStream = picked.filter((c) => c.stream);
  const without = picked.filter((c) => !c.stream);
  return [...withStream, ...without].map((c) => c.id);
}

export function createPatrol(candidates: readonly string[], layout: PatrolLayout, now: number): PatrolState {
  const unique = [...new Set(candidates)];
  const empty: PatrolState = {
    candidates: unique,
    layout,
    tiles: new Array(layout).fill(null),
    cursor: 0,
    failedAt: new Map(),
    rounds: 0,
  };
  return patrolAdvance(empty, now);
}

const usable = (s: PatrolState, id: string, now: number) => {
  const t = s.failedAt.get(id);
  return t === undefined || now - t >= FAULT_RETRY_MS;
};

/** Takes the next usable camera not in `taken`, from the cursor on (wrapping once). */
function take(
  s: PatrolState,
  cursor: number,
  taken: Set<string>,
  now: number,
): { id: string | null; cursor: number; wrapped: boolean } {
  const n = s.candidates.length;
  for (let k = 0; k < n; k++) {
    const i = (cursor + k) % n;
    const id = s.candidates[i];
    if (!taken.has(id) && usable(s, id, now)) return { id, cursor: (i + 1) % n, wrapped: i + 1 >= n || i < cursor };
  }
  return { id: null, cursor, wrapped: false };
}

/**
 * The next page: every tile gets the next camera. With no more usable cameras than tiles the page
 * stays as it is (nothing to cycle), so a small area does not restart its streams for nothing.
 */
export function patrolAdvance(s: PatrolState, now: number): PatrolState {
  const usableCount = s.candidates.filter((id) => usable(s, id, now)).length;
  const shown = s.tiles.filter((t): t is string => t !== null && usable(s, t, now));
  if (usableCount <= s.layout && shown.length === usableCount && s.tiles.some((t) => t !== null)) return s;
  const taken = new Set<string>();
  const tiles: (string | null)[] = [];
  let cursor = s.cursor;
  let rounds = s.rounds;
  for (let i = 0; i < s.layout; i++) {
    const r = take(s, cursor, taken, now);
    tiles.push(r.id);
    if (r.id) {
      taken.add(r.id);
      cursor = r.cursor;
      if (r.wrapped) rounds++;
    }
  }
  return { ...s, tiles, cursor, rounds };
}

/** A tile's stream failed: the camera is marked, that tile alone moves on to the next camera. */
export function patrolTileFailed(s: PatrolState, tile: number, now: number): PatrolState {
  const id = s.tiles[tile];
  if (id == null) return s;
  const failedAt = new Map(s.failedAt);
  failedAt.set(id, now);
  const next: PatrolState = { ...s, failedAt };
  const taken = new Set(s.tiles.filter((t): t is string => t !== null && t !== id));
  const r = take(next, s.cursor, taken, now);
  const tiles = [...s.tiles];
  tiles[tile] = r.id;
  return { ...next, tiles, cursor: r.id ? r.cursor : s.cursor, rounds: s.rounds + (r.id && r.wrapped ? 1 : 0) };
}

/**
 * A camera's stream failed, wherever the patrol is now (a failure can be reported after the page
 * moved on): the camera is skipped until its retry time, and a tile still showing it moves on.
 */
export function patrolCameraFailed(s: PatrolState, cameraId: string, now: number): PatrolState {
  const tile = s.tiles.indexOf(cameraId);
  if (tile >= 0) return patrolTileFailed(s, tile, now);
  const failedAt = new Map(s.failedAt);
  failedAt.set(cameraId, now);
  return { ...s, failedAt };
}

/** A new layout keeps the cameras on screen that still fit, and fills the rest. */
export function patrolSetLayout(s: PatrolState, layout: PatrolLayout, now: number): PatrolState {
  const keep = s.tiles.slice(0, layout);
  const taken = new Set(keep.filter((t): t is string => t !== null));
  const tiles = [...keep];
  let cursor = s.cursor;
  while (tiles.length < layout) {
    const r = take(s, cursor, taken, now);
    tiles.push(r.id);
    if (r.id) {
      taken.add(r.id);
      cursor = r.cursor;
    }
  }
  return { ...s, layout, tiles, cursor };
}

/** What opens a patrol from a URL: `?patrol=<area id>` or `?patrol=incident:<id>`, with layout and pace. */
export interface PatrolLink {
  target: { kind: 'area'; areaId: string } | { kind: 'incident'; incidentId: string };
  layout: PatrolLayout;
  everyS: number;
}

export const DEFAULT_PATROL_EVERY_S = 10;

export function parsePatrolLink(search: string): PatrolLink | null {
  const q = new URLSearchParams(search);
  const raw = q.get('patrol');
  if (!raw || !/^[A-Za-z0-9:_.-]{1,80}$/.test(raw)) return null;
  const layoutN = Number(q.get('patrolLayout') ?? 4);
  const layout = (PATROL_LAYOUTS as readonly number[]).includes(layoutN) ? (layoutN as PatrolLayout) : 4;
  const every = Number(q.get('patrolEvery') ?? DEFAULT_PATROL_EVERY_S);
  const everyS = Number.isFinite(every) ? Math.max(3, Math.min(600, every)) : DEFAULT_PATROL_EVERY_S;
  const target = raw.startsWith('incident:')
    ? { kind: 'incident' as const, incidentId: raw.slice(9) }
    : { kind: 'area' as const, areaId: raw };
  return { target, layout, everyS };
}
