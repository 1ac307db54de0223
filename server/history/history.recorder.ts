// Feeds the replay history from the relay's working state: every few seconds the people who moved
// (thinned) and the cameras whose status changed, and now and then a small prune of what is older
// than the retention. Nothing here is on an ack's path: a failed write is counted and logged.
import { statusCode, type StaffState } from '../../src/protocol/positions.schema.ts';
import type { CameraRecord } from '../storage/storage.ts';
import type { CameraChange, HistoryStore } from './history.store.ts';
import { TrackThinner, type ThinningRule } from './track.thin.ts';

export interface RecorderOptions {
  retentionMs: number;
  /** rows deleted per prune step: small, so a step never holds the database for long */
  pruneBatch: number;
  now: () => number;
  log: (msg: string) => void;
  rule?: ThinningRule;
}

export class HistoryRecorder {
  private readonly thinner: TrackThinner;
  private readonly camera = new Map<string, string>();
  private writing: Promise<void> = Promise.resolve();
  failures = 0;
  points = 0;

  constructor(
    readonly store: HistoryStore,
    private readonly o: RecorderOptions,
  ) {
    this.thinner = new TrackThinner(statusCode, o.rule);
  }

  /** Called with the people whose state changed since the last call, and every camera's status. */
  record(staff: readonly StaffState[], cameras: Iterable<CameraRecord>) {
    const points = this.thinner.offer(staff);
    const changes: CameraChange[] = [];
    for (const c of cameras) {
      if (this.camera.get(c.cameraId) === c.status) continue;
      this.camera.set(c.cameraId, c.status);
      changes.push({ cameraId: c.cameraId, streetId: c.streetId, t: c.at, status: c.status });
    }
    if (!points.length && !changes.length) return;
    this.points += points.length;
    // one write at a time, in order: a slow disk queues, it never interleaves
    this.writing = this.writing.then(async () => {
      try {
        if (points.length) await this.store.appendTrack(points);
        if (changes.length) await this.store.appendCameras(changes);
      } catch (err) {
        this.failures++;
        this.o.log(`history: write failed (${(err as Error).message}); the replay misses these points`);
      }
    });
  }

  /** Deletes one batch of expired rows; resolves with how many went. */
  async pruneStep(): Promise<number> {
    try {
      return await this.store.prune(this.o.now() - this.o.retentionMs, this.o.pruneBatch);
    } catch (err) {
      this.o.log(`history: prune failed (${(err as Error).message})`);
      return 0;
    }
  }

  async close() {
    await this.writing;
    await this.store.close();
  }
}
