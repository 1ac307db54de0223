import type { Feeds } from '../../src/protocol/live.schema.ts';

// Which street centers are connected, and when each was last heard from. Walls get this every few
// seconds (`feeds`), so a street whose people stand still is not mistaken for a dead feed, and a
// center that drops shows as offline at once rather than after the wall's silence timeout.

export class FeedTracker {
  private readonly connections = new Map<string, number>();
  private readonly lastAt = new Map<string, number>();

  constructor(private readonly streets: () => readonly string[]) {}

  /** A center connection opened; true when it is the street's first (the street came online). */
  connect(street: string, now: number): boolean {
    const n = (this.connections.get(street) ?? 0) + 1;
    this.connections.set(street, n);
    this.lastAt.set(street, now);
    return n === 1;
  }

  /** A center connection closed; true when it was the street's last (the street went offline). */
  disconnect(street: string): boolean {
    const n = Math.max(0, (this.connections.get(street) ?? 0) - 1);
    if (n === 0) this.connections.delete(street);
    else this.connections.set(street, n);
    return n === 0;
  }

  heard(street: string, now: number): void {
    this.lastAt.set(street, now);
  }

  /** Every street the district lists, plus any a center connected for. */
  rows(): Feeds['feeds'] {
    const all = new Set([...this.streets(), ...this.connections.keys()]);
    return [...all].sort().map((s) => [s, (this.connections.get(s) ?? 0) > 0, this.lastAt.get(s) ?? null]);
  }
}
