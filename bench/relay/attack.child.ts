// Attacker process for `bench:relay -- --attack N`: N display connections re-subscribe to the
// district in a loop (no `since`, so each asks for a full snapshot), as fast as answers come back.
// This is the snapshot-amplification probe of issue 10 §4. Reports what it got: subscribes
// answered, refused (by reason), snapshots and their bytes.
import { io as ioc, type Socket } from 'socket.io-client';

interface Init {
  url: string;
  token: string;
  connections: number;
}
const send = (m: object) => process.send!(m);

process.once('message', (init: Init) => {
  let measuring = false;
  const stats = {
    subscribes: 0,
    ok: 0,
    refused: {} as Record<string, number>,
    snapshots: 0,
    snapshotBytes: 0,
    errors: 0,
  };
  let running = true;
  const sockets: Socket[] = [];
  for (let n = 0; n < init.connections; n++) {
    const socket = ioc(`${init.url}/live`, {
      auth: { token: init.token },
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 200,
    });
    sockets.push(socket);
    socket.on('snapshot', (s: unknown) => {
      if (!measuring) return;
      stats.snapshots++;
      // the size as it came over the wire, near enough (the JSON text of the message)
      stats.snapshotBytes += JSON.stringify(s).length;
    });
    const loop = async () => {
      while (running) {
        if (!socket.connected) {
          await new Promise((r) => setTimeout(r, 50));
          continue;
        }
        try {
          const a = (await socket.timeout(30_000).emitWithAck('subscribe', { scope: 'district' })) as {
            ok: boolean;
            error?: { reason: string };
          };
          if (!measuring) continue;
          stats.subscribes++;
          if (a.ok) stats.ok++;
          else stats.refused[a.error!.reason] = (stats.refused[a.error!.reason] ?? 0) + 1;
        } catch {
          if (measuring) stats.errors++;
        }
      }
    };
    socket.once('connect', () => void loop());
  }
  process.on('message', async (m: { type: string }) => {
    if (m.type === 'measure-start') {
      measuring = true;
      Object.assign(stats, { subscribes: 0, ok: 0, refused: {}, snapshots: 0, snapshotBytes: 0, errors: 0 });
    } else if (m.type === 'measure-stop') {
      measuring = false;
      send({ type: 'measured', ...stats });
    } else if (m.type === 'stop') {
      running = false;
      for (const s of sockets) s.disconnect();
      process.exit(0);
    }
  });
  send({ type: 'ready' });
});
process.on('disconnect', () => process.exit(0));
