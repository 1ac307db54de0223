// Shared by the relay's tests: a real relay on an ephemeral 127.0.0.1 port, real socket.io clients.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { io as ioc, type Socket as ClientSocket } from 'socket.io-client';
import type { Ack } from '../../src/protocol/ack.ts';
import type { TokenClaims } from '../../src/protocol/events.ts';
import type { Delta, Feeds, Snapshot } from '../../src/protocol/live.schema.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { DistrictStore } from '../../server/http/district-store.ts';
import type { Storage } from '../../server/storage/storage.ts';
import type { RelayOptions } from '../../server/relay/context.ts';
import { createRelay, type Relay } from '../../server/relay/relay.ts';

export const SECRET = 'test-secret-0123456789-abcdefghijklmnop';

/** A tiny district: streets S01, S02; staff W1 (S01), W2 (S02); cameras C1 (S01), C2 (S02); grid S01-C01-G01. */
export function fixtureDistrict(): DistrictStore {
  const streets = ['S01', 'S02'].map((id) => [id, { id, level: 'street' }] as const);
  return {
    loaded: true,
    streetIds: ['S01', 'S02'],
    streetById: new Map(streets),
    gridById: new Map([['S01-C01-G01', { id: 'S01-C01-G01', streetId: 'S01' }]]),
    staffById: new Map([
      ['W1', { id: 'W1', streetId: 'S01' }],
      ['W2', { id: 'W2', streetId: 'S02' }],
    ]),
    cameraById: new Map([
      ['C1', { id: 'C1', streetId: 'S01' }],
      ['C2', { id: 'C2', streetId: 'S02' }],
    ]),
    staff: [],
    cameras: [],
  } as unknown as DistrictStore;
}

export interface TestRelay {
  url: string;
  relay: Relay;
  config: Config;
  clock: { offset: number };
  token(claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>, ttlS?: number): Promise<string>;
  close(): Promise<void>;
}

export async function startRelay(
  o: {
    secret?: string | null;
    district?: DistrictStore;
    options?: Partial<RelayOptions>;
    dataDir?: string;
    storage?: Storage;
    onFatal?: (e: unknown) => void;
    config?: Partial<Config>;
  } = {},
): Promise<TestRelay> {
  const dataDir = o.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-relay-'));
  const base = loadConfig({ GRIDWALL_DATA_DIR: dataDir });
  const config: Config = {
    ...base,
    port: 0,
    secret: o.secret === undefined ? SECRET : o.secret,
    simulate: false,
    ...o.config,
  };
  const app = express();
  const httpServer = http.createServer(app);
  const clock = { offset: 0 };
  const relay = await createRelay({
    httpServer,
    app,
    config,
    district: o.district ?? fixtureDistrict(),
    now: () => Date.now() + clock.offset,
    options: { commitIntervalMs: 2, frameIntervalMs: 100, timingIntervalMs: 50, ...o.options },
    log: () => {},
    storage: o.storage,
    onFatal:
      o.onFatal ??
      ((e) => {
        throw e;
      }),
  });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', () => r()));
  const port = (httpServer.address() as { port: number }).port;
  const clients: ClientSocket[] = [];
  trackClients.set(`http://127.0.0.1:${port}`, clients);
  return {
    url: `http://127.0.0.1:${port}`,
    relay,
    config,
    clock,
    token: (c, ttlS) =>
      relay.signToken(
        { scope: c.role === 'center' ? 'S01' : 'district', sub: `${c.role}-test`, ...c } as TokenClaims,
        ttlS,
      ),
    async close() {
      for (const c of clients) c.disconnect();
      await relay.close();
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
      if (!o.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const trackClients = new Map<string, ClientSocket[]>();

/** Connects and resolves once connected, or rejects with the connect_error message. */
export function connect(
  url: string,
  nsp: '/ingest' | '/live',
  token: string | undefined,
  extra: Record<string, unknown> = {},
): Promise<ClientSocket> {
  const socket = ioc(url + nsp, {
    auth: token === undefined ? {} : { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...extra,
  });
  trackClients.get(url)?.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.disconnect();
      reject(e);
    });
  });
}

export function send<T extends object = object>(socket: ClientSocket, event: string, msg: unknown): Promise<Ack<T>> {
  return socket.timeout(10_000).emitWithAck(event, msg) as Promise<Ack<T>>;
}

/** Collects what a /live client receives. */
export function collect(socket: ClientSocket) {
  const got = {
    deltas: [] as Delta[],
    snapshots: [] as Snapshot[],
    frames: [] as { stream: string; rows: unknown[][] }[],
    notices: [] as unknown[],
    feeds: [] as Feeds[],
  };
  socket.on('delta', (d: Delta) => got.deltas.push(d));
  socket.on('snapshot', (s: Snapshot) => got.snapshots.push(s));
  socket.on('positions', (f: { stream: string; rows: unknown[][] }) => got.frames.push(f));
  socket.on('notice', (n: unknown) => got.notices.push(n));
  socket.on('feeds', (f: Feeds) => got.feeds.push(f));
  return got;
}

/** Polls until `check` holds (bounded: throws after `ms`). No timing is asserted, only the outcome. */
export async function until(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let n = 0;
export const eid = (p = 'e') => `${p}-${process.pid}-${++n}`;

export function report(id: string, streetId = 'S01', extra: Record<string, unknown> = {}) {
  return { eventId: eid('r'), incident: { id, streetId, category: 'noise', title: `噪音 ${id}`, ...extra } };
}
export function update(incidentId: string, step: Record<string, unknown>) {
  return { eventId: eid('u'), incidentId, step };
}
