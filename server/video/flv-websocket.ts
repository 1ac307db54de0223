import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { VIDEO_TOKEN_QUERY } from '../../src/protocol/video.schema.ts';
import { MAX_CLIENT_BACKLOG } from './flv-fanout.ts';

// /video/<camera>/live.flv over WebSocket, for walls. A browser gives one HTTP/1.1 origin six
// connections, and a live FLV download holds one for as long as the tile plays: six FLV tiles
// stopped every tile, API and HLS request of the page (measured in Chromium: 0 of 20 fetches in
// 5 s with 6 or 9 streams open; 20 of 20 over WebSocket). WebSockets do not count against that
// pool, and mpegts.js reads FLV from ws:// as ZLMediaKit's ws-flv serves it.
//
// The socket fetches the same stream from the HTTP route on its own server's address, so scope,
// tokens, local or upstream streams, the viewer cap and fault reports stay in one place.

const PATH = /^\/video\/([^/?#]+)\/live\.flv(?:\?.*)?$/;
/** close codes: 4000 + the HTTP status the route answered (4401, 4403, 4404, 4503...) */
export const closeCodeFor = (status: number) => 4000 + Math.min(Math.max(status, 100), 999);

export interface FlvWebSocket {
  /** ends every socket and its upstream fetch (before the HTTP server closes) */
  close(): void;
}

export function attachFlvWebSocket(server: http.Server): FlvWebSocket {
  // a viewer sends nothing: anything beyond a tiny frame is not a wall
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 1024 });
  const fetches = new Set<http.ClientRequest>();
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    // anything else is Socket.IO's (or refused by it)
    if (!req.url || !PATH.test(req.url)) return;
    wss.handleUpgrade(req, socket, head, (ws) => pipeStream(ws, req));
  };
  server.on('upgrade', onUpgrade);

  function pipeStream(ws: WebSocket, req: http.IncomingMessage) {
    const url = new URL(req.url!, 'http://local');
    const token = url.searchParams.get(VIDEO_TOKEN_QUERY) ?? '';
    const fetch = http.get(
      {
        host: req.socket.localAddress,
        port: req.socket.localPort,
        path: url.pathname,
        headers: { authorization: `Bearer ${token}`, accept: 'video/x-flv' },
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body = (body + c).slice(0, 2048)));
          res.on('end', () => ws.close(closeCodeFor(res.statusCode ?? 502), reasonOf(body)));
          return;
        }
        res.on('data', (chunk: Buffer) => {
          if (ws.readyState !== ws.OPEN) return;
          // a wall further behind than the fanout lets an HTTP client fall is cut the same way
          if (ws.bufferedAmount > MAX_CLIENT_BACKLOG) {
            ws.terminate();
            return;
          }
          ws.send(chunk, { binary: true });
        });
        res.on('end', () => ws.close(1000, 'stream ended'));
        res.on('error', () => ws.terminate());
      },
    );
    fetches.add(fetch);
    fetch.on('error', () => ws.close(1011, 'stream unavailable'));
    fetch.on('close', () => fetches.delete(fetch));
    ws.on('close', () => fetch.destroy());
    ws.on('error', () => fetch.destroy());
    // a viewer that sends is not a viewer
    ws.on('message', () => ws.close(1008, 'this socket only sends'));
  }

  return {
    close() {
      server.off('upgrade', onUpgrade);
      for (const ws of wss.clients) ws.terminate();
      for (const f of fetches) f.destroy();
      wss.close();
    },
  };
}

/** the route's JSON message, cut to what a close frame carries (123 bytes) */
function reasonOf(body: string): string {
  let msg = 'refused';
  try {
    const j = JSON.parse(body) as { error?: unknown; message?: unknown };
    msg = typeof j.message === 'string' ? j.message : typeof j.error === 'string' ? j.error : msg;
  } catch {
    // not JSON: the status code says enough
  }
  let out = msg;
  while (Buffer.byteLength(out) > 120) out = out.slice(0, -1);
  return out;
}
