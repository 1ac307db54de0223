import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { fail, type Ack, type RejectReason } from '../../src/protocol/ack.ts';
import type { RelayMetrics } from './metrics.ts';
import { AbuseCounter, TokenBucket } from './rate-limit.ts';

// One inbound path per connection: every event is rate-limited, validated and answered through its
// ack, known or not. Handler errors never escape to the process.

export interface Route<S extends z.ZodType = z.ZodType> {
  schema: S;
  /** bucket tokens this event costs (a big batch costs more) */
  cost?: (msg: z.infer<S>) => number;
  handle: (msg: z.infer<S>) => Promise<Ack<object> | Responder> | Ack<object> | Responder;
}
/** A reply that must send its ack and follow-up emits in one synchronous step. */
export type Responder = (send: (a: Ack<object>) => void) => void;

export const route = <S extends z.ZodType>(r: Route<S>): Route => r as unknown as Route;

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

export function attachRouter(socket: Socket, routes: Record<string, Route>, o: RouterOptions) {
  const refused = (reason: RejectReason) => {
    o.metrics.rejections.inc({ reason });
    const cut = ABUSIVE.has(reason) ? o.abuse.hit() : reason === 'rate' ? o.flood.hit() : false;
    if (cut && socket.connected) {
      o.metrics.rejections.inc({ reason: 'abuse-disconnect' });
      socket.emit('notice', { kind: 'abuse', message: 'too many refused messages; disconnected' });
      socket.disconnect(true);
    }
  };
  socket.onAny((event: unknown, ...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (args.pop() as (a: Ack<object>) => void) : null;
    const reply = (a: Ack<object>) => {
      if (!a.ok) refused(a.error.reason);
      if (ack && socket.connected) ack(a);
    };
    const name = String(event);
    const r = Object.hasOwn(routes, name) ? routes[name] : undefined;
    if (!r) return reply(fail('unknown-event', `no event "${name.slice(0, 64)}" on ${o.namespace}`));
    if (!ack) return reply(fail('schema', 'every event needs an ack callback'));
    if (!o.bucket.take(1)) return reply(fail('rate', 'rate limit: slow down and retry later'));
    if (args.length !== 1) return reply(fail('schema', 'exactly one message object expected'));
    const parsed = r.schema.safeParse(args[0]);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => ({
        path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
        message: i.message,
      }));
      return reply(fail('schema', `invalid ${name} message`, issues));
    }
    const extra = r.cost ? r.cost(parsed.data) - 1 : 0;
    if (extra > 0 && !o.bucket.take(extra)) return reply(fail('rate', 'rate limit: slow down and retry later'));
    o.metrics.eventsIn.inc({ type: name });
    Promise.resolve()
      .then(() => r.handle(parsed.data))
      .then((res) => (typeof res === 'function' ? res(reply) : reply(res)))
      .catch((err: unknown) => {
        o.log(`relay: ${o.namespace} ${name} failed: ${(err as Error)?.stack ?? err}`);
        reply(fail('unavailable', 'internal error'));
      });
  });
}
