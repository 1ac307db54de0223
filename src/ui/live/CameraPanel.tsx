import { useWall } from '../wall-context.ts';
import { cameraStatusOf } from '../../live/models/cameras.model.ts';
import { CAMERA_STATUS, type CameraStatusName } from '../../live/models/cameras.model.ts';
import { CAMERA_STATUS_CSS } from '../../layers/cameras/cameras.style.ts';
import { useLiveRuntime, useLiveTopics } from './live-hooks.ts';
import { liveT } from './live.i18n.ts';
import { liveUi } from '../../state/selection.store.ts';
import { VideoFeed } from './VideoFeed.tsx';

const STATUS_LABELS: Record<CameraStatusName, [string, string]> = {
  online: ['在线', 'Online'],
  fault: ['故障', 'Fault'],
  offline: ['离线', 'Offline'],
  unknown: ['未知', 'Unknown'],
};
const KIND_LABELS: Record<string, [string, string]> = {
  road: ['道路', 'Road'],
  junction: ['路口', 'Junction'],
  community: ['小区', 'Community'],
  border: ['边界', 'Border'],
  'public-space': ['公共场所', 'Public space'],
};

export function CameraPanel({ id }: { id: string }) {
  const lang = useWall((s) => s.lang);
  const index = useWall((s) => s.index);
  const rt = useLiveRuntime();
  useLiveTopics(rt, ['cameras'], 1000);
  const t = liveT(lang);
  const en = lang === 'en' ? 1 : 0;
  const cam = rt?.cameraById.get(id);
  if (!rt || !cam) return null;
  const status = cameraStatusOf(rt.client.store.cameras, id) ?? 'unknown';
  const street = index?.byId.get(cam.streetId);
  const grid = index?.byId.get(cam.gridId);
  return (
    <section className="live-panel" data-testid="camera-panel" data-camera-id={id}>
      <button type="button" className="live-panel-close" onClick={() => liveUi.select(null)} aria-label={t('panel.close')}>
        ×
      </button>
      <div className="panel-kicker">
        {t('cam.kicker')} · {cam.id}
      </div>
      <h2 className="live-panel-title">{cam.name}</h2>
      <div className="live-row">
        <span className="live-chip" style={{ borderColor: CAMERA_STATUS_CSS[CAMERA_STATUS[status]], color: CAMERA_STATUS_CSS[CAMERA_STATUS[status]] }} data-testid="camera-status">
          {STATUS_LABELS[status][en]}
        </span>
        <span className="live-chip">{KIND_LABELS[cam.kind]?.[en] ?? cam.kind}</span>
      </div>
      <dl className="live-dl">
        <dt>{t('cam.street')}</dt>
        <dd>{street ? (en ? street.nameEn : street.name) : cam.streetId}</dd>
        <dt>{t('cam.grid')}</dt>
        <dd>{grid ? (en ? grid.nameEn : grid.name) : cam.gridId}</dd>
      </dl>
      <VideoFeed cameraId={cam.id} url={cam.streamUrl} simulatedLabel={t('cam.simulated')} offline={status === 'offline' ? t('cam.offline') : null} />
    </section>
  );
}
