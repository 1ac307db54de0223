import { Cartesian3, type Camera } from 'cesium';
import { io } from 'socket.io-client';
import { resolveToken } from '../live/live-client.ts';
import { WALL_NAMESPACE } from '../protocol/wall.schema.ts';
import type { HallDirector } from '../scenes/hall/hall-director.ts';
import type { KioskParams } from '../scenes/kiosk/kiosk.params.ts';
import { WallSync, type CameraPose } from '../scenes/kiosk/wall-sync.ts';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import { installTileFrustum } from './tile-frustum.cesium.ts';
import type { WallEngine } from './wall-engine.ts';

// A spliced wall driven by several browsers (issue 9 §3), composed here: each tile draws its own
// window of the wall (tile-frustum.cesium.ts) and the tiles share one camera through the relay
// (wall-sync.ts). A follower never flies by itself; the scene the leader shows comes with its pose.

/** The camera exactly as the tiles share it: ECEF metres and radians. */
export function cameraPoseOf(c: Camera): CameraPose {
  const p = c.positionWC;
  return { position: [p.x, p.y, p.z], heading: c.heading, pitch: c.pitch, roll: c.roll };
}

export interface WallTiles {
  diagnostics(): ReturnType<WallSync['diagnostics']> | null;
  stop(): void;
}

export function startWallTiles(o: {
  kiosk: KioskParams;
  engine: WallEngine;
  director: HallDirector;
  store: Store<WallState, WallAction>;
  onError: (message: string) => void;
}): WallTiles {
  const { kiosk, engine } = o;
  const viewer = engine.viewer;
  const undo: (() => void)[] = [];
  if (kiosk.tile) undo.push(installTileFrustum(viewer, kiosk.tile));
  let sync: WallSync | null = null;
  let stopped = false;
  if (kiosk.sync) {
    const role = kiosk.sync;
    engine.followCamera(role === 'follower');
    void resolveToken(window.location.origin, window.location.search)
      .then(({ token }) => {
        if (stopped) return;
        const socket = io(window.location.origin + WALL_NAMESPACE, { auth: { token }, transports: ['websocket'] });
        sync = new WallSync({
          name: kiosk.name,
          role,
          socket,
          readCamera: () => cameraPoseOf(viewer.camera),
          applyCamera: (p) => {
            viewer.camera.setView({
              destination: new Cartesian3(p.position[0], p.position[1], p.position[2]),
              orientation: { heading: p.heading, pitch: p.pitch, roll: p.roll },
            });
            engine.invalidate();
          },
          scene: () => ({ scene: o.director.snapshot().sceneId, focus: o.store.getState().focus.id }),
          showScene: (scene, focus) => {
            if (scene) o.director.showScene(scene, focus);
          },
        });
        sync.start();
        if (role === 'leader') {
          const s = sync;
          undo.push(viewer.scene.postRender.addEventListener(() => s.frame()));
        }
        undo.push(() => socket.disconnect());
      })
      .catch((e: Error) => o.onError(`wall sync: ${e.message}`));
  }
  return {
    diagnostics: () => sync?.diagnostics() ?? null,
    stop() {
      stopped = true;
      sync?.stop();
      for (const u of undo.splice(0)) u();
    },
  };
}
