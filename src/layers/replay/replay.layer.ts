import { Cartesian3, Color, type Cartesian3 as C3 } from 'cesium';
import { incidentAt, personAt, type PersonAt } from '../../domain/replay/replay.model.ts';
import { translator, type Translate } from '../../i18n/i18n.ts';
import type { LiveRuntime } from '../../live/live-hub.ts';
import type { Incident } from '../../protocol/incident.schema.ts';
import type { ReplayController } from '../../live/replay/replay.controller.ts';
import type { WallState } from '../../state/wall.model.ts';
import type { LayerContext, LegendEntry, PickHit, WallLayer } from '../layer.types.ts';
import { LiveLayer } from '../shared/live-layer.base.ts';
import { ReplayPrimitives, STATUS_COLORS } from './replay.primitives.ts';

// The shift replay on the map (issue 13): while the wall replays a window, everyone where they
// were at the playhead (interpolated from their kept track), the responders' trails, and every
// incident in the stage it had then with its countdown as it ran. The live layers are hidden for
// the time and come back as they were; the live feed keeps arriving underneath.

/** Live layers that would contradict the replay: hidden while it plays. */
const HIDDEN_WHILE_REPLAYING = ['staff', 'incidents', 'analysis'];
/** how much of a responder's track is drawn behind them */
const TRAIL_MS = 15 * 60_000;

class ReplayLayer extends LiveLayer {
  readonly id = 'replay';
  private prims: ReplayPrimitives | null = null;
  private replay: ReplayController | null = null;
  private mode: 'live' | 'replay' = 'live';
  private restore: string[] = [];
  private layers: WallState['layers'] = {};
  private drawnVersion = -1;
  private lastLabelsAt = 0;
  private people = 0;
  private openIncidents = 0;
  private readonly at: PersonAt = { lng: 0, lat: 0, status: 0, incidentId: null, ageMs: 0 };
  private readonly scratch = new Cartesian3();

  override update(state: WallState): void {
    this.layers = state.layers;
    super.update(state);
  }

  protected build(_rt: LiveRuntime, ctx: LayerContext): void {
    this.prims = new ReplayPrimitives(ctx.scene);
    this.replay = ctx.live.replay;
    const off = this.replay.subscribe((s) => {
      if (s.mode !== this.mode) this.switchMode(s.mode);
      ctx.requestRender();
    });
    this.onTeardown = off;
  }
  private onTeardown: (() => void) | null = null;

  private switchMode(mode: 'live' | 'replay') {
    const ctx = this.ctx;
    this.mode = mode;
    if (!ctx) return;
    if (mode === 'replay') {
      this.restore = HIDDEN_WHILE_REPLAYING.filter((id) => this.layers[id]?.visible !== false);
      for (const id of this.restore) ctx.dispatch({ type: 'layer/set', id, visible: false });
    } else {
      for (const id of this.restore) ctx.dispatch({ type: 'layer/set', id, visible: true });
      this.restore = [];
      this.prims?.clear();
      this.people = this.openIncidents = 0;
    }
    this.prims?.show(mode === 'replay' && this.visible);
  }

  protected frame(): boolean {
    const r = this.replay;
    const prims = this.prims;
    const ctx = this.ctx;
    if (!r || !prims || !ctx || r.state.mode !== 'replay') return false;
    const t = r.timeNow();
    const model = r.modelAt(t);
    if (model) {
      const ids = model.chunk.header.staff;
      let n = 0;
      for (let i = 0; i < ids.length; i++) {
        const p = personAt(model, i, t, this.at);
        if (!p) continue;
        prims.person(
          n++,
          Cartesian3.fromDegrees(p.lng, p.lat, ctx.ground.at(p.lng, p.lat) + 3, undefined, this.scratch), // a point copies its position
          STATUS_COLORS[p.status] ?? Color.WHITE,
        );
      }
      prims.people(n);
      this.people = n;
    }
    // labels (stage and countdown) and trails change by the second of replayed time: 4 times a second
    const now = performance.now();
    if (r.state.version !== this.drawnVersion || now - this.lastLabelsAt > 250) {
      this.drawnVersion = r.state.version;
      this.lastLabelsAt = now;
      const place = (lng: number, lat: number, up: number) =>
        Cartesian3.fromDegrees(lng, lat, ctx.ground.at(lng, lat) + up);
      const open: Incident[] = [];
      for (const inc of r.incidents ?? []) {
        const then = incidentAt(inc, t);
        if (then && then.status !== 'closed' && then.position !== null) open.push(then);
      }
      this.openIncidents = prims.incidents(open, t, (lng, lat) => place(lng, lat, 12), translator(this.lang));
      if (model) prims.trails(model, t, TRAIL_MS, (lng, lat) => place(lng, lat, 2));
    }
    return r.state.playing;
  }

  override legend(_state: WallState, t: Translate): LegendEntry | null {
    if (this.replay?.state.mode !== 'replay') return null;
    return {
      layerId: this.id,
      title: t('replay.legend.title'),
      items: [
        { color: STATUS_COLORS[0].toCssColorString(), label: t('replay.legend.free') },
        { color: STATUS_COLORS[1].toCssColorString(), label: t('replay.legend.responding') },
        { color: STATUS_COLORS[2].toCssColorString(), label: t('replay.legend.on-scene') },
      ],
    };
  }

  protected applyVisible(visible: boolean): void {
    this.prims?.show(visible && this.mode === 'replay');
  }
  protected teardown(): void {
    this.onTeardown?.();
    if (this.mode === 'replay') this.switchMode('live');
    this.prims?.destroy();
    this.prims = null;
  }
  count(): number {
    return this.people;
  }
  protected override extra() {
    const s = this.replay?.state;
    return {
      mode: s?.mode ?? 'live',
      t: s?.t ?? 0,
      data: s?.data ?? 'idle',
      people: this.people,
      openIncidents: this.openIncidents,
      bytes: this.replay?.bytes ?? 0,
    };
  }
  protected hitOf(): PickHit | null {
    return null;
  }
  protected worldPositionOf(): C3 | null {
    return null;
  }
}

export function replayLayer(): WallLayer {
  return new ReplayLayer();
}
