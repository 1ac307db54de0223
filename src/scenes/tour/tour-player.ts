import type { KpiKey, Tour, TourStep } from '../../protocol/tour.schema.ts';
import type { Easing, Localized, SceneFocus } from '../../protocol/scene.schema.ts';

// The briefing tour as a pure state machine: keys and the clock go in, what the wall must show
// comes out. What is on screen at step i is a fold over steps 0..i (the last scene flown to, the
// last caption since it, the last highlighted figure), so PageUp lands exactly where PageDown was,
// and the effects of a move are the difference between two such views.

export interface TourView {
  scene: { id: string; focus: SceneFocus | string | null; durationS: number | null; easing: Easing | null } | null;
  caption: { title: Localized; text: Localized } | null;
  kpi: { key: KpiKey; scope: string } | null;
}

export interface TourState {
  tour: Tour;
  /** index of the step on screen; -1 before the first */
  index: number;
  stepStartedAt: number;
  blank: boolean;
  ended: boolean;
  view: TourView;
}

export type TourEffect =
  | {
      kind: 'scene';
      sceneId: string;
      focus: SceneFocus | string | null;
      durationS: number | null;
      easing: Easing | null;
    }
  | { kind: 'caption'; caption: TourView['caption'] }
  | { kind: 'kpi'; kpi: TourView['kpi'] }
  | { kind: 'blank'; on: boolean }
  /** the next flight's scene, so its tiles load while this step plays */
  | { kind: 'preload'; sceneId: string; focus: SceneFocus | string | null }
  | { kind: 'ended' };

export interface TourResult {
  state: TourState;
  effects: TourEffect[];
}

const EMPTY: TourView = { scene: null, caption: null, kpi: null };
/** after a flight lands, leave the settled picture this long before auto-advancing */
export const SETTLE_S = 2;

export function viewAt(tour: Tour, index: number): TourView {
  let view = EMPTY;
  for (const step of tour.steps.slice(0, index + 1)) {
    if (step.type === 'fly-to-scene') {
      view = {
        scene: {
          id: step.scene,
          focus: step.focus ?? null,
          durationS: step.durationS ?? null,
          easing: step.easing ?? null,
        },
        caption: null,
        kpi: null,
      };
    } else if (step.type === 'caption') view = { ...view, caption: { title: step.title, text: step.text } };
    else if (step.type === 'highlight-kpi') view = { ...view, kpi: { key: step.kpi, scope: step.scope } };
  }
  return view;
}

function diff(a: TourView, b: TourView, jumped: boolean): TourEffect[] {
  const out: TourEffect[] = [];
  // a flight is replayed when it is the step just reached, even to the same scene (a new selection)
  if (b.scene && (jumped || JSON.stringify(a.scene) !== JSON.stringify(b.scene))) {
    const { id, focus, durationS, easing } = b.scene;
    out.push({ kind: 'scene', sceneId: id, focus, durationS, easing });
  }
  if (JSON.stringify(a.caption) !== JSON.stringify(b.caption)) out.push({ kind: 'caption', caption: b.caption });
  if (JSON.stringify(a.kpi) !== JSON.stringify(b.kpi)) out.push({ kind: 'kpi', kpi: b.kpi });
  return out;
}

function nextFlight(tour: Tour, index: number): TourEffect | null {
  const n = tour.steps.length;
  for (let k = 1; k <= n; k++) {
    const i = index + k;
    if (i >= n && !tour.loop) return null;
    const step = tour.steps[i % n]!;
    if (step.type === 'fly-to-scene') return { kind: 'preload', sceneId: step.scene, focus: step.focus ?? null };
  }
  return null;
}

function goTo(s: TourState, index: number, now: number): TourResult {
  const view = viewAt(s.tour, index);
  const step = s.tour.steps[index];
  const effects = diff(s.view, view, step?.type === 'fly-to-scene');
  if (s.blank) effects.unshift({ kind: 'blank', on: false });
  const preload = nextFlight(s.tour, index);
  if (preload) effects.push(preload);
  return { state: { ...s, index, view, stepStartedAt: now, blank: false, ended: false }, effects };
}

export function startTour(tour: Tour, now: number): TourResult {
  return goTo({ tour, index: -1, stepStartedAt: now, blank: false, ended: false, view: EMPTY }, 0, now);
}

export function nextStep(s: TourState, now: number): TourResult {
  if (s.index + 1 < s.tour.steps.length) return goTo(s, s.index + 1, now);
  if (s.tour.loop) return goTo(s, 0, now);
  return s.ended ? { state: s, effects: [] } : { state: { ...s, ended: true }, effects: [{ kind: 'ended' }] };
}

export function previousStep(s: TourState, now: number): TourResult {
  return s.index > 0 ? goTo(s, s.index - 1, now) : { state: s, effects: [] };
}

/** B or "." on a clicker: black the wall (the presenter talks), again to come back. */
export function toggleBlank(s: TourState): TourResult {
  return { state: { ...s, blank: !s.blank }, effects: [{ kind: 'blank', on: !s.blank }] };
}

/** Seconds a step stays when the tour advances by itself; null: it waits for the presenter. */
export function stepSeconds(step: TourStep, tour: Tour): number | null {
  switch (step.type) {
    case 'fly-to-scene':
      return (step.durationS ?? 2) + SETTLE_S;
    case 'wait':
      return step.seconds;
    case 'caption':
    case 'highlight-kpi':
      return step.seconds ?? tour.defaultStepS;
    case 'pause':
      return null;
  }
}

/** The clock: an auto-advancing tour moves on when the step's time is up (never past a pause). */
export function tick(s: TourState, now: number): TourResult {
  if (!s.tour.autoAdvance || s.blank || s.ended || s.index < 0) return { state: s, effects: [] };
  const secs = stepSeconds(s.tour.steps[s.index]!, s.tour);
  if (secs === null || now - s.stepStartedAt < secs * 1000) return { state: s, effects: [] };
  return nextStep(s, now);
}

export type TourKey = 'next' | 'previous' | 'blank';

/** What presenter clickers send (PageDown/PageUp, Space, B or "."), plus arrows for a keyboard. */
export function keyToCommand(key: string): TourKey | null {
  switch (key) {
    case 'PageDown':
    case ' ':
    case 'ArrowRight':
    case 'ArrowDown':
      return 'next';
    case 'PageUp':
    case 'ArrowLeft':
    case 'ArrowUp':
      return 'previous';
    case 'b':
    case 'B':
    case '.':
      return 'blank';
    default:
      return null;
  }
}

export function onKey(s: TourState, key: string, now: number): TourResult | null {
  const cmd = keyToCommand(key);
  if (cmd === 'next') return nextStep(s, now);
  if (cmd === 'previous') return previousStep(s, now);
  if (cmd === 'blank') return toggleBlank(s);
  return null;
}
