import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// Finding ffmpeg and a font, and the one command line each demo stream runs. ffmpeg is optional:
// without it the demo cameras keep the wall's drawn stand-in, and the server says so.

/** The ffmpeg binary: GRIDWALL_FFMPEG, else `ffmpeg` on PATH. null when absent or broken. */
export function findFfmpeg(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidate = env.GRIDWALL_FFMPEG || 'ffmpeg';
  if (candidate === 'none') return null;
  const probe = spawnSync(candidate, ['-hide_banner', '-version'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    timeout: 5000,
  });
  if (probe.status !== 0 || !String(probe.stdout).startsWith('ffmpeg version')) return null;
  return candidate;
}

// Camera names are Chinese: a CJK font first (fonts-noto-cjk, which CI installs for the browser
// tests anyway), DejaVu for the clock. Debian paths; a missing font only drops the text.
const CJK_FONTS = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
];
const MONO_FONTS = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
];

export function findFont(candidates: readonly string[]): string | null {
  return candidates.find((f) => fs.existsSync(f)) ?? null;
}

export interface StreamShape {
  width: number;
  height: number;
  fps: number;
  /** HLS segment length, seconds; the GOP is one segment so every segment starts with a keyframe */
  segmentS: number;
  /** segments kept in the live playlist (older ones are deleted from disk) */
  playlistSize: number;
}

// Small and slow on purpose: a wall tile is small, and the demo shares its two cores with the relay.
export const DEMO_SHAPE: StreamShape = { width: 320, height: 180, fps: 10, segmentS: 1, playlistSize: 6 };

/** ffmpeg's filter syntax escapes ':' '\' and quotes in option values */
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/:/g, '\\:').replace(/'/g, "\\'");

/**
 * Arguments for one live test stream: a moving test pattern with the camera name (read from a
 * file so no name needs escaping) and the wall clock, encoded once and written twice by the tee
 * muxer: HLS segments into `dir`, HTTP-FLV to stdout.
 */
export function streamArgs(dir: string, labelFile: string, shape: StreamShape = DEMO_SHAPE): string[] {
  const cjk = findFont(CJK_FONTS);
  const mono = findFont(MONO_FONTS);
  const filters: string[] = [];
  const box = 'fontcolor=white:box=1:boxcolor=black@0.6:boxborderw=3';
  if (cjk)
    filters.push(
      `drawtext=fontfile=${esc(cjk)}:textfile=${esc(labelFile)}:x=6:y=6:fontsize=${Math.round(shape.height / 12)}:${box}`,
    );
  if (mono)
    filters.push(
      `drawtext=fontfile=${esc(mono)}:text='%{localtime}':x=6:y=h-th-8:fontsize=${Math.round(shape.height / 13)}:${box}`,
    );
  const gop = Math.max(1, Math.round(shape.fps * shape.segmentS));
  const hls = [
    'f=hls',
    `hls_time=${shape.segmentS}`,
    `hls_list_size=${shape.playlistSize}`,
    'hls_flags=delete_segments+independent_segments+temp_file',
    `hls_segment_filename=${esc(path.join(dir, 's%d.ts'))}`,
  ].join(':');
  return [
    '-hide_banner',
    '-loglevel',
    'error',
    '-nostdin',
    '-re',
    '-f',
    'lavfi',
    '-i',
    `testsrc2=size=${shape.width}x${shape.height}:rate=${shape.fps}`,
    ...(filters.length ? ['-vf', filters.join(',')] : []),
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-tune',
    'zerolatency',
    '-profile:v',
    'baseline',
    '-pix_fmt',
    'yuv420p',
    // the tee muxer hides FLV's need for global headers: without this its AVC sequence header is empty
    '-flags',
    '+global_header',
    // ...and HLS segments then need SPS/PPS in-band on each keyframe
    '-x264-params',
    'repeat-headers=1',
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    '-b:v',
    '300k',
    '-an',
    '-map',
    '0:v',
    '-f',
    'tee',
    `[${hls}]${path.join(dir, 'index.m3u8')}|[f=flv]pipe\\:1`,
  ];
}
