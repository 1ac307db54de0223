import type { Billboard } from 'cesium';

// Shared by every layer that draws thousands of billboards (cameras, incidents, staff).
/** Gives a billboard a canvas image under a shared id, so thousands of billboards share one atlas slot. */
export function withImage(b: Billboard, id: string, image: HTMLCanvasElement): Billboard {
  b.setImage(id, image);
  return b;
}
