// bench:video's server, in its own process: its RSS is then the server's alone. In the bench's
// process it also held Playwright's driver (every request the page makes becomes objects there),
// and an RSS that grew could not say whose it was.
import { startServer } from '../../test/browser/harness.ts';

export interface ServerSample {
  rssMB: number;
  heapMB: number;
  /** Buffers and other memory outside the JS heap */
  externalMB: number;
  encoders: number;
  flvClients: number;
}
export type ToServer = { type: 'sample' } | { type: 'close' };
export type FromServer =
  | { type: 'ready'; origin: string; locals: number }
  | ({ type: 'sample' } & ServerSample)
  | { type: 'error'; message: string };

const MB = 1048576;
const send = (m: FromServer) => process.send?.(m);

async function main() {
  const server = await startServer({ GRIDWALL_VIDEO_DEMO: process.argv[2] ?? '10' });
  const locals = server.app.video.catalog.locals;
  process.on('message', (m: ToServer) => {
    if (m.type === 'close') {
      void server.close().finally(() => process.exit(0));
      return;
    }
    globalThis.gc?.();
    const u = process.memoryUsage();
    send({
      type: 'sample',
      rssMB: u.rss / MB,
      heapMB: u.heapUsed / MB,
      externalMB: u.external / MB,
      encoders: locals.filter((l) => l.running).length,
      flvClients: locals.reduce((n, l) => n + l.fanout.clientCount, 0),
    });
  });
  process.on('disconnect', () => void server.close().finally(() => process.exit(0)));
  send({ type: 'ready', origin: server.origin, locals: locals.length });
}

main().catch((e) => {
  send({ type: 'error', message: (e as Error).stack ?? String(e) });
  process.exit(1);
});
