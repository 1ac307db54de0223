// How many video decoders the wall holds right now. A splicing-processor PC drives a whole wall;
// every live <video> costs a decoder and its buffers, so the patrol and the camera panel take a
// slot before they play and give it back when the tile goes. One instance per wall (made in the
// app), read by ?diag=1 so tests and the bench can see the count stay flat.

export const MAX_DECODERS = 9;

export class VideoDecoders {
  private readonly holders = new Set<string>();
  /** the most held at once since start */
  peak = 0;
  /** slots asked for beyond the ceiling (should stay 0: the patrol never asks for more than 9) */
  refused = 0;

  constructor(readonly max = MAX_DECODERS) {}

  get count(): number {
    return this.holders.size;
  }

  /** Takes a slot for `holder` (a tile key); false when the wall is at its ceiling. */
  acquire(holder: string): boolean {
    if (this.holders.has(holder)) return true;
    if (this.holders.size >= this.max) {
      this.refused++;
      return false;
    }
    this.holders.add(holder);
    this.peak = Math.max(this.peak, this.holders.size);
    return true;
  }

  release(holder: string): void {
    this.holders.delete(holder);
  }
}
