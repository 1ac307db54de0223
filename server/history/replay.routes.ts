// GET /api/replay?scope=&from=&to= (issue 13): one replay window as a binary chunk
// (src/protocol/replay.codec.ts), checked against the viewer's token like the live feed: a street
// token replays its own street and nothing else. Windows are at most 24 hours and must lie within
// the kept history.
import zlib from 'node:zlib';
import express from 'express';
import { DISTRICT_SCOPE } from '../../src/protocol/common.schema.ts';
import type { Incident } from '../../src/protocol/incident.schema.ts';
import { encodeReplay } from '../../src/protocol/replay.codec.ts';
import { methodNotAllowed } from '../http/http-errors.ts';
import { viewerOf, type ViewerAuth } from '../kpi/viewer.ts';
import type { Storage } from '../storage/storage.ts';
import type { HistoryStore } from './history.store.ts';

export const MAX_WINDOW_MS = 24 * 3_600_000;

export interface ReplayDeps extends ViewerAuth {
  history: HistoryStore;
  storage: Storage;
  streetIds: () => readonly string[];
  retentionMs: number;
  now: () => number;
}

type Parsed = { scope: string; from: number; to: number; track: boolean } | { error: string };

/** The query, checked: one value per parameter, times as epoch ms, a window the history can hold. */
export function parseReplayQuery(
  q: Record<string, unknown>,
  tokenScope: string,
  streetIds: readonly string[],
  now: number,
  retentionMs: number,
): Parsed {
  for (const [k, v] of Object.entries(q)) if (Array.isArray(v)) return { error: `?${k} given more than once` };
  const num = (v: unknown, dflt: number) => (v === undefined ? dflt : /^\d{10,14}$/.test(String(v)) ? Number(v) : NaN);
  const to = num(q.to, now);
  const from = num(q.from, to - 3_600_000);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return { error: 'from and to are epoch milliseconds' };
  if (from >= to) return { error: 'from must be before to' };
  if (to - from > MAX_WINDOW_MS) return { error: 'a replay window is at most 24 hours' };
  if (from < now - retentionMs)
    return { error: `history is kept for ${Math.round(retentionMs / 86_400_000)} days; from is older` };
  const scope = q.scope === undefined ? tokenScope : String(q.scope);
  if (scope !== DISTRICT_SCOPE && !streetIds.includes(scope)) return { error: `unknown scope ${scope}` };
  // ?track=0: incidents and cameras only (the time bar of a whole day, without everyone's track)
  if (q.track !== undefined && q.track !== '0' && q.track !== '1') return { error: 'track is 0 or 1' };
  return { scope, from, to, track: q.track !== '0' };
}

async function incidentsOpenIn(
  storage: Storage,
  streets: string[] | null,
  from: number,
  to: number,
): Promise<Incident[]> {
  const out: Incident[] = [];
  let cursor: string | null = null;
  // an incident still open when the window starts may have been reported up to a day before it
  do {
    const page = await storage.queryIncidents({
      streets: streets ?? undefined,
      from: from - MAX_WINDOW_MS,
      to,
      limit: 500,
      cursor,
    });
    for (const inc of page.items) if (inc.closedAt === null || inc.closedAt >= from) out.push(inc);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export function replayRoutes(d: ReplayDeps): express.Router {
  const router = express.Router();
  router.get('/replay', async (req, res, next) => {
    try {
      const viewer = await viewerOf(d, req, res);
      if (!viewer) return;
      const q = parseReplayQuery(
        req.query as Record<string, unknown>,
        viewer.scope,
        d.streetIds(),
        d.now(),
        d.retentionMs,
      );
      if ('error' in q) return void res.status(400).json({ error: 'bad-query', message: q.error });
      if (viewer.scope !== DISTRICT_SCOPE && q.scope !== viewer.scope) {
        return void res.status(403).json({ error: 'scope', message: `scope ${viewer.scope} cannot replay ${q.scope}` });
      }
      const streets = q.scope === DISTRICT_SCOPE ? null : [q.scope];
      const [track, cameras, incidents, earliest] = await Promise.all([
        q.track ? d.history.readTrack({ streets, from: q.from, to: q.to }) : Promise.resolve([]),
        d.history.readCameras({ streets, from: q.from, to: q.to }),
        incidentsOpenIn(d.storage, streets, q.from, q.to),
        q.track ? Promise.resolve(undefined) : d.history.earliest(streets),
      ]);
      const body = encodeReplay(
        {
          scope: q.scope,
          from: q.from,
          to: q.to,
          incidents,
          cameras: cameras.map((c) => [c.cameraId, c.t, c.status]),
          ...(earliest !== undefined ? { earliest } : {}),
        },
        track,
      );
      res.set('Cache-Control', 'no-cache').type('application/vnd.gridwall.replay');
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        res.set('Content-Encoding', 'gzip').send(zlib.gzipSync(body, { level: 6 }));
      } else res.send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
    } catch (err) {
      next(err);
    }
  });
  router.all('/replay', methodNotAllowed('GET'));
  return router;
}
