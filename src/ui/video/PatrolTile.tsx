import { useEffect, useRef, useState } from 'react';
import type { Camera } from '../../domain/district.types.ts';
import type { Translate } from '../../i18n/i18n.ts';
import type { VideoDecoders } from './video-decoders.ts';
import { attachVideoPlayer, type FaultReason } from './video-player.ts';

// One live tile: takes a decoder slot, plays the camera's stream, gives the slot back when the
// camera changes, the tile goes or the wall hides it (`active` false). A camera without a stream
// gets a still, labelled stand-in: nine animated stand-ins would cost a wall PC for nothing.

type TileState =
  { s: 'idle' } | { s: 'loading' } | { s: 'playing' } | { s: 'busy' } | { s: 'fault'; reason: FaultReason };

export interface PatrolTileProps {
  /** the decoder holder key: one per tile position, so a tile never holds two */
  slot: string;
  camera: Camera | null;
  token: string | null;
  decoders: VideoDecoders;
  /** false while the panel or the page is hidden: no download, no decoder */
  active: boolean;
  t: Translate;
  onFault: (cameraId: string, reason: FaultReason, detail: string) => void;
  onPlaying?: (cameraId: string) => void;
}

export function PatrolTile({ slot, camera, token, decoders, active, t, onFault, onPlaying }: PatrolTileProps) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const imgRef = useRef<HTMLImageElement>(null);
  const [state, setState] = useState<TileState>({ s: 'idle' });
  // callbacks through a ref: a new closure from the parent must not restart the stream
  const cb = useRef({ onFault, onPlaying });
  cb.current = { onFault, onPlaying };
  const stream = camera?.stream ?? null;
  const cameraId = camera?.id ?? null;

  useEffect(() => {
    if (!active || !stream || !cameraId) {
      setState({ s: 'idle' });
      return;
    }
    if (!decoders.acquire(slot)) {
      setState({ s: 'busy' });
      return;
    }
    setState({ s: 'loading' });
    const el = stream.kind === 'mjpeg' ? imgRef.current : videoRef.current;
    if (!el) return () => decoders.release(slot);
    const player = attachVideoPlayer(el, stream, token, {
      onPlaying: () => {
        setState({ s: 'playing' });
        cb.current.onPlaying?.(cameraId);
      },
      onFault: (reason, detail) => {
        decoders.release(slot);
        setState({ s: 'fault', reason });
        cb.current.onFault(cameraId, reason, detail);
      },
    });
    return () => {
      player.destroy();
      decoders.release(slot);
    };
  }, [active, cameraId, stream, token, slot, decoders]);

  if (!camera) return <div className="patrol-tile patrol-tile-empty" data-testid="patrol-tile" />;
  const note = !stream
    ? t('video.tile.noStream')
    : state.s === 'loading'
      ? t('video.tile.loading')
      : state.s === 'busy'
        ? t('video.tile.busy')
        : state.s === 'fault'
          ? t(`video.fault.${state.reason}`)
          : null;
  return (
    <div
      className="patrol-tile"
      data-testid="patrol-tile"
      data-camera-id={camera.id}
      data-state={stream ? state.s : 'no-stream'}
      data-kind={stream?.kind ?? ''}
    >
      {stream && stream.kind !== 'mjpeg' ? (
        <video ref={videoRef} className="patrol-media" muted playsInline autoPlay />
      ) : null}
      {stream && stream.kind === 'mjpeg' ? <img ref={imgRef} className="patrol-media" alt={camera.name} /> : null}
      <div className="patrol-caption">
        <span className="patrol-name">{camera.name}</span>
        <span className="patrol-id">{camera.id}</span>
      </div>
      {note ? <div className={`patrol-note${state.s === 'fault' ? ' patrol-note-fault' : ''}`}>{note}</div> : null}
    </div>
  );
}
