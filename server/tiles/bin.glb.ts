// The BIN chunk of a GLB being written: geometry (glb.writer.ts) and the property tables
// (metadata.glb.ts) both append to it, so it sits below both of them (no file circle).

/** Accumulates binary blocks; EXT_structural_metadata wants buffer views 8-byte aligned. */
export class BinBuilder {
  readonly bufferViews: Record<string, number>[] = [];
  private parts: Uint8Array[] = [];
  private length = 0;

  add(bytes: Uint8Array, target?: number, byteStride?: number): number {
    const pad = (8 - (this.length % 8)) % 8;
    if (pad) {
      this.parts.push(new Uint8Array(pad));
      this.length += pad;
    }
    const view: Record<string, number> = { buffer: 0, byteOffset: this.length, byteLength: bytes.byteLength };
    if (target !== undefined) view.target = target;
    if (byteStride !== undefined) view.byteStride = byteStride;
    this.bufferViews.push(view);
    this.parts.push(bytes);
    this.length += bytes.byteLength;
    return this.bufferViews.length - 1;
  }

  concat(): Uint8Array {
    const pad = (4 - (this.length % 4)) % 4;
    const out = new Uint8Array(this.length + pad);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.byteLength;
    }
    return out;
  }
}
