import { fail, type Ack, type PositionsAck } from '../../src/protocol/ack.ts';
import { cameraMessageSchema, type CameraMessage } from '../../src/protocol/camera.schema.ts';
import type { Actor } from '../../src/protocol/common.schema.ts';
import { INGEST_EVENTS, NAMESPACES, type IngestClientToServerEvents } from '../../src/protocol/events.ts';
import { reportMessageSchema, updateMessageSchema } from '../../src/protocol/incident.schema.ts';
import { binaryPositionsSchema } from '../../src/protocol/positions-batch.codec.ts';
import { positionsMessageSchema, type PositionsMessage } from '../../src/protocol/positions.schema.ts';
import type { CameraRecord } from '../storage/storage.ts';
import type { RelayContext } from './context.ts';
import { reportIncident, stepIncident } from './incident-ops.ts';
import { camerasMatch, outOfArea, sameOrConflict } from './event-guards.ts';
import { reducePosition } from './live-state.ts';
import { connectionLimits, createRouter, type Router } from './socket-router.ts';
import type { IngestNamespace } from './socket.types.ts';

// /ingest: street centers publish incidents, positions and camera status for their own street.
// Admin tokens may publish for any street (tools, replays).

export function ingestHandlers(
  ctx: RelayContext,
  nsp: IngestNamespace,
  staffDirty: Set<string>,
  announceFeeds: () => void,
) {
  nsp.on('connection', (socket) => {
    const claims = socket.data.claims;
    if (claims.role === 'center') {
      // presence for the walls: online at once, offline at once, heard on every message
      const street = claims.scope;
      if (ctx.feeds.connect(street, ctx.now())) announceFeeds();
      socket.onAny(() => ctx.feeds.heard(street, ctx.now()));
      socket.once('disconnect', () => {
        if (ctx.feeds.disconnect(street)) announceFeeds();
      });
    }
    const who: Sender = {
      scope: claims.role === 'center' ? claims.scope : null,
      actor: claims.role === 'center' ? { role: 'center', id: claims.scope } : { role: 'admin', id: claims.sub },
      // the center's street (not the token) owns its event ids, so a retry with a fresh token still dedupes
      source: claims.role === 'center' ? `center:${claims.scope}` : `admin:${claims.sub}`,
    };
    const router = createRouter(socket, {
      namespace: NAMESPACES.ingest,
      metrics: ctx.metrics,
      ...connectionLimits(ctx.options.ingestRate, ctx.options.abuseLimit),
      log: ctx.print,
    });
    incidentIngest(router, ctx, who);
    positionIngest(router, ctx, who, staffDirty);
    cameraIngest(router, ctx, who);
  });
}

/** Who sends on this connection: a center for its street, or an admin for any. */
interface Sender {
  actor: Actor;
  source: string;
  /** the street a center may publish for; null for an admin */
  scope: string | null;
}
type IngestRouter = Router<IngestClientToServerEvents>;

function incidentIngest(router: IngestRouter, ctx: RelayContext, { actor, source, scope }: Sender) {
  router.on(INGEST_EVENTS.report, {
    schema: reportMessageSchema,
    handle: (m) => reportIncident(ctx, actor, source, m, scope),
  });
  router.on(INGEST_EVENTS.update, {
    schema: updateMessageSchema,
    handle: (m) => stepIncident(ctx, actor, source, m.eventId, m.incidentId, m.step, m.at, scope),
  });
}

function positionIngest(router: IngestRouter, ctx: RelayContext, { scope }: Sender, staffDirty: Set<string>) {
  router.on(INGEST_EVENTS.positions, {
    schema: positionsMessageSchema,
    cost: (m) => Math.ceil(m.positions.length / 100),
    handle: (m) => positions(ctx, m, scope, staffDirty),
  });
  // the same batch as binary columns (our simulated centers; decoded and checked by the schema)
  router.on(INGEST_EVENTS.positionsBinary, {
    schema: binaryPositionsSchema,
    cost: (m) => Math.ceil(m.positions.length / 100),
    handle: (m) => positions(ctx, m, scope, staffDirty),
  });
}

function cameraIngest(router: IngestRouter, ctx: RelayContext, { source, scope }: Sender) {
  router.on(INGEST_EVENTS.cameras, {
    schema: cameraMessageSchema,
    cost: (m) => Math.ceil(m.cameras.length / 100),
    handle: (m) => cameras(ctx, source, m, scope),
  });
}

/** Which street an entity belongs to: the district data's answer, else the caller's scope. */
function streetOf(listed: string | null | undefined, known: string | undefined, scope: string | null): string | null {
  if (listed === null) return null;
  return listed ?? scope ?? known ?? null;
}

function positions(
  ctx: RelayContext,
  m: PositionsMessage,
  scope: string | null,
  staffDirty: Set<string>,
): Ack<PositionsAck> {
  const now = ctx.now();
  const streets: string[] = [];
  let unlisted = 0;
  for (const p of m.positions) {
    const prev = ctx.state.staff.get(p.staffId);
    const listed = ctx.district.staffStreet(p.staffId);
    const street = streetOf(listed, prev?.streetId, scope);
    if (street === null) return fail('scope', `unknown staff ${p.staffId}`);
    if (scope !== null && street !== scope) return fail('scope', `staff ${p.staffId} is not in ${scope}`);
    const away = outOfArea(ctx.area ?? null, `staff ${p.staffId} at`, p.lng, p.lat);
    if (away) return away;
    if (listed === undefined && !prev) unlisted++;
    streets.push(street);
  }
  if (unlisted > 0 && ctx.state.staff.size + unlisted > ctx.options.maxUnlistedEntities)
    return fail('rate', 'too many people');
  let accepted = 0;
  m.positions.forEach((p, n) => {
    const next = reducePosition(ctx.state.staff.get(p.staffId), { ...p, at: Math.min(p.at, now) }, streets[n]!);
    if (!next) return;
    ctx.state.staff.set(p.staffId, next);
    ctx.coalescer.push(next);
    staffDirty.add(p.staffId);
    accepted++;
  });
  return { ok: true, accepted };
}

function cameras(ctx: RelayContext, source: string, m: CameraMessage, scope: string | null) {
  const now = ctx.now();
  const records: CameraRecord[] = [];
  let unlisted = 0;
  for (const c of m.cameras) {
    const prev = ctx.state.cameras.get(c.cameraId);
    const listed = ctx.district.cameraStreet(c.cameraId);
    const street = streetOf(listed, prev?.streetId, scope);
    if (street === null) return fail('scope', `unknown camera ${c.cameraId}`);
    if (scope !== null && street !== scope) return fail('scope', `camera ${c.cameraId} is not in ${scope}`);
    if (records.length && records[0]!.streetId !== street) return fail('scope', 'one street per camera:status message');
    if (listed === undefined && !prev) unlisted++;
    records.push({ ...c, at: Math.min(c.at, now), streetId: street });
  }
  if (unlisted > 0 && ctx.state.cameras.size + unlisted > ctx.options.maxUnlistedEntities)
    return fail('rate', 'too many cameras');
  const stream = records[0]!.streetId;
  const stored = ctx.publisher.submit(source, m.eventId, now, () => ({
    stream,
    event: { kind: 'camera', at: now, cameras: records.map(({ cameraId, status, at }) => ({ cameraId, status, at })) },
    cameras: records,
  }));
  return sameOrConflict(ctx, stored, (ev) => camerasMatch(m.cameras, ev));
}
