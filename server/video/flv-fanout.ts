import type { Writable } from 'node:stream';

// One FLV byte stream (ffmpeg's stdout) fanned out to many HTTP clients. A client that joins
// mid-stream first needs what a decoder cannot start without: the FLV header, the onMetaData tag,
// the AVC sequence header, then the tags from the last keyframe on. So those are kept, and nothing
// else: memory stays at one GOP per stream however long it runs.

export const FLV_HEADER_BYTES = 9 + 4; // header + PreviousTagSize0
const TAG_HEADER_BYTES = 11;
const TAG_SCRIPT = 18;
const TAG_VIDEO = 9;
const TAG_AUDIO = 8;
/** a client further behind than this is cut: a wall tile that cannot keep up is worse than a retry */
export const MAX_CLIENT_BACKLOG = 2 * 1024 * 1024;
/** a GOP longer than this is not cached whole (a broken encoder setting must not eat memory) */
const MAX_GOP_BYTES = 4 * 1024 * 1024;

export interface FlvClient {
  out: Writable & { writableLength: number };
  /** called once when the fanout drops the client (slow, or the source ended) */
  onDrop?: (why: 'slow' | 'ended') => void;
}

export class FlvFanout {
  private pending: Buffer = Buffer.alloc(0);
  private header: Buffer | null = null;
  private meta: Buffer | null = null;
  private videoConfig: Buffer | null = null;
  private audioConfig: Buffer | null = null;
  private gop: Buffer[] = [];
  private gopBytes = 0;
  private readonly clients = new Set<FlvClient>();
  /** tags parsed since start, for tests and the status endpoint */
  tags = 0;
  keyframes = 0;

  get clientCount(): number {
    return this.clients.size;
  }

  /** true once a client joining now would get a decodable start */
  get ready(): boolean {
    return this.header !== null && this.videoConfig !== null && this.gop.length > 0;
  }

  /** Feeds bytes as they come from the source; splits them into whole tags. */
  push(chunk: Buffer): void {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    if (!this.header) {
      if (this.pending.length < FLV_HEADER_BYTES) return;
      if (this.pending.toString('latin1', 0, 3) !== 'FLV') throw new Error('not an FLV stream');
      const headerLen = this.pending.readUInt32BE(5);
      this.header = Buffer.from(this.pending.subarray(0, headerLen + 4));
      this.pending = this.pending.subarray(headerLen + 4);
    }
    while (this.pending.length >= TAG_HEADER_BYTES) {
      const size = this.pending.readUIntBE(1, 3);
      const total = TAG_HEADER_BYTES + size + 4;
      if (this.pending.length < total) break;
      // copy: the source's chunk is reused for the next tags, the cache must own its bytes
      this.onTag(Buffer.from(this.pending.subarray(0, total)));
      this.pending = this.pending.subarray(total);
    }
  }

  private onTag(tag: Buffer): void {
    this.tags++;
    const type = tag[0] & 0x1f;
    const body = TAG_HEADER_BYTES;
    if (type === TAG_SCRIPT) {
      this.meta ??= tag;
      return; // walls joining later get the first onMetaData; repeats add nothing
    }
    if (type === TAG_VIDEO && tag.length > body + 1) {
      const frameType = tag[body] >> 4;
      const codec = tag[body] & 0x0f;
      if (codec === 7 && tag[body + 1] === 0) {
        this.videoConfig = tag;
        this.broadcast(tag);
        return;
      }
      if (frameType === 1) {
        this.keyframes++;
        this.gop = [];
        this.gopBytes = 0;
      }
    } else if (type === TAG_AUDIO && tag.length > body + 1 && tag[body] >> 4 === 10 && tag[body + 1] === 0) {
      this.audioConfig = tag;
      this.broadcast(tag);
      return;
    }
    if (this.gopBytes + tag.length <= MAX_GOP_BYTES) {
      this.gop.push(tag);
      this.gopBytes += tag.length;
    }
    this.broadcast(tag);
  }

  private broadcast(tag: Buffer): void {
    for (const c of this.clients) {
      if (c.out.writableLength > MAX_CLIENT_BACKLOG) {
        this.drop(c, 'slow');
        continue;
      }
      c.out.write(tag);
    }
  }

  /** Starts a client at the last keyframe. Returns false when there is no decodable start yet. */
  add(client: FlvClient): boolean {
    if (!this.ready) return false;
    const start = [this.header!, this.meta, this.videoConfig, this.audioConfig, ...this.gop].filter(
      (b): b is Buffer => b !== null,
    );
    client.out.write(Buffer.concat(start));
    this.clients.add(client);
    return true;
  }

  remove(client: FlvClient): void {
    this.clients.delete(client);
  }

  private drop(c: FlvClient, why: 'slow' | 'ended'): void {
    this.clients.delete(c);
    c.onDrop?.(why);
  }

  /** The source ended (ffmpeg exited): clients are closed, the next source starts a new stream. */
  end(): void {
    for (const c of [...this.clients]) this.drop(c, 'ended');
    this.pending = Buffer.alloc(0);
    this.header = this.meta = this.videoConfig = this.audioConfig = null;
    this.gop = [];
    this.gopBytes = 0;
  }
}

/** Reads the tags of a whole FLV buffer (tests, and the proxy's sanity checks). */
export function readFlvTags(buf: Buffer): { type: number; keyframe: boolean; timestamp: number; size: number }[] {
  if (buf.toString('latin1', 0, 3) !== 'FLV') throw new Error('not an FLV stream');
  const out: { type: number; keyframe: boolean; timestamp: number; size: number }[] = [];
  let i = buf.readUInt32BE(5) + 4;
  while (i + TAG_HEADER_BYTES <= buf.length) {
    const size = buf.readUIntBE(i + 1, 3);
    if (i + TAG_HEADER_BYTES + size + 4 > buf.length) break;
    const type = buf[i] & 0x1f;
    const timestamp = buf.readUIntBE(i + 4, 3) | (buf[i + 7] << 24);
    out.push({ type, keyframe: type === TAG_VIDEO && buf[i + TAG_HEADER_BYTES] >> 4 === 1, timestamp, size });
    i += TAG_HEADER_BYTES + size + 4;
  }
  return out;
}
