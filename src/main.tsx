import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { installDiagnostics } from './app/diagnostics.ts';
import { startWallEffects } from './app/wall-effects.ts';
import type { WallEngine } from './app/wall-engine.ts';
import { createLiveHub } from './live/live-hub.ts';
import { readTokenClaims } from './live/live-client.ts';
import { initialFocus, planScope } from './live/live-scope.ts';
import { createSelectionStore } from './state/selection.store.ts';
import { parseDeepLink } from './state/deep-link.ts';
import { createStore } from './state/store.ts';
import { VideoWall } from './ui/video/video-wall.ts';
import { initialWallState, wallReducer } from './state/wall.model.ts';
import { DEFAULT_SCENE } from './scenes/scenes.ts';
import { startHall } from './app/hall-wiring.ts';
import { HallContext } from './ui/hall/hall-context.ts';
import './styles/wall.css';

const link = parseDeepLink(window.location.search);
const store = createStore(wallReducer, initialWallState(link.lang ?? 'zh-CN', null));
for (const error of link.errors) store.dispatch({ type: 'error', error });

// The wall's state lives in these instances (no module singletons): the wall store above, the
// selected map object, and the live hub (one relay connection, started by the first live layer).
const selection = createSelectionStore();
const live = createLiveHub();
// scenes, tours, kiosk wall mode, heartbeat and auto-focus (issue 9)
const hall = startHall({ store, live, diag: link.diag, sceneId: link.scene });
const video = new VideoWall();

let engine: WallEngine | null = null;
if (link.diag) installDiagnostics(store, () => engine, live, video);
// A street hall's token opens the wall on its street (a deep link within it still wins).
const scopePlan = planScope(readTokenClaims(new URLSearchParams(window.location.search).get('token') ?? ''));
startWallEffects(store, { sceneId: link.scene ?? DEFAULT_SCENE, focusOverride: initialFocus(scopePlan, link.focusId) });

// No StrictMode: its double mount would build the Cesium viewer twice on a machine with no GPU.
createRoot(document.getElementById('root')!).render(
  <HallContext.Provider value={hall.context}>
    <App
      store={store}
      live={live}
      selection={selection}
      video={video}
      onEngine={(e) => {
        engine = e;
        hall.attachEngine(e);
      }}
    />
  </HallContext.Provider>,
);
