import express from 'express';
import { z } from 'zod';
import { DISTRICT_SCOPE } from '../../src/protocol/common.schema.ts';
import { INCIDENT_STATUSES } from '../../src/protocol/incident.schema.ts';
import type { Storage } from '../storage/storage.ts';
import { tokenFromRequest, verifyToken, type VerifiedClaims } from './auth.ts';
import type { RelayMetrics } from './metrics.ts';
import { methodNotAllowed, singleQueryValues } from '../http/http-errors.ts';
import { PerKeyLimiter } from './rate-limit.ts';

// HTTP side of the relay: incidents (history and lifecycle, from storage), the demo session and
// the Prometheus scrape.

const list = (s: unknown) =>
  typeof s === 'string' && s.length
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined;
const time = z.union([
  z.coerce.number().int().nonnegative(),
  z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
]);
const querySchema = z.object({
  status: z.preprocess(list, z.array(z.enum(INCIDENT_STATUSES)).max(6).optional()),
  street: z.preprocess(list, z.array(z.string().max(64)).max(100).optional()),
  from: time.optional(),
  to: time.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});

export interface HttpDeps {
  storage: Storage;
  metrics: RelayMetrics;
  secret: string;
  demo: boolean;
  /** the token GET /api/session hands out in demo mode */
  demoDisplayToken: string | null;
  /** GET /api/session per client address: [sustained per minute, burst] */
  sessionRate?: [number, number];
}

export function relayRoutes(d: HttpDeps): express.Router {
  const router = express.Router();
  router.use(singleQueryValues);
  // a wall asks once per page load; a loop asking for tokens is someone collecting them
  const [perMin, burst] = d.sessionRate ?? [10, 20];
  const sessions = new PerKeyLimiter(perMin / 60, burst);

  /** Demo mode lets anyone read as the district display; otherwise a display/officer/admin token. */
  const who = async (req: express.Request, res: express.Response): Promise<VerifiedClaims | null> => {
    const token = tokenFromRequest(req);
    if (!token && d.demo) return { role: 'display', scope: DISTRICT_SCOPE, sub: 'demo', exp: 0 };
    try {
      const c = await verifyToken(d.secret, token);
      if (c.role === 'center') throw new Error('center tokens publish, they do not read');
      return c;
    } catch (e) {
      d.metrics.rejections.inc({ reason: 'unauthorized' });
      res.status(401).json({ error: 'unauthorized', message: (e as Error).message });
      return null;
    }
  };

  router.get('/session', (req, res) => {
    if (!sessions.take(req.socket.remoteAddress ?? '?')) {
      d.metrics.rejections.inc({ reason: 'rate' });
      return res
        .set('Retry-After', String(Math.ceil(60 / perMin)))
        .status(429)
        .json({ error: 'rate', message: 'too many session requests; retry later' });
    }
    if (!d.demo || !d.demoDisplayToken) {
      return res.status(401).json({
        error: 'token-required',
        message: 'open the wall with ?token=<display token> (npm run token -- --role display)',
      });
    }
    res
      .set('Cache-Control', 'no-store')
      .json({ token: d.demoDisplayToken, role: 'display', scope: DISTRICT_SCOPE, demo: true });
  });

  router.get('/incidents', async (req, res) => {
    const c = await who(req, res);
    if (!c) return;
    const q = querySchema.safeParse(req.query);
    if (!q.success) return res.status(400).json({ error: 'bad-query', issues: q.error.issues.slice(0, 10) });
    let streets = q.data.street;
    if (c.scope !== DISTRICT_SCOPE) {
      if (streets && !streets.includes(c.scope)) return res.json({ items: [], nextCursor: null });
      streets = [c.scope];
    }
    const page = await d.storage.queryIncidents({ ...q.data, streets, cursor: q.data.cursor ?? null });
    res.set('Cache-Control', 'no-cache').json(page);
  });

  router.get('/incidents/:id', async (req, res) => {
    const c = await who(req, res);
    if (!c) return;
    const found = await d.storage.getIncident(String(req.params.id));
    if (!found || (c.scope !== DISTRICT_SCOPE && found.incident.streetId !== c.scope)) {
      return res.status(404).json({ error: 'not-found', message: `no incident ${req.params.id}` });
    }
    res.set('Cache-Control', 'no-cache').json(found);
  });

  for (const p of ['/session', '/incidents', '/incidents/:id']) router.all(p, methodNotAllowed('GET'));

  return router;
}

export function metricsRoute(metrics: RelayMetrics): express.RequestHandler {
  return async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}
