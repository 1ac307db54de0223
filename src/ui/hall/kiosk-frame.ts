import { letterbox, readableFontPx, type KioskParams } from '../../scenes/kiosk/kiosk.params.ts';
import { virtualCanvas } from '../../scenes/kiosk/tile-frustum.ts';

// Kiosk wall mode: the whole page is laid out on the fixed logical canvas (?canvas=3840x2160) and
// scaled to the real screen, letterboxed, never cropped, with the root type size set for reading
// from ten metres. WebGL context loss reloads the page after a moment (the wall rebuilds itself;
// the URL carries scene and tour).

/** the width of a 4×3 wall of 55″ panels, which a 3840-wide input usually drives */
export const DEFAULT_WALL_WIDTH_M = 4.8;
export const READING_DISTANCE_M = 10;

export interface KioskFrame {
  /** the current scale from logical canvas to screen px */
  scale(): number;
  onScale(cb: (scale: number) => void): () => void;
  destroy(): void;
}

export function installKiosk(
  p: KioskParams,
  root: HTMLElement,
  opts: { wallWidthM?: number; reload?: () => void } = {},
): KioskFrame {
  const html = document.documentElement;
  html.classList.add('kiosk');
  const { width, height } = p.canvas;
  // One browser of a spliced wall (?tile=): the map fills its screen, and the wall's chrome (top
  // bar, panel, captions) is laid out once on the whole wall's canvas, of which this screen shows
  // its own part, so the chrome spans the screens as the picture does.
  const wall = p.tile ? virtualCanvas(p.tile, p.canvas) : { width, height, x0: 0, y0: 0 };
  // never smaller than the normal wall's 1.05 vw, and large enough for 10 m
  const font = Math.max(
    readableFontPx(wall.width, opts.wallWidthM ?? DEFAULT_WALL_WIDTH_M, READING_DISTANCE_M),
    Math.round(wall.width * 0.0105),
  );
  if (p.tile) {
    html.classList.add('kiosk-tile');
    root.style.setProperty('--wall-x0', `${wall.x0}px`);
    root.style.setProperty('--wall-y0', `${wall.y0}px`);
    root.style.setProperty('--wall-w', `${wall.width}px`);
    root.style.setProperty('--wall-h', `${wall.height}px`);
  }
  html.style.fontSize = `${font}px`;
  Object.assign(root.style, {
    position: 'absolute',
    left: '0',
    top: '0',
    width: `${width}px`,
    height: `${height}px`,
    transformOrigin: '0 0',
  });
  root.dataset.canvas = `${width}x${height}`;
  const listeners = new Set<(s: number) => void>();
  let scale = 1;
  const fit = () => {
    const lb = letterbox(p.canvas, { width: window.innerWidth, height: window.innerHeight });
    scale = lb.scale;
    root.style.transform = `translate(${lb.left}px, ${lb.top}px) scale(${lb.scale})`;
    root.dataset.scale = String(lb.scale);
    for (const l of listeners) l(scale);
  };
  fit();
  window.addEventListener('resize', fit);
  const noMenu = (e: Event) => e.preventDefault();
  window.addEventListener('contextmenu', noMenu);
  const reload = opts.reload ?? (() => window.location.reload());
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  const onLost = (e: Event) => {
    if (!(e.target instanceof HTMLCanvasElement) || reloadTimer) return;
    e.preventDefault(); // lets the browser restore the context; we rebuild anyway
    reloadTimer = setTimeout(reload, 2_000);
  };
  document.addEventListener('webglcontextlost', onLost, true);
  return {
    scale: () => scale,
    onScale(cb) {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    destroy() {
      window.removeEventListener('resize', fit);
      window.removeEventListener('contextmenu', noMenu);
      document.removeEventListener('webglcontextlost', onLost, true);
      if (reloadTimer) clearTimeout(reloadTimer);
      html.classList.remove('kiosk', 'kiosk-tile');
    },
  };
}
