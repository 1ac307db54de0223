import express from 'express';
import { DISTRICT_SCOPE } from '../../src/protocol/common.schema.ts';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import { kpiQuerySchema, startOfLocalDay } from '../../src/protocol/kpi.schema.ts';
import type { Storage } from '../storage/storage.ts';
import { computeKpi, TREND_HOURS, TREND_LOOKBACK_MS } from './kpi.compute.ts';
import { viewerOf, type ViewerAuth } from './viewer.ts';

// GET /api/kpi?scope=&from=&to=: the leaders' figures from storage. Defaults: the district (or the
// token's street), today (local day) until now. A street token asking for another scope is refused.

export interface KpiDeps extends ViewerAuth {
  storage: Storage;
  now?: () => number;
  /** a wall polls this; identical questions within this window share one answer */
  cacheMs?: number;
}

const PAGE = 500;
const MAX_INCIDENTS = 200_000;

export async function readIncidents(
  storage: Storage,
  from: number,
  to: number,
  streets: string[] | undefined,
): Promise<Incident[]> {
  const out: Incident[] = [];
  let cursor: string | null = null;
  do {
    const page = await storage.queryIncidents({ from, to, streets, limit: PAGE, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && out.length < MAX_INCIDENTS);
  return out;
}

export function kpiRoutes(d: KpiDeps): express.Router {
  const router = express.Router();
  const now = d.now ?? Date.now;
  const cache = new Map<string, { at: number; body: unknown }>();
  router.get('/kpi', async (req, res, next) => {
    try {
      const viewer = await viewerOf(d, req, res);
      if (!viewer) return;
      const q = kpiQuerySchema.safeParse(req.query);
      if (!q.success)
        return res.status(400).json({
          error: 'bad-query',
          issues: q.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })),
        });
      const scope = viewer.scope !== DISTRICT_SCOPE && q.data.scope === DISTRICT_SCOPE ? viewer.scope : q.data.scope;
      if (viewer.scope !== DISTRICT_SCOPE && scope !== viewer.scope) {
        return res.status(403).json({ error: 'scope', message: `this token sees ${viewer.scope} only, not ${scope}` });
      }
      const t = now();
      const to = Math.min(q.data.to ?? t, t);
      const from = q.data.from ?? startOfLocalDay(to);
      const key = `${scope}|${from}|${q.data.to === undefined ? 'now' : to}`;
      const hit = cache.get(key);
      if (hit && t - hit.at < (d.cacheMs ?? 0)) return res.set('Cache-Control', 'no-cache').json(hit.body);
      const readFrom = Math.min(from, to - Math.max(TREND_HOURS * 3600_000, TREND_LOOKBACK_MS));
      const incidents = await readIncidents(d.storage, readFrom, to, scope === DISTRICT_SCOPE ? undefined : [scope]);
      const body = computeKpi({ scope, from, to, now: t, incidents });
      if (d.cacheMs) {
        cache.clear(); // one entry is enough: walls ask the same question
        cache.set(key, { at: t, body });
      }
      res.set('Cache-Control', 'no-cache').json(body);
    } catch (e) {
      next(e);
    }
  });
  return router;
}
