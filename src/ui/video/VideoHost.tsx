import { useCallback, useMemo, useState } from 'react';
import { areaName } from '../../i18n/i18n.ts';
import { camerasSeeing } from '../../live/models/cameras.model.ts';
import {
  DEFAULT_PATROL_EVERY_S,
  parsePatrolLink,
  PATROL_LAYOUTS,
  type PatrolLayout,
  type PatrolSource,
  type PatrolState,
} from '../../live/video/patrol.model.ts';
import { useLiveRuntime, useLiveTopics } from '../live/live-hooks.ts';
import { useSelection, useT, useVideo, useWall } from '../wall-context.ts';
import type { FaultReason } from './video-player.ts';
import { VideoPatrolPanel } from './VideoPatrolPanel.tsx';

// Where the patrol opens from: the operator's button (over the selected incident's cameras, else
// the focused area), a deep link (?patrol=S04-C01-G03&patrolLayout=9&patrolEvery=10, or
// ?patrol=incident:<id>), or a scene that turns on the `video-patrol` entry of its layers with
// options { layout, everyS, cameras? }.

/** the scene/layer-state key a scene uses to open the patrol */
export const PATROL_LAYER_ID = 'video-patrol';

type Target =
  { kind: 'area'; areaId: string } | { kind: 'incident'; incidentId: string } | { kind: 'cameras'; ids: string[] };
interface Open {
  target: Target;
  layout: PatrolLayout;
  everyS: number;
}

const asLayout = (v: unknown): PatrolLayout =>
  (PATROL_LAYOUTS as readonly unknown[]).includes(v) ? (v as PatrolLayout) : 4;

export function VideoHost() {
  const t = useT();
  const video = useVideo();
  const rt = useLiveRuntime();
  // the token arrives with the connection: tiles wait for it rather than be refused without one
  useLiveTopics(rt, ['connection'], 500);
  const lang = useWall((s) => s.lang);
  const index = useWall((s) => s.index);
  const focus = useWall((s) => s.focus);
  const districtId = useWall((s) => s.summary?.id ?? null);
  const sceneLayer = useWall((s) => s.layers[PATROL_LAYER_ID]);
  const selection = useSelection();
  const [manual, setManual] = useState<Open | null>(() => parsePatrolLink(window.location.search));
  const [closedScene, setClosedScene] = useState<unknown>(null);

  // a scene's request holds until the operator closes it or the next scene changes it
  const fromScene: Open | null = useMemo(() => {
    if (!sceneLayer?.visible || closedScene === sceneLayer) return null;
    const o = sceneLayer.options as { layout?: unknown; everyS?: unknown; cameras?: unknown };
    const ids = Array.isArray(o.cameras) ? o.cameras.filter((x): x is string => typeof x === 'string') : null;
    const everyS = typeof o.everyS === 'number' ? o.everyS : DEFAULT_PATROL_EVERY_S;
    return {
      target: ids ? { kind: 'cameras', ids } : { kind: 'area', areaId: focus.id || districtId || '' },
      layout: asLayout(o.layout),
      everyS,
    };
  }, [sceneLayer, closedScene, focus.id, districtId]);
  const open = manual ?? fromScene;

  const source: PatrolSource | null = useMemo(() => {
    if (!open || !rt) return null;
    const target = open.target;
    if (target.kind === 'cameras') return { kind: 'cameras', ids: target.ids };
    if (target.kind === 'incident') {
      const inc = rt.client.store.incidents.byId.get(target.incidentId);
      const cams = rt.client.store.cameras;
      return {
        kind: 'cameras',
        ids: inc?.position ? camerasSeeing(cams, inc.position).map((i) => cams.cameras[i].id) : [],
      };
    }
    // the district as a whole: every camera
    if (!target.areaId || target.areaId === districtId) return { kind: 'cameras', ids: rt.cameras.map((c) => c.id) };
    return { kind: 'area', areaId: target.areaId };
  }, [open, rt, districtId]);

  const onFault = useCallback(
    (cameraId: string, reason: FaultReason, detail: string) => video.fault(rt, cameraId, reason, detail),
    [video, rt],
  );
  const onPlaying = useCallback((cameraId: string) => video.playing(rt, cameraId), [video, rt]);
  const onState = useCallback(
    (s: PatrolState) => {
      video.patrol = s;
    },
    [video],
  );
  const close = useCallback(() => {
    setManual(null);
    if (sceneLayer?.visible) setClosedScene(sceneLayer);
    video.patrol = null;
  }, [sceneLayer, video]);

  const openHere = () => {
    if (selection?.kind === 'incident')
      setManual({ target: { kind: 'incident', incidentId: selection.id }, layout: 4, everyS: DEFAULT_PATROL_EVERY_S });
    else
      setManual({
        target: { kind: 'area', areaId: focus.id || districtId || '' },
        layout: 4,
        everyS: DEFAULT_PATROL_EVERY_S,
      });
  };

  if (!open || !source || !rt || !rt.client.token) {
    return (
      <button
        type="button"
        className="video-patrol-open"
        data-testid="patrol-open"
        onClick={openHere}
        disabled={!rt?.client.token}
      >
        {t('video.patrol.open')}
      </button>
    );
  }
  const target = open.target;
  const title =
    target.kind === 'incident'
      ? t('video.patrol.incident', { id: target.incidentId })
      : target.kind === 'area'
        ? t('video.patrol.area', {
            name: areaName(lang, index?.byId.get(target.areaId)) || target.areaId || districtId || '',
          })
        : '';
  return (
    <VideoPatrolPanel
      cameras={rt.cameras}
      source={source}
      title={title}
      token={rt.client.token}
      decoders={video.decoders}
      t={t}
      layout={open.layout}
      everyS={open.everyS}
      onFault={onFault}
      onPlaying={onPlaying}
      onClose={close}
      onState={onState}
    />
  );
}
