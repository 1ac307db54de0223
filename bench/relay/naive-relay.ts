// The baseline: the smallest Socket.IO relay that does the job naively. Every message a center
// sends is acked and forwarded, as it arrives, to every display. No storage, no coalescing, no
// numbering, no backpressure, no auth.
import http from 'node:http';
import { Server } from 'socket.io';

export function startNaiveRelay(): { httpServer: http.Server; close(): Promise<void> } {
  const httpServer = http.createServer();
  const io = new Server(httpServer, {
    perMessageDeflate: false,
    httpCompression: false,
    serveClient: false,
    maxHttpBufferSize: 1e6,
  });
  const live = io.of('/live');
  live.on('connection', (socket) => {
    socket.on('subscribe', (_m: unknown, ack?: (a: unknown) => void) =>
      ack?.({ ok: true, scope: 'district', streams: [], resumed: [], snapshot: [] }),
    );
  });
  io.of('/ingest').on('connection', (socket) => {
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (a: unknown) => void) : null;
      const msg = args[0] as { positions?: unknown[] };
      live.emit(event, msg);
      ack?.(
        event === 'positions'
          ? { ok: true, accepted: msg.positions?.length ?? 0 }
          : { ok: true, stream: 'naive', seq: 0, duplicate: false },
      );
    });
  });
  return {
    httpServer,
    async close() {
      io.disconnectSockets(true);
      await new Promise<void>((r) => io.close(() => r()));
    },
  };
}
