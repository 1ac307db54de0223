import { fail, type Ack, type AckFail, type StoredAck } from '../../src/protocol/ack.ts';
import type { Delta } from '../../src/protocol/live.schema.ts';
import { Publisher, type Prepared, type PublisherDeps } from '../relay/publisher.ts';
import type { StreamFollower } from './stream-follower.ts';

// The publisher of a relay node that shares its store with other nodes. The single-node Publisher
// numbers streams itself and pipelines commits; here another node may write the same stream at any
// moment (an officer on node B acting on an S01 incident whose center is on node A, both nodes'
// timing clocks), so per stream this node: takes the stream's lock, validates against its state,
// proposes head + 1, and lets the store decide. `stale` means another node got there first: catch
// up from the store, validate again (the step may no longer be legal), propose again.
//
// A failed commit is not fatal here, unlike on one node: nothing was staged or delivered before the
// commit, so memory cannot disagree with the store. The sender gets `unavailable` and retries with
// the same event id; if the commit did land, the retry is a duplicate and catch-up delivers it.

/**
 * Each `stale` means another node stored an event of this stream, so the cluster made progress and
 * retrying is safe; past this long the sender hears `unavailable` and retries itself.
 */
const MAX_RETRY_MS = 5_000;

export class ClusterPublisher extends Publisher {
  private readonly running = new Map<string, Promise<Ack<StoredAck>>>();

  constructor(
    private readonly d: PublisherDeps,
    private readonly follower: StreamFollower,
    /** tells the other nodes (through Redis) about a delta this node stored */
    private readonly announce: (d: Delta) => void,
  ) {
    super(d);
  }

  override submit(
    source: string,
    eventId: string,
    receivedAt: number,
    prepare: () => Prepared | AckFail,
    preload?: () => Promise<void>,
  ): Promise<Ack<StoredAck>> {
    const key = `${source}\u0000${eventId}`;
    const running = this.running.get(key);
    if (running) return running.then((a) => (a.ok ? { ...a, duplicate: true } : a));
    const p = this.publish(source, eventId, receivedAt, prepare, preload)
      .catch((err: unknown) => {
        return fail(
          'unavailable',
          `storage unavailable (${(err as Error)?.message ?? err}); retry with the same event id`,
        );
      })
      .finally(() => this.running.delete(key));
    this.running.set(key, p);
    return p;
  }

  private async publish(
    source: string,
    eventId: string,
    receivedAt: number,
    prepare: () => Prepared | AckFail,
    preload?: () => Promise<void>,
  ): Promise<Ack<StoredAck>> {
    const { storage, state } = this.d;
    // A retry of a stored event is found by the store itself (append says `duplicate`), or, when the
    // step no longer validates because it was applied, by this look-up: one read less per event.
    const stored = async (): Promise<(StoredAck & { ok: true }) | null> => {
      if (source === 'relay') return null;
      const found = await storage.findEvent(source, eventId);
      return found ? { ok: true, stream: found.stream, seq: found.seq, duplicate: true } : null;
    };
    if (preload) await preload();
    let first = prepare();
    if ('ok' in first) {
      const dup = await stored();
      if (dup) {
        // maybe stored by a node that died before telling anyone: make sure this node has it
        await this.follower.catchUp(dup.stream);
        return dup;
      }
      // Maybe judged on a state that is behind: a commit of this node still in flight, or an event
      // another node stored and Redis has not brought yet (a center that just moved here sends the
      // step after the report its old node acknowledged). Judge again on the store's latest.
      await this.follower.locks.idle();
      await this.follower.poll();
      first = prepare();
      if ('ok' in first) return first;
    }
    const stream = first.stream;
    return this.follower.locks.run(stream, async (): Promise<Ack<StoredAck>> => {
      for (const end = Date.now() + MAX_RETRY_MS; Date.now() < end;) {
        const p = prepare();
        if ('ok' in p) {
          // judged again after a catch-up: what no longer validates may be this very event, stored
          // by the other node (the same event id sent to both)
          const dup = await stored();
          if (dup && dup.stream === stream) await this.follower.catchUpLocked(stream);
          return dup ?? p;
        }
        const seq = state.head(stream) + 1;
        const r = await storage.append({
          record: { stream, seq, source, eventId, receivedAt, event: p.event },
          incident: p.incident,
          cameras: p.cameras,
          newIncident: p.newIncident,
        });
        if (r.status === 'stored') {
          const delta: Delta = { stream, seq: r.seq, event: p.event };
          this.follower.apply(delta);
          this.announce(delta);
          this.d.metrics.deliverLatency.observe({ kind: p.event.kind }, Math.max(0, this.d.now() - receivedAt) / 1000);
          return { ok: true, stream, seq: r.seq, duplicate: false };
        }
        // an archived incident (closed, out of memory) of this id: the store looked, not this node
        if (r.status === 'exists') return fail('conflict', `incident ${p.incident?.id} already exists`);
        if (r.status === 'duplicate') {
          if (r.stream === stream) await this.follower.catchUpLocked(stream);
          return { ok: true, stream: r.stream, seq: r.seq, duplicate: true };
        }
        await this.follower.catchUpLocked(stream);
      }
      return fail('unavailable', `stream ${stream} is busy on another relay node; retry with the same event id`);
    });
  }
}
