import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack, StoredAck } from '../../src/protocol/ack.ts';
import { signToken } from './auth.ts';
import { collect, connect, report, send, until, update } from '../../test/support/relay.fixture.ts';

// kill -9 of the real relay process mid-stream, restart on the same database: every acknowledged
// event is still there, exactly once, and the live state is rebuilt from it.

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test/support/relay-process.entry.ts');
const SECRET = 'crash-test-secret-0123456789-abcdefgh';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-crash-'));
const children: ChildProcess[] = [];

function startProcess(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    env: { ...process.env, GRIDWALL_DATA_DIR: dataDir, GRIDWALL_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('relay process did not start')), 30_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.once('exit', (code) => reject(new Error(`relay process exited early (${code})`)));
  });
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('keeps every acknowledged event across kill -9 and rebuilds the state', async () => {
    const first = await startProcess();
    const tokens = {
      S01: await signToken(SECRET, { role: 'center', scope: 'S01', sub: 'c1' }),
      S02: await signToken(SECRET, { role: 'center', scope: 'S02', sub: 'c2' }),
      wall: await signToken(SECRET, { role: 'display', scope: 'district', sub: 'w' }),
    };
    const acked = new Map<string, { msg: unknown; event: string; ack: StoredAck }>();
    const sent = new Map<string, { msg: unknown; event: string }>();
    const lastStatus = new Map<string, string>();
    let stop = false;

    // two centers publish as fast as their acks come back: report, dispatch, arrive per incident
    const publisher = async (street: 'S01' | 'S02') => {
      const socket = await connect(first.url, '/ingest', tokens[street]);
      for (let n = 0; !stop && n < 400; n++) {
        const id = `${street}-crash-${n}`;
        const steps: [string, { eventId: string }, string][] = [
          ['incident:report', report(id, street), 'reported'],
          [
            'incident:update',
            update(id, { action: 'dispatch', staffIds: [street === 'S01' ? 'W1' : 'W2'] }),
            'dispatched',
          ],
          ['incident:update', update(id, { action: 'arrive' }), 'arrived'],
        ];
        for (const [event, msg, status] of steps) {
          sent.set(msg.eventId, { msg, event });
          let a: Ack<StoredAck>;
          try {
            a = (await send(socket, event, msg)) as Ack<StoredAck>;
          } catch {
            return; // the relay died under us: this one is not acknowledged
          }
          if (!a.ok) throw new Error(`refused: ${a.error.reason} ${a.error.message}`);
          acked.set(msg.eventId, { msg, event, ack: a });
          lastStatus.set(id, status);
        }
      }
    };
    const running = [publisher('S01'), publisher('S02')];
    await until(() => acked.size >= 150, 30_000, '150 acknowledged events');
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    stop = true;
    await Promise.all(running);
    // each street's acks, in the order they came back, carry unique and rising sequence numbers
    for (const s of ['S01', 'S02']) {
      const seqs = [...acked.values()].filter((a) => a.ack.stream === s).map((a) => a.ack.seq);
      expect(seqs.length, s).toBeGreaterThan(0);
      expect(seqs, s).toEqual([...seqs].sort((a, b) => a - b));
      expect(new Set(seqs).size, s).toBe(seqs.length);
    }

    const second = await startProcess();
    const centers = {
      S01: await connect(second.url, '/ingest', tokens.S01),
      S02: await connect(second.url, '/ingest', tokens.S02),
    };
    // every acknowledged event is stored: a retry is a duplicate with the very same seq
    for (const [eventId, { msg, event, ack }] of acked) {
      const street = ack.stream as 'S01' | 'S02';
      const again = await send(centers[street], event, msg);
      expect(again, eventId).toMatchObject({ ok: true, duplicate: true, stream: ack.stream, seq: ack.seq });
    }
    // events sent but never acked may or may not be stored; retrying them stores each at most once
    for (const [eventId, { msg, event }] of sent) {
      if (acked.has(eventId)) continue;
      const m = msg as { incident?: { streetId: string }; incidentId?: string };
      const s = (m.incident?.streetId ?? m.incidentId!).slice(0, 3) as 'S01' | 'S02';
      const a = await send(centers[s], event, msg);
      const b = await send(centers[s], event, msg);
      if (a.ok) expect(b).toMatchObject({ ok: true, duplicate: true, seq: (a as StoredAck & { ok: true }).seq });
    }

    // the state is rebuilt: the snapshot has every acknowledged incident at least at its acked status
    const wall = await connect(second.url, '/live', tokens.wall);
    const got = collect(wall);
    await send(wall, 'subscribe', { scope: 'district' });
    await until(() => got.snapshots.length === 1);
    const snap = got.snapshots[0]!;
    const order = ['reported', 'dispatched', 'arrived'];
    for (const [id, status] of lastStatus) {
      const i = snap.incidents.find((x) => x.id === id);
      expect(i, id).toBeDefined();
      expect(order.indexOf(i!.status), id).toBeGreaterThanOrEqual(order.indexOf(status));
    }
    const maxSeq = (s: string) =>
      Math.max(0, ...[...acked.values()].filter((a) => a.ack.stream === s).map((a) => a.ack.seq));
    for (const s of ['S01', 'S02']) expect(snap.streams[s]).toBeGreaterThanOrEqual(maxSeq(s));
    // numbering carries on after the restart, never reusing a seq
    const fresh = await send(centers.S01, 'incident:report', report('S01-after-crash'));
    expect(fresh).toMatchObject({ ok: true, seq: snap.streams.S01! + 1 });
    for (const socket of [wall, centers.S01, centers.S02]) socket.disconnect();
    second.child.kill('SIGKILL');
  }, 120_000);
});
