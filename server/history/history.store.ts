// Where the shift replay's history lives (issue 13): thinned positions and camera status changes,
// kept for days and pruned in small batches. Incident steps need no copy: every incident record
// carries its own history, and the relay's store keeps every record.
import type { TrackPoint } from './track.thin.ts';

export interface CameraChange {
  cameraId: string;
  streetId: string;
  t: number;
  status: string;
}

export interface HistoryQuery {
  /** null: every street */
  streets: readonly string[] | null;
  from: number;
  to: number;
}

export interface HistoryStore {
  appendTrack(points: readonly TrackPoint[]): Promise<void>;
  appendCameras(changes: readonly CameraChange[]): Promise<void>;
  /** Points with from ≤ t ≤ to, by person then time; plus each person's last point before `from`. */
  readTrack(q: HistoryQuery): Promise<TrackPoint[]>;
  /** Changes with from ≤ t ≤ to, oldest first; plus each camera's last status before `from`. */
  readCameras(q: HistoryQuery): Promise<CameraChange[]>;
  /** The time of the oldest kept point in these streets (null: none): where a replay can start. */
  earliest(streets: readonly string[] | null): Promise<number | null>;
  /** Deletes at most `max` rows older than `before`; returns how many went (0: nothing left). */
  prune(before: number, max: number): Promise<number>;
  close(): Promise<void>;
}
