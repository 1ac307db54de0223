import { feedsSchema } from '../protocol/live.schema.ts';
import { drop, guarded, noteRelayTime, touchStreet, type LiveStore } from './live-store.ts';

// `feeds`: the relay vouches for each street center's connection. A connected center keeps its
// street fresh even when nobody moves (no frames); a disconnected one makes the street stale at
// once, and the wall says "center offline" rather than just "behind".

export function handleFeeds(s: LiveStore, raw: unknown, nowMs: number): void {
  guarded(s, 'feeds', undefined, () => {
    const r = feedsSchema.safeParse(raw);
    if (!r.success) return drop(s, 'malformed', 'feeds');
    noteRelayTime(s, r.data.t, nowMs);
    let changed = false;
    for (const [street, online] of r.data.feeds) {
      // only the streets this subscription covers: a feeds row never invents a street
      if (!s.streams.has(street) && !s.streets.has(street)) continue;
      if (online) touchStreet(s, street, nowMs);
      const h = s.streets.get(street);
      if (!h) continue;
      if (h.centerOnline !== online) changed = true;
      h.centerOnline = online;
      if (!online && !h.stale) h.stale = true;
    }
    if (changed) s.signals.markDirty('streets');
  });
}

/** Streets whose center the relay reports disconnected. */
export function offlineCenters(s: LiveStore): string[] {
  const out: string[] = [];
  for (const [id, h] of s.streets) if (h.centerOnline === false) out.push(id);
  return out;
}
