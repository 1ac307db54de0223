import {
  FRAME_STALE_MS,
  HEARTBEAT_STALE_MS,
  MEMORY_WORRY_MB,
  type WallHeartbeat,
  type WallListing,
  type WallRow,
  type WallWorry,
} from '../../src/protocol/wall.schema.ts';

// The walls the relay has heard from, in memory (a restart forgets them; they report again within
// one heartbeat). What an operator should worry about is computed when listed, from the clock.

/** a wall silent this long is dropped from the list (it was switched off on purpose) */
export const FORGET_AFTER_MS = 24 * 3600_000;
export const MAX_WALLS = 500;

export function worriesOf(
  row: Pick<WallRow, 'receivedAt' | 'heartbeat'>,
  now: number,
  serverVersion: string,
): WallWorry[] {
  const hb = row.heartbeat;
  const w: WallWorry[] = [];
  if (now - row.receivedAt > HEARTBEAT_STALE_MS) w.push('stale-heartbeat');
  // the frame time is the wall's clock; compare it with the wall's own report time, not ours
  const frameAge = hb.lastFrameAt === null ? Infinity : row.receivedAt - hb.lastFrameAt;
  if (frameAge > FRAME_STALE_MS) w.push('stale-frame');
  if (hb.errors.length > 0) w.push('errors');
  if (hb.version !== serverVersion) w.push('version-mismatch');
  if (hb.relayDown) w.push('relay-down');
  if (hb.memoryMB !== null && hb.memoryMB > MEMORY_WORRY_MB) w.push('memory');
  return w;
}

export class WallRegistry {
  private readonly rows = new Map<string, Omit<WallRow, 'worries'>>();

  constructor(private readonly now: () => number = Date.now) {}

  heartbeat(sub: string, scope: string, hb: WallHeartbeat): void {
    if (!this.rows.has(hb.name) && this.rows.size >= MAX_WALLS) this.forget();
    if (!this.rows.has(hb.name) && this.rows.size >= MAX_WALLS) return; // a flood of names: keep the known walls
    this.rows.set(hb.name, { name: hb.name, sub, scope, receivedAt: this.now(), heartbeat: hb });
  }

  private forget() {
    const t = this.now();
    for (const [name, row] of this.rows) if (t - row.receivedAt > FORGET_AFTER_MS) this.rows.delete(name);
  }

  /** `scope`: a street token sees the walls that report with its street's tokens */
  list(serverVersion: string, scope = 'district'): WallListing {
    this.forget();
    const now = this.now();
    const walls = [...this.rows.values()]
      .filter((r) => scope === 'district' || r.scope === scope)
      .map((r) => ({ ...r, worries: worriesOf(r, now, serverVersion) }))
      .sort(
        (a, b) =>
          Number(b.worries.length > 0) - Number(a.worries.length > 0) ||
          (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
    return { serverVersion, now, worrying: walls.filter((w) => w.worries.length > 0).length, walls };
  }
}
