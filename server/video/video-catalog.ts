import type { Camera, CameraStream, CameraStreamKind } from '../../src/domain/district.types.ts';
import { LOCAL_FILES, videoPath } from '../../src/protocol/video.schema.ts';
import { LocalSource } from './local-source.ts';

// Which camera plays what. Data files name each camera's upstream (the media server on the video
// network); the demo district has none, so at serve time a few demo cameras get local ffmpeg test
// streams instead. Either way the wall is only ever told the same-origin /video path.

export type VideoSource =
  | { kind: CameraStreamKind; type: 'local'; source: LocalSource; entry: string }
  | { kind: CameraStreamKind; type: 'upstream'; url: URL; entry: string };

export interface CatalogOptions {
  ffmpeg: string | null;
  /** how many local test streams the demo gets (0: none) */
  demoStreams: number;
  /** temp directory for the local HLS files */
  root: string;
  log?: (msg: string) => void;
}

/** A stream kind from a legacy `streamUrl` or an upstream without one declared. */
export function kindFromUrl(url: string): CameraStreamKind {
  const p = url.split('?')[0].toLowerCase();
  if (p.endsWith('.m3u8')) return 'hls';
  if (p.endsWith('.flv')) return 'flv';
  return 'mjpeg';
}

/** The upstream a camera's data names, if any (`stream`, else the legacy `streamUrl`). */
export function upstreamOf(c: Camera): CameraStream | null {
  if (c.stream?.url) return c.stream;
  if (c.streamUrl) return { kind: kindFromUrl(c.streamUrl), url: c.streamUrl };
  return null;
}

/**
 * The demo cameras that get local streams: the grid with the most cameras (smallest id on a tie),
 * its first `n` cameras by id. One grid, so a patrol of that grid, its community or its street
 * shows them all. Derived from the data alone: the same district always picks the same cameras.
 */
export function pickDemoCameras(cameras: readonly Camera[], n: number): Camera[] {
  if (n <= 0 || cameras.length === 0) return [];
  const byGrid = new Map<string, Camera[]>();
  for (const c of cameras) {
    const list = byGrid.get(c.gridId);
    if (list) list.push(c);
    else byGrid.set(c.gridId, [c]);
  }
  let best: Camera[] = [];
  let bestGrid = '';
  for (const [grid, list] of byGrid) {
    if (list.length > best.length || (list.length === best.length && grid < bestGrid)) {
      best = list;
      bestGrid = grid;
    }
  }
  return [...best].sort((a, b) => (a.id < b.id ? -1 : 1)).slice(0, n);
}

const entryOf = (url: URL) => decodeURIComponent(url.pathname.split('/').pop() || '') || 'stream';

export class VideoCatalog {
  readonly sources = new Map<string, VideoSource>();
  readonly locals: LocalSource[] = [];

  /**
   * Builds the catalog and rewrites each camera's `stream` in place to its /video path, so the
   * data API (which serves these same objects) never hands an upstream address to a browser.
   */
  constructor(cameras: Camera[], o: CatalogOptions) {
    let upstreams = 0;
    for (const c of cameras) {
      const up = upstreamOf(c);
      if (!up) continue;
      let url: URL;
      try {
        url = new URL(up.url);
      } catch {
        o.log?.(`video: camera ${c.id}: stream url is not absolute (${up.url.slice(0, 80)}), ignored`);
        continue;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      this.sources.set(c.id, { kind: up.kind, type: 'upstream', url, entry: entryOf(url) });
      upstreams++;
    }
    // a real district's data names its streams: the demo streams are only for data without any
    if (upstreams === 0 && o.ffmpeg && o.demoStreams > 0) {
      pickDemoCameras(cameras, o.demoStreams).forEach((c, i) => {
        const source = new LocalSource({
          ffmpeg: o.ffmpeg!,
          root: o.root,
          id: `s${i + 1}`,
          label: `${c.name} ${c.id}`,
          log: o.log,
        });
        const kind: CameraStreamKind = i % 2 === 0 ? 'hls' : 'flv';
        this.sources.set(c.id, { kind, type: 'local', source, entry: LOCAL_FILES[kind] });
        this.locals.push(source);
      });
    }
    for (const c of cameras) {
      const s = this.sources.get(c.id);
      c.stream = s ? { kind: s.kind, url: videoPath(c.id, s.entry) } : null;
      if (c.streamUrl) c.streamUrl = null; // superseded; never leak the upstream through it either
    }
  }

  get(cameraId: string): VideoSource | undefined {
    return this.sources.get(cameraId);
  }

  async close(): Promise<void> {
    await Promise.all(this.locals.map((s) => s.close()));
  }
}
