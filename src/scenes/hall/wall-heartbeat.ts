import { io, type Socket } from 'socket.io-client';
import { resolveToken } from '../../live/live-client.ts';
import type { Ack } from '../../protocol/ack.ts';
import {
  HEARTBEAT_INTERVAL_MS,
  WALL_EVENTS,
  WALL_NAMESPACE,
  type HeartbeatAck,
  type WallHeartbeat,
} from '../../protocol/wall.schema.ts';

// A kiosk wall's heartbeat to the relay's /wall namespace (socket.io multiplexes it on the live
// connection). The ack names the server's version: when it differs from the version this page was
// loaded with, the wall reloads itself (a new bundle was deployed). The last ack time is the
// wall's "last sync" for diagnostics.

export interface HeartbeatOptions {
  /** the version the page was loaded with (GET /api/version at start) */
  loadedVersion: string;
  report: () => Omit<WallHeartbeat, 'version'>;
  onNewVersion: (serverVersion: string) => void;
  url?: string;
  intervalMs?: number;
}

export class HeartbeatSender {
  private socket: Socket | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  lastAckAt: number | null = null;
  lastError: string | null = null;
  sent = 0;

  constructor(private readonly o: HeartbeatOptions) {}

  async start(): Promise<void> {
    const origin = this.o.url ?? window.location.origin;
    const { token } = await resolveToken(origin, window.location.search);
    this.socket = io(origin + WALL_NAMESPACE, { auth: { token }, transports: ['websocket'] });
    this.socket.on('connect', () => this.beat());
    this.socket.on('connect_error', (e) => (this.lastError = e.message));
    this.timer = setInterval(() => this.beat(), this.o.intervalMs ?? HEARTBEAT_INTERVAL_MS);
  }

  beat(): void {
    if (!this.socket?.connected) return;
    const msg: WallHeartbeat = { ...this.o.report(), version: this.o.loadedVersion };
    this.sent++;
    this.socket.timeout(5_000).emit(WALL_EVENTS.heartbeat, msg, (err: Error | null, ack?: Ack<HeartbeatAck>) => {
      if (err || !ack) return void (this.lastError = err?.message ?? 'no ack');
      if (!ack.ok) return void (this.lastError = ack.error.message);
      this.lastAckAt = Date.now();
      this.lastError = null;
      if (ack.serverVersion !== this.o.loadedVersion) this.o.onNewVersion(ack.serverVersion);
    });
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.socket?.disconnect();
  }
}

/** The version this page belongs to, asked once at start. */
export async function fetchServerVersion(fetchImpl: typeof fetch = fetch): Promise<string | null> {
  try {
    const res = await fetchImpl('/api/version', { cache: 'no-store' });
    return res.ok ? (((await res.json()) as { version?: string }).version ?? null) : null;
  } catch {
    return null;
  }
}
