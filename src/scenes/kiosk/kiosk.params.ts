// Wall-mode parameters from the URL (issue 9): ?wall=1 or ?wall=<name>, ?canvas=3840x2160,
// ?tile=<col>,<row>&tiles=<cols>x<rows>&bezel=<px>, ?sync=leader|follower|0, ?tour=<id>, ?autofocus=0 or
// =<hold seconds>. Parsed once at start;
// a bad value is reported and replaced by the default, never left to crash a wall nobody watches.

export interface KioskParams {
  /** kiosk mode on */
  wall: boolean;
  /** the wall's name in heartbeats (?wall=<name>; ?wall=1 → "wall") */
  name: string;
  canvas: { width: number; height: number };
  tile: { col: number; row: number; cols: number; rows: number; bezel: number } | null;
  /**
   * camera sync of the wall's browsers: tile 0,0 leads and the other tiles follow; ?sync=leader
   * makes an operator console lead, ?sync=follower a preview screen follow, ?sync=0 none
   */
  sync: 'leader' | 'follower' | null;
  tour: string | null;
  autoFocus: boolean;
  /** ?autofocus=<seconds>: how long auto-focus holds the incident (default: the scene's holdS) */
  autoFocusHoldS: number | null;
  errors: string[];
}

export const DEFAULT_CANVAS = { width: 3840, height: 2160 };

export function parseKioskParams(search: string): KioskParams {
  const p = new URLSearchParams(search);
  const errors: string[] = [];
  const wallRaw = p.get('wall');
  const wall = wallRaw !== null && wallRaw !== '0' && wallRaw !== 'false';
  let name = 'wall';
  if (wall && wallRaw && wallRaw !== '1' && wallRaw !== 'true') {
    if (/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(wallRaw)) name = wallRaw;
    else errors.push(`?wall=${wallRaw} is not a wall name`);
  }
  let canvas = DEFAULT_CANVAS;
  const c = p.get('canvas');
  if (c) {
    const m = /^(\d{3,5})x(\d{3,5})$/.exec(c);
    if (m && +m[1]! <= 16384 && +m[2]! <= 16384) canvas = { width: +m[1]!, height: +m[2]! };
    else errors.push(`?canvas=${c}: expected WIDTHxHEIGHT, e.g. 3840x2160`);
  }
  let tile: KioskParams['tile'] = null;
  const t = p.get('tile');
  const ts = p.get('tiles');
  if (t || ts) {
    const tm = /^(\d{1,2}),(\d{1,2})$/.exec(t ?? '');
    const tsm = /^(\d{1,2})x(\d{1,2})$/.exec(ts ?? '');
    const bezel = Number(p.get('bezel') ?? 0);
    if (tm && tsm && +tm[1]! < +tsm[1]! && +tm[2]! < +tsm[2]! && Number.isFinite(bezel) && bezel >= 0 && bezel <= 500) {
      tile = { col: +tm[1]!, row: +tm[2]!, cols: +tsm[1]!, rows: +tsm[2]!, bezel };
    } else
      errors.push(
        `?tile=${t}&tiles=${ts}&bezel=${p.get('bezel') ?? ''}: expected tile=<col>,<row> inside tiles=<cols>x<rows>, bezel in px`,
      );
  }
  let sync: KioskParams['sync'] = tile ? (tile.col === 0 && tile.row === 0 ? 'leader' : 'follower') : null;
  const syncRaw = p.get('sync');
  if (syncRaw === 'leader' || syncRaw === 'follower') sync = syncRaw;
  else if (syncRaw === '0') sync = null;
  else if (syncRaw !== null) errors.push(`?sync=${syncRaw}: expected leader, follower or 0`);
  if (!wall) sync = null;
  const tourRaw = p.get('tour');
  const tour = tourRaw && /^[a-z0-9][a-z0-9-]{0,59}$/.test(tourRaw) ? tourRaw : null;
  if (tourRaw && !tour) errors.push(`?tour=${tourRaw} is not a tour id`);
  const af = p.get('autofocus');
  const holdS = af && /^\d{1,4}$/.test(af) && +af >= 3 ? +af : null;
  return { wall, name, canvas, tile, sync, tour, autoFocus: wall && af !== '0', autoFocusHoldS: holdS, errors };
}

export interface Letterbox {
  /** CSS transform scale of the logical canvas */
  scale: number;
  /** offset of the scaled canvas inside the window (CSS px) */
  left: number;
  top: number;
}

/** Fit the logical canvas inside the window, whole and centred: bars on one axis, never cropped. */
export function letterbox(
  canvas: { width: number; height: number },
  win: { width: number; height: number },
): Letterbox {
  const scale = Math.min(win.width / canvas.width, win.height / canvas.height);
  return { scale, left: (win.width - canvas.width * scale) / 2, top: (win.height - canvas.height * scale) / 2 };
}

/**
 * Type size on the logical canvas for reading from `distanceM`: a capital should subtend about
 * 0.3° (≈ 20 arc-minutes, legible signage), assuming the canvas spans the wall's `wallWidthM`.
 */
export function readableFontPx(canvasWidthPx: number, wallWidthM: number, distanceM: number): number {
  const capHeightM = distanceM * Math.tan((0.3 * Math.PI) / 180);
  const fontM = capHeightM / 0.7; // cap height ≈ 0.7 em
  return Math.ceil((fontM / wallWidthM) * canvasWidthPx);
}
