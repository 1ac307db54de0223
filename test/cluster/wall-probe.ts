// A wall as the cluster proof sees it: a /live district subscriber that knows several relay nodes,
// moves to the next one when its node dies, resumes with `since`, and checks every stream it
// receives is contiguous (each delta is the stream's last seq + 1), with no help from a snapshot.
import { io, type Socket } from 'socket.io-client';
import type { Delta, Snapshot, SubscribeAck } from '../../src/protocol/live.schema.ts';
import type { Ack } from '../../src/protocol/ack.ts';

export class WallProbe {
  readonly socket: Socket;
  readonly heads = new Map<string, number>();
  /** contiguity violations, as text (must stay empty) */
  readonly violations: string[] = [];
  duplicates = 0;
  deltas = 0;
  subscribes = 0;
  /** streams given by a snapshot after the first subscribe (a resume that could not replay) */
  resnapshots = 0;
  /** ms from losing the node to the resume's ack on another */
  readonly recoveries: number[] = [];
  /** positions frames per stream, with the time received */
  readonly frames = new Map<string, number>();
  private lostAt: number | null = null;
  private urlIndex: number;

  constructor(
    private readonly urls: string[],
    token: string,
    first: number,
    private readonly log: (m: string) => void = () => {},
  ) {
    this.urlIndex = first % urls.length;
    this.socket = io(`${urls[this.urlIndex]}/live`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 300,
      reconnectionDelayMax: 1_000,
    });
    this.socket.io.on('reconnect_attempt', () => {
      this.urlIndex = (this.urlIndex + 1) % this.urls.length;
      (this.socket.io as unknown as { uri: string }).uri = this.url;
    });
    this.socket.on('connect', () => void this.subscribe());
    this.socket.on('disconnect', () => (this.lostAt ??= Date.now()));
    this.socket.on('snapshot', (s: Snapshot) => {
      for (const [stream, head] of Object.entries(s.streams)) {
        if (this.subscribes > 1) {
          this.resnapshots++;
          if (head > (this.heads.get(stream) ?? 0))
            this.violations.push(`${stream}: snapshot jumped ${this.heads.get(stream)} → ${head}`);
        }
        this.heads.set(stream, head);
      }
    });
    this.socket.on('delta', (d: Delta) => {
      this.deltas++;
      const h = this.heads.get(d.stream) ?? 0;
      if (d.seq === h + 1) this.heads.set(d.stream, d.seq);
      else if (d.seq <= h) this.duplicates++;
      else {
        this.violations.push(`${d.stream}: got ${d.seq} after ${h}`);
        this.heads.set(d.stream, d.seq);
      }
    });
    this.socket.on('positions', (f: { stream: string }) => this.frames.set(f.stream, Date.now()));
  }

  get url(): string {
    return this.urls[this.urlIndex]!;
  }

  private async subscribe() {
    const since = this.heads.size ? Object.fromEntries(this.heads) : undefined;
    try {
      const ack = (await this.socket
        .timeout(10_000)
        .emitWithAck('subscribe', { scope: 'district', ...(since ? { since } : {}) })) as Ack<SubscribeAck>;
      if (!ack.ok) throw new Error(`${ack.error.reason}: ${ack.error.message}`);
      this.subscribes++;
      if (this.lostAt !== null) this.recoveries.push(Date.now() - this.lostAt);
      this.lostAt = null;
    } catch (e) {
      this.log(`wall: subscribe on ${this.url} failed: ${(e as Error).message}`);
      this.socket.disconnect().connect();
    }
  }

  close() {
    this.socket.disconnect();
  }
}
