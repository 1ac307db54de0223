// A small PNG encoder for the ground tiles. The dark cartography has few distinct colours per tile
// (flat fills plus their anti-aliased blends), so most tiles fit an 8-bit palette: a third of the
// RGB bytes before deflate and several times smaller after. Tiles with more than 256 colours fall
// back to RGB or RGBA. Decodes with any PNG reader (tests read them back with pngjs).

import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.byteLength);
  out.writeUInt32BE(data.byteLength, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.byteLength)) >>> 0, 8 + data.byteLength);
  return out;
}

function ihdr(w: number, h: number, colorType: number): Buffer {
  const b = Buffer.alloc(13);
  b.writeUInt32BE(w, 0);
  b.writeUInt32BE(h, 4);
  b[8] = 8; // bit depth
  b[9] = colorType;
  // compression, filter method, interlace: all 0
  return chunk('IHDR', b);
}

/** Encodes straight (non-premultiplied) RGBA pixels. */
export function encodePng(rgba: Uint8Array, w: number, h: number): Buffer {
  const px32 = new Uint32Array(rgba.buffer, rgba.byteOffset, w * h);
  const index = new Map<number, number>();
  const idx = new Uint8Array(w * h);
  let opaque = true;
  let paletted = true;
  for (let i = 0; i < px32.length; i++) {
    let v = px32[i];
    if (rgba[i * 4 + 3] === 0)
      v = 0; // every fully transparent pixel is the same colour
    else if (rgba[i * 4 + 3] !== 255) opaque = false;
    let k = index.get(v);
    if (k === undefined) {
      if (index.size === 256) {
        paletted = false;
        break;
      }
      k = index.size;
      index.set(v, k);
    }
    idx[i] = k;
  }
  const parts: Buffer[] = [SIGNATURE];
  if (paletted) {
    parts.push(ihdr(w, h, 3));
    const plte = new Uint8Array(index.size * 3);
    const trns = new Uint8Array(index.size);
    let lastAlpha = -1;
    for (const [v, k] of index) {
      plte[k * 3] = v & 0xff;
      plte[k * 3 + 1] = (v >>> 8) & 0xff;
      plte[k * 3 + 2] = (v >>> 16) & 0xff;
      trns[k] = v >>> 24;
      if (trns[k] !== 255) lastAlpha = k;
    }
    parts.push(chunk('PLTE', plte));
    if (lastAlpha >= 0) parts.push(chunk('tRNS', trns.subarray(0, lastAlpha + 1)));
    // filter 0 (none) on every row: the usual choice for palette images
    const raw = new Uint8Array(h * (w + 1));
    for (let y = 0; y < h; y++) raw.set(idx.subarray(y * w, (y + 1) * w), y * (w + 1) + 1);
    parts.push(chunk('IDAT', deflateSync(raw, { level: 6 })));
  } else {
    const bpp = opaque ? 3 : 4;
    parts.push(ihdr(w, h, opaque ? 2 : 6));
    const stride = w * bpp;
    const raw = new Uint8Array(h * (stride + 1));
    const row = new Uint8Array(stride);
    const prev = new Uint8Array(stride);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) for (let c = 0; c < bpp; c++) row[x * bpp + c] = rgba[(y * w + x) * 4 + c];
      const o = y * (stride + 1);
      raw[o] = 2; // 'up' filter: flat areas repeat row to row
      for (let i = 0; i < stride; i++) raw[o + 1 + i] = (row[i] - prev[i]) & 0xff;
      prev.set(row);
    }
    parts.push(chunk('IDAT', deflateSync(raw, { level: 6 })));
  }
  parts.push(chunk('IEND', new Uint8Array(0)));
  return Buffer.concat(parts);
}
