import type { Socket } from 'socket.io-client';
import type { Ack } from '../../protocol/ack.ts';
import { POSE_MAX_PER_S, WALL_EVENTS, type JoinAck, type WallPose } from '../../protocol/wall.schema.ts';

// Screens in step (issue 9 §3): the browsers of one spliced wall share one camera. The leader (tile
// 0,0 or an operator console) sends its pose through the relay's /wall namespace when it changes,
// at most POSE_MAX_PER_S a second, the last change always sent; followers put their camera there.
// A follower (re)joining gets the relay's last pose in the join ack, so it is in step at once.
// Cesium-free: the app hands in how to read and set its camera.

/** The camera part of a pose. */
export type CameraPose = Pick<WallPose, 'position' | 'heading' | 'pitch' | 'roll'>;

export interface WallSyncOptions {
  name: string;
  role: 'leader' | 'follower';
  socket: Pick<Socket, 'on' | 'off' | 'emit' | 'connected'> & { timeout(ms: number): Pick<Socket, 'emit'> };
  readCamera(): CameraPose;
  applyCamera(p: CameraPose): void;
  /** the scene on screen (the leader sends it; a follower shows it) */
  scene(): { scene: string | null; focus: string | null };
  showScene(scene: string | null, focus: string | null): void;
  now?: () => number;
}

/** a position change below this (m) or an angle change below this (rad) is not a move */
const MOVE_M = 0.005;
const TURN_RAD = 1e-7;

export class WallSync {
  private seq = 0;
  private last: WallPose | null = null;
  private lastSentAt = -Infinity;
  private trailing: ReturnType<typeof setTimeout> | null = null;
  private connectedAt: number | null = null;
  readonly stats = {
    joined: false,
    sent: 0,
    refused: 0,
    received: 0,
    applied: 0,
    lastSeq: null as number | null,
    lastPoseAt: null as number | null,
    /** ms from the connection to the first pose in place (a follower's rejoin time) */
    rejoinMs: null as number | null,
    /**
     * What placed a follower first after it connected: the relay's last pose in the join ack (at
     * once, whatever the leader does), or a move of the leader (the relay had no pose yet).
     */
    rejoinBy: null as 'join-ack' | 'leader' | null,
    lastError: null as string | null,
  };

  constructor(private readonly o: WallSyncOptions) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  start(): void {
    const { socket } = this.o;
    socket.on('connect', this.onConnect);
    socket.on('disconnect', this.onDisconnect);
    socket.on(WALL_EVENTS.pose, this.onPose);
    if (socket.connected) this.onConnect();
  }

  stop(): void {
    this.o.socket.off('connect', this.onConnect);
    this.o.socket.off('disconnect', this.onDisconnect);
    this.o.socket.off(WALL_EVENTS.pose, this.onPose);
    if (this.trailing) clearTimeout(this.trailing);
  }

  /** The leader calls this after each drawn frame: sends the pose if it moved. */
  frame(): void {
    if (this.o.role !== 'leader' || !this.stats.joined || !this.o.socket.connected) return;
    const pose = this.pose();
    if (this.last && same(this.last, pose)) return;
    const wait = 1000 / POSE_MAX_PER_S - (this.now() - this.lastSentAt);
    if (wait > 0) {
      // too soon: the latest pose goes out when the rate allows, so the final one is never lost
      this.trailing ??= setTimeout(() => {
        this.trailing = null;
        this.frame();
      }, wait);
      return;
    }
    this.send(pose);
  }

  private pose(): WallPose {
    const { scene, focus } = this.o.scene();
    return { name: this.o.name, seq: this.seq, ...this.o.readCamera(), scene, focus };
  }

  private send(pose: WallPose): void {
    pose.seq = ++this.seq;
    this.last = pose;
    this.lastSentAt = this.now();
    this.stats.sent++;
    this.stats.lastSeq = pose.seq;
    this.o.socket.timeout(5_000).emit(WALL_EVENTS.pose, pose, (err: Error | null, ack?: Ack<{ t: number }>) => {
      if (err || !ack?.ok) {
        this.stats.refused++;
        this.stats.lastError = err?.message ?? (ack && !ack.ok ? ack.error.message : 'no ack');
      }
    });
  }

  private readonly onConnect = (): void => {
    this.connectedAt = this.now();
    this.stats.joined = false;
    const { socket, name, role } = this.o;
    socket.timeout(5_000).emit(WALL_EVENTS.join, { name, role }, (err: Error | null, ack?: Ack<JoinAck>) => {
      if (err || !ack) return void (this.stats.lastError = err?.message ?? 'no join ack');
      if (!ack.ok) return void (this.stats.lastError = ack.error.message);
      this.stats.joined = true;
      if (role === 'follower' && ack.pose) this.place(ack.pose, 'join-ack');
      if (role === 'leader') {
        // the relay may hold an older leader's pose: ours replaces it
        this.last = null;
        this.frame();
      }
    });
  };

  // nothing is sent until the wall is joined again: poses buffered while disconnected would reach
  // the relay before the join and be refused (and counted against the connection)
  private readonly onDisconnect = (): void => {
    this.stats.joined = false;
  };

  private readonly onPose = (pose: WallPose): void => this.place(pose, 'leader');

  private place(pose: WallPose, by: 'join-ack' | 'leader'): void {
    if (this.o.role !== 'follower' || pose.name !== this.o.name) return;
    this.stats.received++;
    const prev = this.last;
    this.last = pose;
    this.stats.lastSeq = pose.seq;
    this.stats.lastPoseAt = this.now();
    if (!prev || prev.scene !== pose.scene || prev.focus !== pose.focus) this.o.showScene(pose.scene, pose.focus);
    this.o.applyCamera(pose);
    this.stats.applied++;
    if (this.stats.rejoinMs === null && this.connectedAt !== null) {
      this.stats.rejoinMs = this.now() - this.connectedAt;
      this.stats.rejoinBy = by;
    }
  }

  diagnostics() {
    const { role, name } = this.o;
    const age = this.stats.lastPoseAt === null ? null : this.now() - this.stats.lastPoseAt;
    return { name, role, ...this.stats, lastPoseAgeMs: age, pose: this.last ? { ...this.last } : null };
  }
}

function same(a: WallPose, b: WallPose): boolean {
  const [ax, ay, az] = a.position;
  const [bx, by, bz] = b.position;
  return (
    Math.hypot(ax - bx, ay - by, az - bz) < MOVE_M &&
    Math.abs(a.heading - b.heading) < TURN_RAD &&
    Math.abs(a.pitch - b.pitch) < TURN_RAD &&
    Math.abs(a.roll - b.roll) < TURN_RAD &&
    a.scene === b.scene &&
    a.focus === b.focus
  );
}
