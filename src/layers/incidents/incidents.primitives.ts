import {
  BillboardCollection,
  Cartesian2,
  Cartesian3,
  Color,
  DistanceDisplayCondition,
  LabelCollection,
  LabelStyle,
  NearFarScalar,
  VerticalOrigin,
  type Billboard,
  type Label,
  type Scene,
} from 'cesium';
import { translator, type Lang, type Translate } from '../../i18n/i18n.ts';
import type { Incident, Timing } from '../../protocol/incident.schema.ts';
import { onGround } from '../shared/ground-drape.ts';
import type { GroundHeights } from '../layer.types.ts';
import { withImage } from '../shared/billboard-image.ts';
import type { IncidentSource } from '../shared/incident-source.ts';
import { countdownOf, markerText } from '../shared/incident-countdown.ts';
import { GREYED, TIMING_COLORS, iconKey, incidentIcon, ringImage } from './incidents.style.ts';

// Open incidents as billboards (no entities): an icon by category and priority, a ring by target
// state that pulses while the incident is new, and a label with the stage and the running clock.
// Markers are diffed by id when the source's version moves; labels are rewritten once a second and
// only for incidents near the camera (label layout is the costly part of a LabelCollection).

const LIFT_M = 8;
const PULSE_MS = 12_000;
const LABEL_MAX_DISTANCE_M = 6000;
const LABEL_UPDATE_MS = 1000;
const LABELS_PER_FRAME = 250;
// Incidents are what the officer acts on: drawn over staff dots and camera clusters, and picked first.
export type { IncidentSource };

const INCIDENT_SCALE = new NearFarScalar(2000, 1.1, 60_000, 0.7);

interface Mark {
  icon: Billboard;
  ring: Billboard;
  label: Label;
  pos: Cartesian3;
  key: string;
  text: string;
  timing: Timing | '';
  incident: Incident;
}

export class IncidentPrimitives {
  private readonly icons: BillboardCollection;
  private readonly rings: BillboardCollection;
  private readonly labels: LabelCollection;
  private readonly marks = new Map<string, Mark>();
  private versionSeen = -1;
  private nextLabelsAt = 0;
  private greyed = false;
  private lang: Lang = 'zh-CN';
  private t: Translate = translator('zh-CN');
  private pulsing = new Set<string>();
  private cycle: Mark[] = [];
  private cyclePos = 0;
  private readonly labelScratch = new Cartesian3();

  constructor(
    private readonly scene: Scene,
    private readonly source: IncidentSource,
    /** the terrain under the incidents (ADR 0008); 0 on the flat globe */
    private readonly ground: GroundHeights,
  ) {
    this.rings = scene.primitives.add(new BillboardCollection({ scene })) as BillboardCollection;
    this.icons = scene.primitives.add(new BillboardCollection({ scene })) as BillboardCollection;
    this.labels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
  }

  get count(): number {
    return this.marks.size;
  }

  setVisible(visible: boolean): void {
    this.icons.show = this.rings.show = this.labels.show = visible;
  }

  setGreyed(greyed: boolean): void {
    if (greyed === this.greyed) return;
    this.greyed = greyed;
    this.nextLabelsAt = 0;
    for (const m of this.marks.values()) m.timing = '';
  }

  setLang(lang: Lang): void {
    if (lang === this.lang) return;
    this.lang = lang;
    this.t = translator(lang);
    for (const m of this.marks.values()) m.text = '';
    this.nextLabelsAt = 0;
  }

  /** Once per frame with local and relay clocks (the countdown uses the relay's). */
  frame(localMs: number, relayMs: number): boolean {
    let changed = false;
    if (this.source.version !== this.versionSeen) {
      this.sync(localMs);
      changed = true;
    }
    // A relabel pass covers every marker once a second, a slice per frame so no frame pays for all.
    if (this.cycle.length === 0 && localMs >= this.nextLabelsAt) {
      this.nextLabelsAt = localMs + LABEL_UPDATE_MS;
      this.cycle = [...this.marks.values()];
      this.cyclePos = 0;
    }
    if (this.cyclePos < this.cycle.length) {
      this.relabel(relayMs);
      changed = true;
      if (this.cyclePos >= this.cycle.length) this.cycle = [];
    }
    if (this.pulsing.size) {
      this.pulse(localMs);
      changed = true;
    }
    return changed;
  }

  private sync(localMs: number): void {
    this.versionSeen = this.source.version;
    const seen = new Set<string>();
    for (const [id, inc] of this.source.incidents) {
      if (inc.status === 'closed' || !inc.position) continue;
      seen.add(id);
      let mark = this.marks.get(id);
      const key = iconKey(inc.category, inc.priority);
      if (!mark) {
        const pos = onGround(this.ground, inc.position[0], inc.position[1], LIFT_M, new Cartesian3());
        mark = {
          pos,
          key,
          text: '',
          timing: '',
          incident: inc,
          ring: withImage(
            this.rings.add({
              position: pos,
              width: 40,
              height: 40,
              id: id,
              scaleByDistance: INCIDENT_SCALE,
              disableDepthTestDistance: Number.POSITIVE_INFINITY,
            }),
            'gw-inc-ring',
            ringImage(),
          ),
          icon: withImage(
            this.icons.add({
              position: pos,
              width: 26,
              height: 26,
              id: id,
              scaleByDistance: INCIDENT_SCALE,
              disableDepthTestDistance: Number.POSITIVE_INFINITY,
            }),
            key,
            incidentIcon(inc.category, inc.priority),
          ),
          label: this.labels.add({
            position: pos,
            text: '',
            font: '600 13px sans-serif',
            style: LabelStyle.FILL_AND_OUTLINE,
            outlineColor: Color.BLACK,
            outlineWidth: 3,
            verticalOrigin: VerticalOrigin.TOP,
            pixelOffset: new Cartesian2(0, 20),
            distanceDisplayCondition: new DistanceDisplayCondition(0, LABEL_MAX_DISTANCE_M),
            disableDepthTestDistance: Number.POSITIVE_INFINITY,
            id: id,
          }),
        };
        this.marks.set(id, mark);
        const live = this.source.firstSeenLive(id);
        if (live !== undefined && localMs - live < PULSE_MS) this.pulsing.add(id);
      } else if (mark.key !== key) {
        mark.icon.setImage(key, incidentIcon(inc.category, inc.priority));
        mark.key = key;
      }
      if (mark.incident !== inc) {
        mark.incident = inc;
        mark.text = '';
        mark.timing = '';
        if (inc.position) {
          onGround(this.ground, inc.position[0], inc.position[1], LIFT_M, mark.pos);
          mark.icon.position = mark.ring.position = mark.label.position = mark.pos;
        }
      }
    }
    for (const [id, mark] of this.marks) {
      if (seen.has(id)) continue;
      this.icons.remove(mark.icon);
      this.rings.remove(mark.ring);
      this.labels.remove(mark.label);
      this.marks.delete(id);
      this.pulsing.delete(id);
    }
    this.nextLabelsAt = 0;
    this.cycle = [];
    this.cyclePos = 0;
  }

  /** Ring colours for every marker; label text only for those near enough to be shown. */
  private relabel(relayMs: number): void {
    const cam = this.scene.camera.positionWC;
    const maxD2 = (LABEL_MAX_DISTANCE_M * 1.2) ** 2;
    const end = Math.min(this.cycle.length, this.cyclePos + LABELS_PER_FRAME);
    for (; this.cyclePos < end; this.cyclePos++) {
      const mark = this.cycle[this.cyclePos];
      if (!this.marks.has(mark.incident.id)) continue;
      const c = countdownOf(mark.incident, relayMs);
      // The relay's own verdict can be worse than our clock (e.g. a missed target recorded).
      const timing: Timing = mark.incident.timing === 'overdue' ? 'overdue' : c.timing;
      if (timing !== mark.timing) {
        mark.timing = timing;
        mark.ring.color = this.greyed ? GREYED : TIMING_COLORS[timing];
        mark.label.fillColor = this.greyed ? GREYED : TIMING_COLORS[timing];
        mark.icon.color = this.greyed ? GREYED : Color.WHITE;
      }
      if (Cartesian3.distanceSquared(cam, mark.pos) > maxD2) continue;
      const text = markerText(mark.incident, c, this.t);
      if (text !== mark.text) {
        mark.text = text;
        mark.label.text = text;
      }
    }
  }

  private pulse(localMs: number): void {
    for (const id of this.pulsing) {
      const mark = this.marks.get(id);
      const live = this.source.firstSeenLive(id);
      if (!mark || live === undefined || localMs - live >= PULSE_MS) {
        if (mark) mark.ring.scale = 1;
        this.pulsing.delete(id);
        continue;
      }
      const phase = ((localMs - live) % 1200) / 1200;
      mark.ring.scale = 1 + 0.9 * Math.sin(phase * Math.PI);
    }
  }

  get pulsingCount(): number {
    return this.pulsing.size;
  }

  pick(picked: unknown): string | null {
    const p = picked as { collection?: unknown; id?: unknown } | undefined;
    if (!p || typeof p.id !== 'string') return null;
    return p.collection === this.icons || p.collection === this.rings || p.collection === this.labels ? p.id : null;
  }

  positionOf(id: string): Cartesian3 | null {
    return this.marks.get(id)?.pos ?? null;
  }

  destroy(): void {
    for (const c of [this.icons, this.rings, this.labels]) this.scene.primitives.remove(c);
    this.marks.clear();
  }
}

export { LABEL_MAX_DISTANCE_M as INCIDENT_LABEL_MAX_DISTANCE_M };
