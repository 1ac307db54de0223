import { areaName, tOr } from '../../i18n/i18n.ts';
import { CAMERA_STATUS_CSS } from '../../layers/cameras/cameras.style.ts';
import { CAMERA_STATUS, cameraStatusOf } from '../../live/models/cameras.model.ts';
import { useLiveRuntime, useLiveTopics } from '../live/live-hooks.ts';
import { useEffect, useState } from 'react';
import { useSelect, useT, useVideo, useWall } from '../wall-context.ts';
import { VideoFeed } from './VideoFeed.tsx';

export function CameraPanel({ id }: { id: string }) {
  const lang = useWall((s) => s.lang);
  const index = useWall((s) => s.index);
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['cameras'], 1000);
  const t = useT();
  const select = useSelect();
  const video = useVideo();
  const [noFfmpeg, setNoFfmpeg] = useState(false);
  const token = rt?.client.token ?? null;
  const hasStream = Boolean(rt?.cameraById.get(id)?.stream);
  // a demo camera without video says whether that is because the server has no ffmpeg
  useEffect(() => {
    if (hasStream) return;
    let live = true;
    void video.serverStatus(token).then((s) => live && setNoFfmpeg(s?.ffmpeg === false));
    return () => {
      live = false;
    };
  }, [hasStream, token, video]);
  const cam = rt?.cameraById.get(id);
  if (!rt || !cam) return null;
  const status = cameraStatusOf(rt.client.store.cameras, id) ?? 'unknown';
  const street = index?.byId.get(cam.streetId);
  const grid = index?.byId.get(cam.gridId);
  return (
    <section className="live-panel" data-testid="camera-panel" data-camera-id={id}>
      <button
        type="button"
        className="live-panel-close"
        onClick={() => select(null)}
        aria-label={t('live.panel.close')}
      >
        ×
      </button>
      <div className="panel-kicker">
        {t('live.cam.kicker')} · {cam.id}
      </div>
      <h2 className="live-panel-title">{cam.name}</h2>
      <div className="live-row">
        <span
          className="live-chip"
          style={{
            borderColor: CAMERA_STATUS_CSS[CAMERA_STATUS[status]],
            color: CAMERA_STATUS_CSS[CAMERA_STATUS[status]],
          }}
          data-testid="camera-status"
        >
          {t(`cameras.status.${status}`)}
        </span>
        <span className="live-chip">{tOr(t, `cameras.kind.${cam.kind}`, cam.kind)}</span>
      </div>
      <dl className="live-dl">
        <dt>{t('live.cam.street')}</dt>
        <dd>{street ? areaName(lang, street) : cam.streetId}</dd>
        <dt>{t('live.cam.grid')}</dt>
        <dd>{grid ? areaName(lang, grid) : cam.gridId}</dd>
      </dl>
      <VideoFeed
        cameraId={cam.id}
        stream={cam.stream ?? null}
        token={token}
        decoders={video.decoders}
        simulatedLabel={noFfmpeg ? `${t('live.cam.simulated')} · ${t('video.noFfmpeg')}` : t('live.cam.simulated')}
        offline={status === 'offline' ? t('live.cam.offline') : null}
        busyLabel={t('video.tile.busy')}
        faultLabel={(r) => t(`video.fault.${r}`)}
        onPlaying={() => video.playing(rt, cam.id)}
        onFault={(r, d) => video.fault(rt, cam.id, r, d)}
      />
    </section>
  );
}
