import { Cartesian2, Cartesian3, Color, LabelStyle, VerticalOrigin, type Entity, type Viewer } from 'cesium';
import type { Camera, Staff } from '../../src/domain/district.types.ts';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import { StaffMover } from './bench-feed.ts';
import { Samples } from './bench-samples.ts';

// The naive way the issue compares against: one Cesium Entity per object, each position replaced on
// every message. Its per-frame cost in "our code" is what the entity machinery does instead of our
// layers: DataSourceDisplay.update (visualizers re-reading every entity's properties each frame)
// plus the message handler, amortised over the frames of that second.

const STAFF_COLORS = [Color.fromCssColorString('#3ddc84'), Color.fromCssColorString('#ffa62b')];

export class Baseline {
  private readonly staffEntities: Entity[] = [];
  private readonly incidentEntities: Entity[] = [];
  private readonly feed: ReturnType<typeof setInterval>;
  private readonly mover: StaffMover;
  private readonly frameMs = new Samples();
  private readonly messageMs = new Samples();
  private readonly restoreUpdate: () => void;
  private frames = 0;
  private messages = 0;

  constructor(
    private readonly viewer: Viewer,
    staff: readonly Staff[],
    cameras: readonly Camera[],
    incidents: readonly Incident[],
  ) {
    const ents = viewer.entities;
    ents.suspendEvents();
    for (const s of staff) {
      this.staffEntities.push(
        ents.add({
          id: `b-${s.id}`,
          position: Cartesian3.fromDegrees(s.home[0], s.home[1], 3),
          point: { pixelSize: 6, color: STAFF_COLORS[0] },
        }),
      );
    }
    for (const c of cameras) {
      ents.add({
        id: `b-${c.id}`,
        position: Cartesian3.fromDegrees(c.position[0], c.position[1], 6),
        point: { pixelSize: 7, color: Color.CYAN },
      });
    }
    for (const i of incidents) {
      if (!i.position) continue;
      this.incidentEntities.push(
        ents.add({
          id: `b-${i.id}`,
          position: Cartesian3.fromDegrees(i.position[0], i.position[1], 8),
          point: { pixelSize: 14, color: Color.ORANGE },
          label: {
            text: i.status,
            font: '13px sans-serif',
            style: LabelStyle.FILL_AND_OUTLINE,
            outlineWidth: 3,
            verticalOrigin: VerticalOrigin.TOP,
            pixelOffset: new Cartesian2(0, 12),
          },
        }),
      );
    }
    ents.resumeEvents();
    this.mover = new StaffMover(staff, new Uint8Array(staff.length));

    // The entity machinery's per-frame work, on the same 60 Hz clock as ours (Cesium's own render
    // calls it too, at the bench's low render rate, exactly as it updates our collections).
    const display = viewer.dataSourceDisplay;
    const tick = setInterval(() => {
      const t0 = performance.now();
      display.update(viewer.clock.currentTime);
      this.frameMs.add(performance.now() - t0);
      this.frames++;
    }, 1000 / 60);
    this.restoreUpdate = () => clearInterval(tick);
    this.feed = setInterval(() => this.onMessage(), 1000);
  }

  private onMessage(): void {
    const rows = this.mover.step(Date.now());
    const t0 = performance.now();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      this.staffEntities[i].position = Cartesian3.fromDegrees(row[1], row[2], 3) as never;
    }
    // Countdown labels, as the naive wall would tick them.
    const now = Date.now();
    for (const e of this.incidentEntities) if (e.label) e.label.text = `${Math.floor(now / 1000) % 600}` as never;
    this.messageMs.add(performance.now() - t0);
    this.messages++;
  }

  stats() {
    const frame = this.frameMs.summary();
    const message = this.messageMs.summary();
    const perFrame = frame.n ? (frame.total + message.total) / frame.n : NaN;
    return { frame, message, perFrameIncludingMessages: perFrame, frames: this.frames, messages: this.messages };
  }

  reset(): void {
    this.frameMs.reset();
    this.messageMs.reset();
  }

  destroy(): void {
    clearInterval(this.feed);
    this.restoreUpdate();
    this.viewer.entities.removeAll();
  }
}
