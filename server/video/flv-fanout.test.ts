import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FlvFanout, readFlvTags } from './flv-fanout.ts';

// Synthetic FLV written by hand from the spec (header, then tag + PreviousTagSize), so the oracle
// is the format, not the fanout.
const header = () => Buffer.from([0x46, 0x4c, 0x56, 1, 0x01, 0, 0, 0, 9, 0, 0, 0, 0]);
function tag(type: number, ts: number, body: number[]): Buffer {
  const b = Buffer.alloc(11 + body.length + 4);
  b[0] = type;
  b.writeUIntBE(body.length, 1, 3);
  b.writeUIntBE(ts & 0xffffff, 4, 3);
  b[7] = (ts >>> 24) & 0xff;
  Buffer.from(body).copy(b, 11);
  b.writeUInt32BE(11 + body.length, 11 + body.length);
  return b;
}
const meta = tag(18, 0, [2, 0, 10, ...Buffer.from('onMetaData')]);
const avcConfig = tag(9, 0, [0x17, 0, 0, 0, 0, 1, 0x42, 0, 0x1e]);
const key = (ts: number) => tag(9, ts, [0x17, 1, 0, 0, 0, 0xaa, ts & 0xff]);
const inter = (ts: number) => tag(9, ts, [0x27, 1, 0, 0, 0, 0xbb, ts & 0xff]);

function sink() {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, bytes: () => Buffer.concat(chunks) };
}

describe('FLV fanout', () => {
  it('a wall joining mid-stream gets header, metadata, AVC config and the GOP from the last keyframe', () => {
    const f = new FlvFanout();
    const stream = Buffer.concat([header(), meta, avcConfig, key(0), inter(100), inter(200), key(1000), inter(1100)]);
    // fed in awkward pieces, as a pipe delivers it
    for (let i = 0; i < stream.length; i += 7) f.push(stream.subarray(i, i + 7));
    const s = sink();
    expect(f.add({ out: s.out })).toBe(true);
    f.push(inter(1200));
    const got = s.bytes();
    expect(got.subarray(0, 13)).toEqual(header());
    expect(readFlvTags(got).map((t) => [t.type, t.timestamp, t.keyframe])).toEqual([
      [18, 0, false],
      [9, 0, true], // the AVC config
      [9, 1000, true],
      [9, 1100, false],
      [9, 1200, false],
    ]);
    expect(f.keyframes).toBe(2);
  });

  it('has no decodable start before the first keyframe, and forgets everything when the source ends', () => {
    const f = new FlvFanout();
    f.push(Buffer.concat([header(), meta, avcConfig]));
    expect(f.add({ out: sink().out })).toBe(false);
    f.push(key(0));
    const s = sink();
    let dropped = '';
    expect(f.add({ out: s.out, onDrop: (why) => (dropped = why) })).toBe(true);
    f.end();
    expect(dropped).toBe('ended');
    expect(f.clientCount).toBe(0);
    expect(f.ready).toBe(false);
  });

  it('cuts a client that stops reading instead of buffering for it without bound', () => {
    const f = new FlvFanout();
    f.push(Buffer.concat([header(), meta, avcConfig, key(0)]));
    const stuck = new PassThrough({ highWaterMark: 16 }); // nobody reads it
    let dropped = '';
    f.add({ out: stuck, onDrop: (why) => (dropped = why) });
    const big = tag(9, 100, [0x27, 1, 0, 0, 0, ...new Array(64 * 1024).fill(1)]);
    for (let i = 0; i < 40 && !dropped; i++) f.push(big);
    expect(dropped).toBe('slow');
    expect(f.clientCount).toBe(0);
  });

  it('refuses a stream that is not FLV', () => {
    expect(() => new FlvFanout().push(Buffer.from('HTTP/1.1 200 OK\r\n'))).toThrow(/not an FLV/);
  });
});
