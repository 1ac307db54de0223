// One write per flush instead of one per packet. Engine.io sends a connection's queued packets in
// one `send(packets)` (whatever piled up while the previous write was in flight), but its WebSocket
// transport hands them to `ws` one by one, and each becomes a writev system call of its own. A city
// wall gets ~2,400 frames a second (1,200 binary position frames, each a text header and a binary
// attachment): those system calls were the largest single item of a relay node's CPU profile.
// Corking the TCP socket around the loop makes them one writev, with the same bytes in the same
// order; nothing waits longer than before (uncork runs before `send` returns).

interface WsTransport {
  name?: string;
  send(packets: unknown[]): void;
  socket?: { _socket?: { cork(): void; uncork(): void } };
}

const patched = new WeakSet<object>();

/**
 * Patches the class of engine.io's WebSocket transport, found on the first connection that uses it
 * (at once, or when it upgrades from polling); once per process, whichever relay sees it first.
 */
export function batchWebSocketWrites(engine: { on(ev: 'connection', fn: (conn: EngineConn) => void): unknown }) {
  engine.on('connection', (conn) => {
    patch(conn.transport);
    conn.once('upgrade', patch);
  });
}

interface EngineConn {
  transport: WsTransport;
  once(ev: 'upgrade', fn: (t: WsTransport) => void): unknown;
}

function patch(t: WsTransport) {
  if (t?.name !== 'websocket') return;
  const proto = Object.getPrototypeOf(t) as WsTransport;
  if (patched.has(proto) || typeof proto.send !== 'function') return;
  patched.add(proto);
  const send = proto.send;
  proto.send = function (this: WsTransport, packets: unknown[]) {
    const raw = packets.length > 1 ? this.socket?._socket : undefined;
    if (!raw || typeof raw.cork !== 'function') return send.call(this, packets);
    raw.cork();
    try {
      send.call(this, packets);
    } finally {
      raw.uncork();
    }
  };
}
