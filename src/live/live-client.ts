// The wall's connection to the relay's /live namespace (browser, and Node for tests): token, subscribe,
// resume with the last numbers after any drop, everything fed into the live store. Renderers never
// see socket events: they subscribe to the store's per-frame signals and read the models.
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { Ack, StoredAck } from '../protocol/ack.ts';
import { DISTRICT_SCOPE, type Role } from '../protocol/common.schema.ts';
import {
  LIVE_EVENTS,
  NAMESPACES,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '../protocol/events.ts';
import type { ActMessage } from '../protocol/incident.schema.ts';
import type { SubscribeAck } from '../protocol/live.schema.ts';
import {
  createLiveStore,
  handleNotice,
  markConnected,
  markDisconnected,
  markSubscribed,
  tickStore,
  type LiveStore,
  type LiveStoreOptions,
} from './live-store.ts';
import { handleDelta, handlePositions, handleSnapshot } from './live-messages.ts';
import { handleFeeds } from './live-feeds.ts';
import { onSubscribeRefused, planScope } from './live-scope.ts';

type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

export interface TokenClaimsView {
  role: Role | null;
  scope: string | null;
  sub: string | null;
  exp: number | null;
}

/**
 * Reads a JWT's claims WITHOUT verifying it: only to decide what the UI offers (the dispatch
 * button). The relay verifies every token and refuses what the role may not do.
 */
export function readTokenClaims(token: string): TokenClaimsView {
  const none = { role: null, scope: null, sub: null, exp: null };
  try {
    const part = token.split('.')[1];
    if (!part) return none;
    const b64 = part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '=');
    const json = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)))) as Record<
      string,
      unknown
    >;
    const str = (v: unknown) => (typeof v === 'string' ? v : null);
    const role = str(json.role);
    return {
      role: role === 'center' || role === 'display' || role === 'officer' || role === 'admin' ? role : null,
      scope: str(json.scope),
      sub: str(json.sub),
      exp: typeof json.exp === 'number' ? json.exp : null,
    };
  } catch {
    return none;
  }
}

export interface TokenSource {
  token: string;
  /** 'query': from ?token=; 'session': from GET /api/session (demo mode), refreshable. */
  from: 'query' | 'session' | 'given';
}

/** `?token=` wins; otherwise the demo session endpoint (401 when a secret is configured). */
export async function resolveToken(
  baseUrl: string,
  search = '',
  fetchImpl: typeof fetch = fetch,
): Promise<TokenSource> {
  const fromQuery = new URLSearchParams(search).get('token');
  if (fromQuery) return { token: fromQuery, from: 'query' };
  const res = await fetchImpl(`${baseUrl}/api/session`, { headers: { accept: 'application/json' }, cache: 'no-store' });
  const body = (await res.json().catch(() => null)) as { token?: unknown; message?: unknown } | null;
  if (!res.ok || typeof body?.token !== 'string') {
    throw new Error(typeof body?.message === 'string' ? body.message : `GET /api/session: ${res.status}`);
  }
  return { token: body.token, from: 'session' };
}

/**
 * `?relay=http://a:8080,http://b:8081`: the relay nodes this wall may use (docs/adr/0006). Empty
 * when absent: the wall's own origin is its one relay.
 */
export function relayUrlsFrom(search: string): string[] {
  const raw = new URLSearchParams(search).get('relay') ?? '';
  return raw
    .split(',')
    .map((u) => u.trim().replace(/\/$/, ''))
    .filter((u) => /^https?:\/\/[^/]+$/.test(u));
}

export interface LiveClientOptions {
  /** Origin of the server; the browser's own origin by default. */
  url?: string;
  /**
   * Several relay nodes (default: `?relay=`): the wall starts on the first and moves to the next on
   * every reconnection attempt, then resumes its streams there with the numbers it holds.
   */
  urls?: string[];
  /** A token to use as is; otherwise resolveToken(url, location.search). */
  token?: string;
  /** What to subscribe to; by default what the token allows (live-scope.ts: its street, or the district). */
  scope?: string;
  store?: LiveStore;
  storeOptions?: Omit<LiveStoreOptions, 'onResync'>;
  /** The local clock; the renderer must call sample() with the same one (client.now()). */
  now?: () => number;
  tickMs?: number;
  ackTimeoutMs?: number;
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
  fetch?: typeof fetch;
}

export interface LiveClient {
  readonly store: LiveStore;
  readonly now: () => number;
  readonly claims: TokenClaimsView;
  /** the token in use (null before connect): the video proxy checks the same one */
  readonly token: string | null;
  readonly scope: string;
  /** Why the relay refused the last subscription (null: it did not), for the badge and ?diag=1. */
  readonly refusal: string | null;
  readonly socket: LiveSocket | null;
  /** Resolves the token and opens the socket; rejects only when no token can be had. */
  connect(): Promise<void>;
  /** Replaces the subscription (resuming from the numbers held). */
  subscribe(scope: string): void;
  /** Sends an officer action and waits for the relay's ack (retried with the same requestId). */
  act(msg: ActMessage): Promise<Ack<StoredAck>>;
  close(): void;
}

/** Monotonic, epoch-based: safe to compare with itself across a system clock change. */
const monotonicNow = () => performance.timeOrigin + performance.now();

export function createLiveClient(opts: LiveClientOptions = {}): LiveClient {
  const loc = (globalThis as { location?: { origin: string; search: string } }).location;
  const url = opts.url ?? loc?.origin ?? 'http://127.0.0.1';
  const now = opts.now ?? monotonicNow;
  const ackTimeoutMs = opts.ackTimeoutMs ?? 10_000;
  let socket: LiveSocket | null = null;
  let source: TokenSource | null = opts.token ? { token: opts.token, from: 'given' } : null;
  let scope = opts.scope ?? (source ? planScope(readTokenClaims(source.token)).subscribe : DISTRICT_SCOPE);
  let refusal: string | null = null;
  let closed = false;
  let tick: ReturnType<typeof setInterval> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempts = 0;
  const nodes = opts.urls?.length ? opts.urls : relayUrlsFrom(loc?.search ?? '');
  let node = 0;
  /** Points the socket at the next relay node: the Manager reads its uri on every (re)connection. */
  const nextNode = () => {
    if (nodes.length < 2 || !socket) return;
    node = (node + 1) % nodes.length;
    (socket.io as unknown as { uri: string }).uri = nodes[node]!;
  };

  const sendSubscribe = () => {
    if (!socket?.connected) return;
    const since = store.tracker.since();
    // binary: positions as typed-array frames and the snapshot packed (src/live/binary-frames.ts)
    const msg = Object.keys(since).length ? { scope, since, binary: true } : { scope, binary: true };
    socket.timeout(ackTimeoutMs).emit(LIVE_EVENTS.subscribe, msg, (err: Error | null, ack?: Ack<SubscribeAck>) => {
      if (err || !ack) {
        note(`subscribe: ${err?.message ?? 'no ack'}`);
        if (!closed && socket?.connected) setTimeout(sendSubscribe, 1000);
        return;
      }
      if (!ack.ok) {
        note(`subscribe refused: ${ack.error.reason} ${ack.error.message}`);
        if (ack.error.reason !== 'scope') return;
        // never silent: say why, and fall back to what the token allows
        const r = onSubscribeRefused(client.claims, scope, ack.error.message);
        refusal = r.message;
        store.signals.markDirty('connection');
        if (r.fallback) {
          scope = r.fallback;
          sendSubscribe();
        }
        return;
      }
      attempts = 0;
      markSubscribed(store, ack.streams, ack.resumed, now());
    });
  };
  const note = (msg: string) => {
    store.lastErrors.push(msg);
    if (store.lastErrors.length > 20) store.lastErrors.shift();
    store.signals.markDirty('connection');
  };

  const store = opts.store ?? createLiveStore({ ...opts.storeOptions, onResync: () => sendSubscribe() });
  if (opts.store) store.opts.onResync = () => sendSubscribe();

  /** Manual reconnects: socket.io gives up on refused handshakes and server-side disconnects. */
  const scheduleReconnect = (refreshToken: boolean) => {
    if (closed || retryTimer) return;
    const delay = Math.min(30_000, 1000 * 2 ** Math.min(attempts++, 5)) * (0.75 + Math.random() * 0.5);
    retryTimer = setTimeout(async () => {
      retryTimer = null;
      if (closed || !socket) return;
      if (refreshToken && source?.from === 'session') {
        try {
          source = await resolveToken(url, '', opts.fetch ?? fetch);
          socket.auth = { token: source.token };
        } catch (e) {
          note(`session: ${(e as Error).message}`);
        }
      }
      nextNode();
      socket.connect();
    }, delay);
  };

  const open = (token: string) => {
    // another node is another origin: WebSocket only (no long-polling, so no CORS, no sticky sessions)
    const multi: Partial<ManagerOptions & SocketOptions> =
      nodes.length > 1 ? { transports: ['websocket'], reconnectionDelayMax: 5_000 } : {};
    const s: LiveSocket = io(`${nodes[0] ?? url}${NAMESPACES.live}`, {
      auth: { token },
      reconnectionDelayMax: 10_000,
      ...multi,
      ...opts.socketOptions,
    });
    socket = s;
    s.io.on('reconnect_attempt', nextNode);
    s.on('connect', () => {
      markConnected(store);
      sendSubscribe();
    });
    s.on('disconnect', (reason) => {
      markDisconnected(store, now());
      // The server cut us (slow client, shutdown, token check): socket.io will not come back by itself.
      if (reason === 'io server disconnect') scheduleReconnect(true);
    });
    s.on('connect_error', (err) => {
      note(`connect: ${err.message}`);
      if (!s.active) scheduleReconnect(err.message.startsWith('unauthorized'));
    });
    s.on(LIVE_EVENTS.snapshot, (snap) => handleSnapshot(store, snap, now()));
    s.on(LIVE_EVENTS.delta, (d) => handleDelta(store, d, now()));
    s.on(LIVE_EVENTS.positions, (f) => handlePositions(store, f, now()));
    s.on(LIVE_EVENTS.feeds, (f) => handleFeeds(store, f, now()));
    s.on(LIVE_EVENTS.notice, (n) => {
      handleNotice(store, n);
      if ((n as { kind?: unknown })?.kind === 'token-expired') scheduleReconnect(true);
    });
    tick = setInterval(() => tickStore(store, now()), opts.tickMs ?? 1000);
  };

  const client: LiveClient = {
    store,
    now,
    get claims() {
      return source ? readTokenClaims(source.token) : { role: null, scope: null, sub: null, exp: null };
    },
    get token() {
      return source?.token ?? null;
    },
    get scope() {
      return scope;
    },
    get refusal() {
      return refusal;
    },
    get socket() {
      return socket;
    },
    async connect() {
      if (socket || closed) return;
      if (!source) {
        source = await resolveToken(url, loc?.search ?? '', opts.fetch ?? fetch);
        if (opts.scope === undefined) scope = planScope(readTokenClaims(source.token)).subscribe;
      }
      if (closed) return;
      open(source.token);
    },
    subscribe(next) {
      scope = next;
      sendSubscribe();
    },
    act(msg) {
      return emitActWithRetry(() => socket, msg, ackTimeoutMs);
    },
    close() {
      closed = true;
      if (tick) clearInterval(tick);
      if (retryTimer) clearTimeout(retryTimer);
      socket?.removeAllListeners();
      socket?.disconnect();
      markDisconnected(store, now());
    },
  };
  return client;
}

/** Up to three tries with the same requestId: the relay stores the action once and says duplicate. */
async function emitActWithRetry(
  getSocket: () => LiveSocket | null,
  msg: ActMessage,
  timeoutMs: number,
): Promise<Ack<StoredAck>> {
  let lastError = 'not connected';
  for (let attempt = 0; attempt < 3; attempt++) {
    const s = getSocket();
    if (s?.connected) {
      try {
        return await s.timeout(timeoutMs).emitWithAck(LIVE_EVENTS.act, msg);
      } catch (e) {
        lastError = (e as Error).message;
      }
    }
    await new Promise((r) => setTimeout(r, 500 * (attempt + 1)));
  }
  return { ok: false, error: { reason: 'unavailable', message: `no answer from the relay (${lastError})` } };
}
