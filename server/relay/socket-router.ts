import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { fail, type Ack, type RejectReason } from '../../src/protocol/ack.ts';
import type { RelayMetrics } from './metrics.ts';
import { AbuseCounter, TokenBucket } from './rate-limit.ts';

// One inbound path per connection: every event is rate-limited, validated and answered through its
// ack, known or not. Handler errors never escape to the process.
//
// Handlers are typed by the namespace's event map (src/protocol/events.ts): `router.on(event, …)`
// accepts only an event of that map, a schema that accepts the map's message, and a handler whose
// reply is the map's ack. What arrives on the wire is still untrusted: the schema, not the type,
// decides whether a message is handled.

// Socket.IO's own constraint on event maps (not exported from the package root): any-valued, so
// that declared interfaces fit it.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventsMap = Record<string, any>;

/** A reply that must send its ack and follow-up emits in one synchronous step. */
export type Responder<A extends object = object> = (send: (a: Ack<A>) => void) => void;
export type Reply<A extends object> = Ack<A> | Responder<A>;

/** `(msg, ack) => void` in an event map: the message a client sends. */
type MessageOf<F> = F extends (msg: infer M, ack: never) => void ? M : never;
/** `(msg, ack) => void` in an event map: what the relay acks with on success. */
type AckOf<F> = F extends (msg: never, ack: (a: Ack<infer A>) => void) => void ? A : never;

export interface Route<S extends z.ZodType, A extends object> {
  schema: S;
  /** bucket tokens this event costs (a big batch costs more) */
  cost?: (msg: z.output<S>) => number;
  /** this event's own budget instead of the connection's (a stream of poses must not starve heartbeats) */
  bucket?: TokenBucket;
  handle: (msg: z.output<S>) => Reply<A> | Promise<Reply<A>>;
}

export interface Router<L extends EventsMap> {
  /**
   * Registers the handler of one event of the namespace. The schema must accept the message the
   * event map declares (a schema stricter than the map is a compile error, not a runtime surprise).
   */
  on<E extends keyof L & string, S extends z.ZodType>(
    event: E,
    route: MessageOf<L[E]> extends z.input<S> ? Route<S, AckOf<L[E]>> : never,
  ): void;
}

export interface RouterOptions {
  namespace: string;
  metrics: RelayMetrics;
  bucket: TokenBucket;
  abuse: AbuseCounter;
  /** rate refusals have their own, larger allowance: a burst after an outage is not malice */
  flood: AbuseCounter;
  log: (msg: string) => void;
}

/** Refusals that only a broken or hostile client earns (a lost race on a transition does not). */
const ABUSIVE: ReadonlySet<RejectReason> = new Set(['schema', 'scope', 'unknown-event']);

type AckFn = (a: Ack<object>) => void;
type Listener = (...args: unknown[]) => void;

// Socket.IO's typed `on` wants the map's listener; ours takes the raw wire arguments on purpose.
interface UntypedOn {
  on(event: string, listener: Listener): unknown;
  onAny(listener: Listener): unknown;
}

export function createRouter<L extends EventsMap>(
  socket: Socket<L, EventsMap, EventsMap, unknown>,
  o: RouterOptions,
): Router<L> {
  const wire = socket as unknown as UntypedOn;
  const known = new Set<string>();

  const refused = (reason: RejectReason) => {
    o.metrics.rejections.inc({ reason });
    const cut = ABUSIVE.has(reason) ? o.abuse.hit() : reason === 'rate' ? o.flood.hit() : false;
    if (cut && socket.connected) {
      o.metrics.rejections.inc({ reason: 'abuse-disconnect' });
      (socket as unknown as Socket).emit('notice', {
        kind: 'abuse',
        message: 'too many refused messages; disconnected',
      });
      socket.disconnect(true);
    }
  };
  const replier = (args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (args.pop() as AckFn) : null;
    const reply = (a: Ack<object>) => {
      if (!a.ok) refused(a.error.reason);
      if (ack && socket.connected) ack(a);
    };
    return { ack, reply };
  };

  // Only the refusal of events the namespace does not have: every known event has its own listener.
  wire.onAny((event: unknown, ...args: unknown[]) => {
    const name = String(event);
    if (known.has(name)) return;
    replier(args).reply(fail('unknown-event', `no event "${name.slice(0, 64)}" on ${o.namespace}`));
  });

  return {
    on(event, route) {
      const r = route as Route<z.ZodType, object>;
      const bucket = r.bucket ?? o.bucket;
      known.add(event);
      wire.on(event, (...args: unknown[]) => {
        const { ack, reply } = replier(args);
        if (!ack) return reply(fail('schema', 'every event needs an ack callback'));
        if (!bucket.take(1)) return reply(fail('rate', 'rate limit: slow down and retry later'));
        if (args.length !== 1) return reply(fail('schema', 'exactly one message object expected'));
        const parsed = r.schema.safeParse(args[0]);
        if (!parsed.success) {
          const issues = parsed.error.issues.slice(0, 10).map((i) => ({
            path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
            message: i.message,
          }));
          return reply(fail('schema', `invalid ${event} message`, issues));
        }
        const extra = r.cost ? r.cost(parsed.data) - 1 : 0;
        if (extra > 0 && !bucket.take(extra)) return reply(fail('rate', 'rate limit: slow down and retry later'));
        o.metrics.eventsIn.inc({ type: event });
        Promise.resolve()
          .then(() => r.handle(parsed.data))
          .then((res) => (typeof res === 'function' ? res(reply) : reply(res)))
          .catch((err: unknown) => {
            o.log(`relay: ${o.namespace} ${event} failed: ${(err as Error)?.stack ?? err}`);
            reply(fail('unavailable', 'internal error'));
          });
      });
    },
  };
}

/** The router's limits for one connection: a token bucket plus the two abuse counters. */
export function connectionLimits(rate: readonly [number, number], abuseLimit: number) {
  return {
    bucket: new TokenBucket(rate[0], rate[1]),
    abuse: new AbuseCounter(abuseLimit, 10_000),
    flood: new AbuseCounter(abuseLimit * 20, 10_000),
  };
}
