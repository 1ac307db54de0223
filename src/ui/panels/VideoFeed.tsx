import Hls from 'hls.js';
import { useEffect, useRef, useState } from 'react';

// A camera's picture in the panel: HLS through hls.js (or natively where the browser can), an MJPEG
// URL straight into an <img>, and for demo cameras (no stream) a locally drawn simulated scene
// clearly labelled 模拟画面 — never a stock video, never anything fetched from elsewhere.

export type FeedKind = 'hls' | 'mjpeg' | 'simulated';

export function feedKindOf(url: string | null): FeedKind {
  if (!url) return 'simulated';
  return /\.m3u8(\?|$)/i.test(url) ? 'hls' : 'mjpeg';
}

function HlsVideo({ url, onError }: { url: string; onError: (m: string) => void }) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = ref.current;
    if (!video) return;
    if (Hls.isSupported()) {
      const hls = new Hls({ enableWorker: false, lowLatencyMode: true });
      hls.on(Hls.Events.ERROR, (_e, data) => {
        if (data.fatal) onError(`HLS: ${data.details}`);
      });
      hls.loadSource(url);
      hls.attachMedia(video);
      return () => hls.destroy();
    }
    if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = url;
      return () => {
        video.removeAttribute('src');
        video.load();
      };
    }
    onError('HLS not supported by this browser');
  }, [url, onError]);
  return <video ref={ref} className="feed-media" muted autoPlay playsInline data-testid="feed-hls" />;
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
    const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
    const W = (canvas.width = 320);
    const H = (canvas.height = 180);
    const horizon = 60 + rnd() * 30;
    const buildings = Array.from({ length: 7 }, (_, i) => ({ x: i * 48 + rnd() * 10, w: 36 + rnd() * 12, h: 30 + rnd() * 50 }));
    const movers = Array.from({ length: 6 }, () => ({ x: rnd() * W, lane: rnd(), v: (rnd() - 0.5) * 2.4, car: rnd() < 0.5 }));
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

export function VideoFeed({ cameraId, url, simulatedLabel, offline }: { cameraId: string; url: string | null; simulatedLabel: string; offline: string | null }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setError(null), [url]);
  if (offline) return <div className="feed-offline">{offline}</div>;
  const kind = feedKindOf(url);
  return (
    <div className="feed" data-feed-kind={kind}>
      {kind === 'simulated' ? (
        <SimulatedFeed seedKey={cameraId} label={simulatedLabel} />
      ) : kind === 'hls' ? (
        <HlsVideo url={url!} onError={setError} />
      ) : (
        <img className="feed-media" src={url!} alt={cameraId} onError={() => setError('MJPEG stream unavailable')} data-testid="feed-mjpeg" />
      )}
      {error ? <div className="feed-error">{error}</div> : null}
    </div>
  );
}
