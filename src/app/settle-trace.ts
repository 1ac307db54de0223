// Why a settle took what it took (issue 9: "a tour step is settled by the end of its flight + 2 s").
// The engine starts a trace when the wall starts and on every flight, and feeds it each drawn frame
// with the readiness conditions; the trace keeps how many frames it took, how long they were, and when
// each condition became true for good, so a slow settle names what it waited for (window.gridwall.settle,
// printed by bench:hall). No Cesium here: tested in Node.

export const SETTLE_CONDITIONS = ['data', 'terrain', 'ground', 'layers', 'globe', 'buildings', 'flight'] as const;
export type SettleCondition = (typeof SETTLE_CONDITIONS)[number];
export type SettleConditions = Record<SettleCondition, boolean>;

export interface SettleReport {
  /** what started it: 'start' (the wall loading) or 'flight' */
  reason: string;
  /** ms from the start to the first frame with every condition true; null while settling */
  ms: number | null;
  /** frames drawn since the start, the settling one included */
  frames: number;
  /** ms spent inside Cesium's render calls (the rest of the time the page waits for the next frame) */
  renderMs: number;
  longestFrameMs: number;
  /** ms after the start from which each condition stayed true (absent: not true yet) */
  doneAtMs: Partial<Record<SettleCondition, number>>;
  /** the condition(s) that became true last: what the settle waited for */
  last: SettleCondition[];
  /** conditions still false at the last frame (empty once settled) */
  pending: SettleCondition[];
}

export class SettleTrace {
  private current: SettleReport | null = null;
  private previous: SettleReport | null = null;
  private startedAt = 0;

  begin(reason: string, now: number): void {
    if (this.current && this.current.ms === null) this.previous = this.current; // interrupted: keep it
    this.startedAt = now;
    this.current = { reason, ms: null, frames: 0, renderMs: 0, longestFrameMs: 0, doneAtMs: {}, last: [], pending: [] };
  }

  /** One drawn frame: `renderMs` it took, the conditions after it. True when this frame settled the trace. */
  frame(now: number, conditions: SettleConditions, renderMs: number): boolean {
    const r = this.current;
    if (!r || r.ms !== null) return false;
    r.frames++;
    r.renderMs += renderMs;
    r.longestFrameMs = Math.max(r.longestFrameMs, renderMs);
    const at = now - this.startedAt;
    for (const c of SETTLE_CONDITIONS) {
      if (!conditions[c]) delete r.doneAtMs[c];
      else if (r.doneAtMs[c] === undefined) r.doneAtMs[c] = at;
    }
    r.pending = SETTLE_CONDITIONS.filter((c) => !conditions[c]);
    if (r.pending.length > 0) return false;
    r.ms = at;
    const latest = Math.max(...SETTLE_CONDITIONS.map((c) => r.doneAtMs[c]!));
    r.last = SETTLE_CONDITIONS.filter((c) => r.doneAtMs[c] === latest);
    this.previous = r;
    this.current = null;
    return true;
  }

  /** The trace under way (null when settled) and the last settled or interrupted one. */
  snapshot(): { current: SettleReport | null; last: SettleReport | null } {
    const copy = (r: SettleReport | null) =>
      r && { ...r, doneAtMs: { ...r.doneAtMs }, last: [...r.last], pending: [...r.pending] };
    return { current: copy(this.current), last: copy(this.previous) };
  }
}

/** What Cesium's QuadtreePrimitive keeps (private, stable in 1.140): tiles to draw vs ancestors preloaded. */
interface GlobeLike {
  readonly tilesLoaded: boolean;
  readonly _surface?: {
    _tileLoadQueueHigh?: readonly unknown[];
    _tileLoadQueueMedium?: readonly unknown[];
  };
}

/**
 * Whether the globe tiles this frame draws are loaded. `globe.tilesLoaded` also waits for the low
 * queue, the ancestors Cesium preloads for a later zoom-out, which are not in the picture: after a
 * flight they kept the wall "not idle" for several more frames (seconds under SwiftShader).
 */
export function drawnGlobeTilesLoaded(globe: GlobeLike): boolean {
  const high = globe._surface?._tileLoadQueueHigh;
  const medium = globe._surface?._tileLoadQueueMedium;
  if (!Array.isArray(high) || !Array.isArray(medium)) return globe.tilesLoaded;
  return high.length === 0 && medium.length === 0;
}
