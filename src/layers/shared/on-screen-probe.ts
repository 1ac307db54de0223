// Diagnostics for tests and on-site checks: "one object of this layer drawn in the middle of the map
// right now, and where". The host reads diagnostics every frame, so the answer is cached for a while
// and only a bounded list of candidates is projected.

export interface OnScreen {
  onScreenId: string;
  /** "x,y" in CSS pixels of the canvas, or '' */
  onScreenXY: string;
}

/** Fractions of the canvas: [left, top, right, bottom]. */
export type ProbeBox = readonly [number, number, number, number];

export class OnScreenProbe {
  private cache: { at: number; value: OnScreen } = { at: -Infinity, value: { onScreenId: '', onScreenXY: '' } };

  /** `box` should keep clear of the badge, toggles, ticker and floating panels. */
  constructor(
    private readonly everyMs: number,
    private readonly box: ProbeBox,
  ) {}

  read(
    canvas: { clientWidth: number; clientHeight: number } | null,
    candidates: () => Iterable<string>,
    positionOf: (id: string) => { x: number; y: number } | null,
    now = performance.now(),
  ): OnScreen {
    if (now - this.cache.at < this.everyMs) return this.cache.value;
    const value: OnScreen = { onScreenId: '', onScreenXY: '' };
    if (canvas) {
      const { clientWidth: w, clientHeight: h } = canvas;
      const [l, t, r, b] = this.box;
      for (const id of candidates()) {
        const p = positionOf(id);
        if (p && p.x > w * l && p.y > h * t && p.x < w * r && p.y < h * b) {
          value.onScreenId = id;
          value.onScreenXY = `${Math.round(p.x)},${Math.round(p.y)}`;
          break;
        }
      }
    }
    this.cache = { at: now, value };
    return value;
  }
}
