import type { LiveRuntime, LiveSource } from '../../live/live-hub.ts';
import { relayNow } from '../../live/live-store.ts';
import type { SceneFocus, WallScene } from '../../protocol/scene.schema.ts';
import { parseTour, type Tour } from '../../protocol/tour.schema.ts';
import { resolveReplayWindow } from '../../live/replay/replay.window.ts';
import type { Store } from '../../state/store.ts';
import type { WallAction, WallState } from '../../state/wall.model.ts';
import {
  DEFAULT_AUTO_FOCUS,
  initialAutoFocus,
  onIncidents,
  onTick,
  type AutoFocusConfig,
  type AutoFocusState,
} from '../auto-focus.ts';
import { applyScene, planScene, type ScenePlan, type SceneWorld } from '../scene.apply.ts';
import { fitView, type Bounds } from './tile-preload.ts';
import { DEFAULT_SCENE, loadScene, SceneLibrary, withoutListingFields } from '../scenes.ts';
import {
  onKey,
  startTour,
  tick,
  type TourEffect,
  type TourResult,
  type TourState,
  type TourView,
} from '../tour/tour-player.ts';

// The hall's conductor, one instance per wall (created in main.tsx): which scene is on screen, the
// briefing tour and its clicker, auto-focus on a severe or overdue incident. It changes the wall only
// through applyScene (store actions); React panels read `snapshot()` and call its methods.

export interface HallSnapshot {
  sceneId: string | null;
  scene: WallScene | null;
  scenes: readonly WallScene[];
  caption: TourView['caption'];
  kpi: TourView['kpi'];
  blank: boolean;
  tour: { id: string; title: Tour['title']; index: number; count: number; ended: boolean; autoAdvance: boolean } | null;
  autoFocus: { incidentId: string; until: number } | null;
  /** the next flight's scene id being preloaded (null: none) */
  preloading: string | null;
  notes: readonly string[];
}

export interface HallOptions {
  store: Store<WallState, WallAction>;
  live: LiveSource;
  fetch?: typeof fetch;
  now?: () => number;
  /** kiosk walls: auto-focus on (config), off when null */
  autoFocus?: AutoFocusConfig | null;
  /** overrides the incident-focus scene's holdS (?autofocus=<seconds>) */
  autoFocusHoldS?: number | null;
  /** the next flight's destination, to warm its tiles (src/app/hall-wiring.ts fetches them) */
  onPreload?: (target: PreloadTarget) => void;
}

export interface PreloadTarget {
  sceneId: string;
  bounds: Bounds;
  distanceM: number;
}

const TICK_MS = 500;
const MAX_NOTES = 20;

export class HallDirector {
  private readonly lib = new SceneLibrary();
  private districtId: string | null = null;
  private current: WallScene | null = null;
  private tourState: TourState | null = null;
  /** the running tour started a replay window, so stopping the tour ends it */
  private replayByTour = false;
  private pendingTour: string | null = null;
  private af: AutoFocusState = initialAutoFocus();
  /** what to go back to when auto-focus lets go */
  private beforeAutoFocus: { scene: WallScene; focus: SceneFocus | string | null } | null = null;
  private lastFocus: SceneFocus | string | null = null;
  private snap: HallSnapshot;
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubLive: (() => void) | null = null;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private lastPlan: ScenePlan | null = null;
  private requested: string | null = null;
  private libraryLoaded = false;

  constructor(private readonly o: HallOptions) {
    this.now = o.now ?? Date.now;
    this.fetchImpl = o.fetch ?? ((...a: Parameters<typeof fetch>) => fetch(...a));
    this.snap = this.build([], null);
  }

  // ---- reading (React, diagnostics) ----
  readonly subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };
  readonly snapshot = (): HallSnapshot => this.snap;
  get plan(): ScenePlan | null {
    return this.lastPlan;
  }

  private build(notes: readonly string[], preloading: string | null): HallSnapshot {
    const t = this.tourState;
    const view = t?.view;
    return {
      sceneId: this.current?.id ?? null,
      scene: this.current,
      scenes: this.lib.list(),
      caption: view?.caption ?? null,
      kpi: view?.kpi ?? null,
      blank: t?.blank ?? false,
      tour: t
        ? {
            id: t.tour.id,
            title: t.tour.title,
            index: t.index,
            count: t.tour.steps.length,
            ended: t.ended,
            autoAdvance: t.tour.autoAdvance,
          }
        : null,
      autoFocus: this.af.focused,
      preloading,
      notes,
    };
  }
  private emit(patch: { note?: string; preloading?: string | null } = {}) {
    const notes = patch.note ? [...this.snap.notes, patch.note].slice(-MAX_NOTES) : this.snap.notes;
    this.snap = this.build(notes, patch.preloading === undefined ? this.snap.preloading : patch.preloading);
    for (const l of [...this.listeners]) l();
  }

  // ---- start ----
  /** Fetches the district's scenes; `tourId` (from ?tour=) starts once the data is in. */
  async loadLibrary(tourId: string | null): Promise<void> {
    this.pendingTour = tourId;
    try {
      const res = await this.fetchImpl('/api/scenes', { headers: { accept: 'application/json' } });
      if (res.ok) this.lib.addScenes(((await res.json()) as { scenes?: unknown[] }).scenes ?? []);
    } catch (e) {
      this.emit({ note: `scenes: ${(e as Error).message}` }); // the shipped scenes still work
    }
    this.libraryLoaded = true;
    this.showRequested();
    this.emit();
  }

  /**
   * The wall's data is in. wall-effects has already applied a shipped first scene (and the deep
   * link or the street token's focus): remember it; a district scene named by ?scene= is shown as
   * soon as the library from the server has it. Then the tour, if one was asked for, starts.
   */
  dataLoaded(districtId: string, sceneId: string | null): void {
    this.districtId = districtId;
    this.requested = sceneId ?? DEFAULT_SCENE;
    this.current = loadScene(this.requested).scene ?? loadScene(DEFAULT_SCENE).scene;
    if (this.current?.id === this.requested) this.requested = null;
    this.showRequested();
    this.emit();
    if (!this.timer) this.timer = setInterval(() => this.onClock(), TICK_MS);
    this.watchLive();
    if (this.pendingTour) void this.playTour(this.pendingTour);
  }

  private showRequested() {
    if (!this.requested || !this.districtId || !this.libraryLoaded) return;
    const scene = this.lib.get(this.requested);
    this.requested = null;
    if (scene) this.show(scene, null);
  }

  private world(rt: LiveRuntime | null): SceneWorld | null {
    if (!rt) return null;
    const store = rt.client.store;
    const staff = store.staff;
    return {
      incidents: store.incidents.byId.values(),
      now: relayNow(store, this.now()),
      cameras: rt.cameras,
      staffPosition: (id) => {
        const i = staff.indexById.get(id);
        return i === undefined || staff.at[i] === 0 ? null : [staff.lng[i]!, staff.lat[i]!];
      },
    };
  }

  // ---- scenes ----
  private show(scene: WallScene, focus: SceneFocus | string | null): ScenePlan {
    const plan = applyScene(scene, {
      dispatch: this.o.store.dispatch,
      districtId: this.districtId,
      focusOverride: focus,
      previous: this.current,
      world: this.world(this.o.live.current()),
    });
    this.current = scene;
    this.lastFocus = focus;
    this.lastPlan = plan;
    this.emit(plan.notes.length ? { note: `${scene.id}: ${plan.notes.join('; ')}` } : {});
    return plan;
  }

  /** The officer's scene picker and ?scene=: by id, false when the library has no such scene. */
  showScene(id: string, focus: SceneFocus | string | null = null): boolean {
    const scene = this.lib.get(id);
    if (!scene) return false;
    this.af = { ...this.af, focused: null };
    this.beforeAutoFocus = null;
    this.show(scene, focus);
    return true;
  }

  // ---- tours ----
  async playTour(id: string): Promise<boolean> {
    try {
      const res = await this.fetchImpl(`/api/tours/${encodeURIComponent(id)}`, {
        headers: { accept: 'application/json' },
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const r = parseTour(withoutListingFields(await res.json()), new Set(this.lib.list().map((s) => s.id)));
      if (!r.ok) throw new Error(r.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
      this.run(startTour(r.value, this.now()));
      // "what happened last night": a tour with a replay window plays it on the map (issue 13)
      const win = r.value.replay ? resolveReplayWindow(r.value.replay, this.now()) : null;
      if (win) {
        this.o.live.replay.dispatch({ type: 'replay/enter', ...win, playing: true });
        this.replayByTour = true;
      }
      return true;
    } catch (e) {
      this.o.store.dispatch({ type: 'error', error: `tour ${id}: ${(e as Error).message}` });
      return false;
    }
  }

  stopTour(): void {
    this.tourState = null;
    if (this.replayByTour) this.o.live.replay.dispatch({ type: 'replay/exit' });
    this.replayByTour = false;
    this.emit({ preloading: null });
  }

  /** Clicker keys; true when the tour used the key. */
  key(key: string): boolean {
    if (!this.tourState) return false;
    const r = onKey(this.tourState, key, this.now());
    if (!r) return false;
    this.run(r);
    return true;
  }

  private run(r: TourResult) {
    this.tourState = r.state;
    let preloading: string | null | undefined;
    for (const e of r.effects) preloading = this.effect(e) ?? preloading;
    this.emit(preloading === undefined ? {} : { preloading });
  }

  private effect(e: TourEffect): string | null | undefined {
    if (e.kind === 'scene') {
      const scene = this.lib.get(e.sceneId);
      if (!scene) return undefined;
      // a tour step may set its own flight time and curve over the scene's
      const withFlight = {
        ...scene,
        flight: { durationS: e.durationS ?? scene.flight.durationS, easing: e.easing ?? scene.flight.easing },
      };
      this.af = { ...this.af, focused: null };
      this.beforeAutoFocus = null;
      this.show(withFlight, e.focus);
    } else if (e.kind === 'preload') {
      const target = this.preloadTarget(e.sceneId, e.focus);
      if (target) this.o.onPreload?.(target);
      return e.sceneId;
    }
    return undefined; // caption, kpi, blank, ended: carried by the snapshot
  }

  /** Where a scene would take the camera now (a dry run of its plan): the area to preload. */
  preloadTarget(sceneId: string, focus: SceneFocus | string | null): PreloadTarget | null {
    const scene = this.lib.get(sceneId);
    if (!scene) return null;
    const plan = planScene({
      scene,
      districtId: this.districtId,
      focusOverride: focus,
      world: this.world(this.o.live.current()),
    });
    const last = plan.actions.at(-1);
    const camera = last?.type === 'focus/set' ? last.camera : last?.type === 'camera/set' ? last.target : null;
    if (!camera) return null;
    if (camera.kind === 'fit') {
      const ring = this.o.store.getState().index?.byId.get(camera.id)?.polygon?.[0];
      const view = ring ? fitView(ring as [number, number][]) : null;
      return view ? { sceneId, ...view } : null;
    }
    // a fixed pose: the ground it looks at, about as far around as the eye is high
    const down = Math.max(5, -camera.pitch) * (Math.PI / 180);
    const ahead = camera.height / Math.tan(down);
    const h = camera.heading * (Math.PI / 180);
    const lat = camera.lat + (ahead * Math.cos(h)) / 111_320;
    const lng = camera.lng + (ahead * Math.sin(h)) / (111_320 * Math.cos(camera.lat * (Math.PI / 180)));
    const r = camera.height / 111_320;
    return { sceneId, bounds: [lng - r, lat - r, lng + r, lat + r], distanceM: camera.height / Math.sin(down) };
  }

  // ---- auto-focus and the clock ----
  private watchLive() {
    if (this.unsubLive || !this.o.autoFocus) return;
    const cfg = this.o.autoFocus ?? DEFAULT_AUTO_FOCUS;
    this.unsubLive = this.o.live.onRuntime((rt) => {
      const store = rt.client.store;
      let primed = false;
      let seenVersion = -1;
      const unsub = store.signals.subscribe((dirty) => {
        if (!dirty.has('incidents') || store.incidents.version === seenVersion) return;
        seenVersion = store.incidents.version;
        const r = onIncidents(this.af, store.incidents.byId.values(), this.now(), cfg, !primed);
        primed = true;
        this.af = r.state;
        if (r.decision?.kind === 'focus') this.autoFocusOn(r.decision.incidentId);
      });
      this.unsubLive = unsub;
    });
  }

  private autoFocusOn(incidentId: string) {
    // a presenter's tour is never interrupted; an unattended loop is
    if (this.tourState && !this.tourState.tour.autoAdvance) {
      this.af = { ...this.af, focused: null };
      return;
    }
    const scene = this.lib.get('incident-focus');
    if (!scene || !this.current) return;
    this.beforeAutoFocus = { scene: this.current, focus: this.lastFocus };
    const until = this.now() + (this.o.autoFocusHoldS ?? scene.holdS ?? DEFAULT_AUTO_FOCUS.holdS) * 1000;
    this.af = { ...this.af, focused: { incidentId, until } };
    this.show(scene, { incident: incidentId });
  }

  private onClock() {
    const now = this.now();
    const back = onTick(this.af, now);
    this.af = back.state;
    if (back.decision?.kind === 'return' && this.beforeAutoFocus) {
      const { scene, focus } = this.beforeAutoFocus;
      this.beforeAutoFocus = null;
      this.show(scene, focus);
    }
    // an unattended tour waits while auto-focus holds the wall
    if (this.tourState && !this.af.focused) {
      const r = tick(this.tourState, now);
      if (r.effects.length) this.run(r);
    }
  }

  diagnostics() {
    const s = this.snap;
    return {
      scene: s.sceneId,
      tour: s.tour ? { id: s.tour.id, step: s.tour.index, count: s.tour.count, ended: s.tour.ended } : null,
      caption: s.caption ? { ...s.caption } : null,
      kpi: s.kpi ? { ...s.kpi } : null,
      blank: s.blank,
      autoFocus: s.autoFocus ? { ...s.autoFocus } : null,
      autoFocusSuppressed: this.af.suppressed,
      preloading: s.preloading,
      resolved: this.lastPlan?.resolved ?? null,
      notes: [...s.notes],
    };
  }

  destroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubLive?.();
    this.listeners.clear();
  }
}
