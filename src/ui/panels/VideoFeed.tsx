import { useEffect, useRef, useState } from 'react';
import type { CameraStream } from '../../domain/district.types.ts';
import type { VideoDecoders } from '../video/video-decoders.ts';
import { attachVideoPlayer, type FaultReason } from '../video/video-player.ts';

// A camera's picture in the panel: its stream through the same-origin /video proxy (HLS via hls.js,
// HTTP-FLV via mpegts.js, MJPEG into an <img>), holding one of the wall's decoder slots; for
// cameras without a stream (demo data without ffmpeg) a locally drawn simulated scene clearly
// labelled 模拟画面 — never a stock video, never anything fetched from elsewhere.

export type FeedKind = CameraStream['kind'] | 'simulated';

/** the decoder slot the camera panel holds (the patrol's tiles hold patrol-0 … patrol-8) */
const PANEL_SLOT = 'camera-panel';

interface StreamProps {
  stream: CameraStream;
  token: string | null;
  decoders: VideoDecoders;
  busyLabel: string;
  onPlaying: () => void;
  onFault: (reason: FaultReason, detail: string) => void;
}

function StreamMedia({ stream, token, decoders, busyLabel, onPlaying, onFault }: StreamProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const imgRef = useRef<HTMLImageElement>(null);
  const [busy, setBusy] = useState(false);
  const cb = useRef({ onPlaying, onFault });
  cb.current = { onPlaying, onFault };
  useEffect(() => {
    if (!decoders.acquire(PANEL_SLOT)) {
      setBusy(true);
      return;
    }
    setBusy(false);
    const el = stream.kind === 'mjpeg' ? imgRef.current : videoRef.current;
    if (!el) return () => decoders.release(PANEL_SLOT);
    const player = attachVideoPlayer(el, stream, token, {
      onPlaying: () => cb.current.onPlaying(),
      onFault: (r, d) => {
        decoders.release(PANEL_SLOT);
        cb.current.onFault(r, d);
      },
    });
    return () => {
      player.destroy();
      decoders.release(PANEL_SLOT);
    };
  }, [stream, token, decoders]);
  if (busy) return <div className="feed-offline">{busyLabel}</div>;
  return stream.kind === 'mjpeg' ? (
    <img ref={imgRef} className="feed-media" alt="" data-testid="feed-mjpeg" />
  ) : (
    <video ref={videoRef} className="feed-media" muted autoPlay playsInline data-testid={`feed-${stream.kind}`} />
  );
}

/** A little street scene: moving cars and walkers over a fixed backdrop, seeded by the camera id. */
function SimulatedFeed({ seedKey, label }: { seedKey: string; label: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const g = canvas?.getContext('2d');
    if (!canvas || !g) return;
    let seed = 0;
    for (const ch of seedKey) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0;
    const rnd = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296;
    const W = (canvas.width = 320);
    const H = (canvas.height = 180);
    const horizon = 60 + rnd() * 30;
    const buildings = Array.from({ length: 7 }, (_, i) => ({
      x: i * 48 + rnd() * 10,
      w: 36 + rnd() * 12,
      h: 30 + rnd() * 50,
    }));
    const movers = Array.from({ length: 6 }, () => ({
      x: rnd() * W,
      lane: rnd(),
      v: (rnd() - 0.5) * 2.4,
      car: rnd() < 0.5,
    }));
    let raf = 0;
    let frame = 0;
    const draw = () => {
      frame++;
      g.fillStyle = '#1b2633';
      g.fillRect(0, 0, W, horizon);
      for (const b of buildings) {
        g.fillStyle = '#2c3a4a';
        g.fillRect(b.x, horizon - b.h, b.w, b.h);
      }
      g.fillStyle = '#3a4046';
      g.fillRect(0, horizon, W, H - horizon);
      g.fillStyle = '#c9c27a';
      for (let x = (frame * 0.5) % 40; x < W; x += 40) g.fillRect(x, horizon + (H - horizon) / 2, 18, 2);
      for (const m of movers) {
        m.x = (m.x + m.v + W) % W;
        const y = horizon + 8 + m.lane * (H - horizon - 24);
        g.fillStyle = m.car ? '#d8dde3' : '#f0b46a';
        if (m.car) g.fillRect(m.x, y, 22, 10);
        else g.fillRect(m.x, y - 8, 4, 12);
      }
      // Sensor noise and the overlay text a real NVR would burn in.
      g.fillStyle = 'rgba(255,255,255,0.04)';
      for (let k = 0; k < 60; k++) g.fillRect(rnd() * W, rnd() * H, 1, 1);
      g.fillStyle = '#ffffff';
      g.font = '11px monospace';
      g.fillText(`${seedKey}  ${new Date().toLocaleTimeString('zh-CN', { hour12: false })}`, 6, 14);
      raf = requestAnimationFrame(draw);
    };
    draw();
    return () => cancelAnimationFrame(raf);
  }, [seedKey]);
  return (
    <div className="feed-sim">
      <canvas ref={ref} className="feed-media" data-testid="feed-simulated" />
      <span className="feed-sim-label">{label}</span>
    </div>
  );
}

export interface VideoFeedProps {
  cameraId: string;
  stream: CameraStream | null;
  token: string | null;
  decoders: VideoDecoders;
  simulatedLabel: string;
  offline: string | null;
  busyLabel: string;
  faultLabel: (reason: FaultReason) => string;
  onPlaying: () => void;
  onFault: (reason: FaultReason, detail: string) => void;
}

export function VideoFeed(p: VideoFeedProps) {
  const [error, setError] = useState<string | null>(null);
  const streamKey = p.stream ? `${p.stream.kind}:${p.stream.url}` : '';
  useEffect(() => setError(null), [streamKey]);
  if (p.offline) return <div className="feed-offline">{p.offline}</div>;
  const kind: FeedKind = p.stream ? p.stream.kind : 'simulated';
  const { onFault, faultLabel } = p;
  return (
    <div className="feed" data-feed-kind={kind}>
      {p.stream ? (
        <StreamMedia
          stream={p.stream}
          token={p.token}
          decoders={p.decoders}
          busyLabel={p.busyLabel}
          onPlaying={p.onPlaying}
          onFault={(r, d) => {
            setError(faultLabel(r));
            onFault(r, d);
          }}
        />
      ) : (
        <SimulatedFeed seedKey={p.cameraId} label={p.simulatedLabel} />
      )}
      {error ? <div className="feed-error">{error}</div> : null}
    </div>
  );
}
