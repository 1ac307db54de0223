import { describe, expect, it } from 'vitest';
import { letterbox, parseKioskParams, readableFontPx } from './kiosk.params.ts';

describe('parseKioskParams', () => {
  it('wall mode with a name, a canvas, a tile of a 2×1 wall and a tour', () => {
    expect(parseKioskParams('?wall=hall-left&canvas=7680x2160&tile=1,0&tiles=2x1&bezel=12&tour=briefing')).toEqual({
      wall: true,
      name: 'hall-left',
      canvas: { width: 7680, height: 2160 },
      tile: { col: 1, row: 0, cols: 2, rows: 1, bezel: 12 },
      sync: 'follower',
      tour: 'briefing',
      autoFocus: true,
      autoFocusHoldS: null,
      errors: [],
    });
  });

  it('defaults: not a wall, 3840×2160, no tile, no auto-focus outside wall mode', () => {
    expect(parseKioskParams('')).toMatchObject({
      wall: false,
      name: 'wall',
      canvas: { width: 3840, height: 2160 },
      tile: null,
      sync: null,
      tour: null,
      autoFocus: false,
    });
    expect(parseKioskParams('?wall=1&autofocus=0')).toMatchObject({ wall: true, name: 'wall', autoFocus: false });
    expect(parseKioskParams('?wall=1&autofocus=8')).toMatchObject({ autoFocus: true, autoFocusHoldS: 8 });
    expect(parseKioskParams('?wall=1&autofocus=1')).toMatchObject({ autoFocus: true, autoFocusHoldS: null });
  });

  it('camera sync: tile 0,0 leads, the others follow, ?sync= overrides, none outside wall mode', () => {
    expect(parseKioskParams('?wall=w&tile=0,0&tiles=2x1').sync).toBe('leader');
    expect(parseKioskParams('?wall=w&tile=0,1&tiles=2x2').sync).toBe('follower');
    expect(parseKioskParams('?wall=w').sync).toBeNull();
    expect(parseKioskParams('?wall=w&sync=leader').sync).toBe('leader');
    expect(parseKioskParams('?wall=w&canvas=640x180&sync=follower').sync).toBe('follower');
    expect(parseKioskParams('?wall=w&tile=0,0&tiles=2x1&sync=0').sync).toBeNull();
    expect(parseKioskParams('?sync=leader').sync).toBeNull();
    const bad = parseKioskParams('?wall=w&tile=1,0&tiles=2x1&sync=boss');
    expect(bad.sync).toBe('follower');
    expect(bad.errors).toEqual(['?sync=boss: expected leader, follower or 0']);
  });

  it('names each bad value and keeps the default for it', () => {
    const p = parseKioskParams('?wall=a%20b&canvas=big&tile=2,0&tiles=2x1&tour=Brief!');
    expect(p.canvas).toEqual({ width: 3840, height: 2160 });
    expect(p.tile).toBeNull();
    expect(p.errors).toHaveLength(4);
    expect(p.errors.join('\n')).toMatch(/wall=a b[\s\S]*canvas=big[\s\S]*tile=2,0[\s\S]*tour=Brief!/);
  });
});

describe('letterbox', () => {
  it('a 16:9 canvas in a 4:3 window: bars above and below, whole width used', () => {
    expect(letterbox({ width: 3840, height: 2160 }, { width: 1024, height: 768 })).toEqual({
      scale: 1024 / 3840,
      left: 0,
      top: (768 - 576) / 2,
    });
  });
  it('a 16:9 canvas in a 21:9 window: bars left and right, whole height used', () => {
    expect(letterbox({ width: 3840, height: 2160 }, { width: 1260, height: 540 })).toEqual({
      scale: 0.25,
      left: (1260 - 960) / 2,
      top: 0,
    });
  });
});

describe('readableFontPx', () => {
  it('10 m from a 5.3 m wide wall on a 3840 px canvas', () => {
    // cap 10·tan(0.3°) = 52.4 mm → em 74.8 mm → 74.8/5300·3840 = 54.2 → 55 px
    expect(readableFontPx(3840, 5.3, 10)).toBe(55);
  });
});
