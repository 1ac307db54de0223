import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { installDiagnostics } from './app/diagnostics.ts';
import { startWallEffects } from './app/wall-effects.ts';
import type { WallEngine } from './app/wall-engine.ts';
import { parseDeepLink } from './state/deep-link.ts';
import { createStore } from './state/store.ts';
import { initialWallState, wallReducer } from './state/wall.model.ts';
import { DEFAULT_SCENE } from './scenes/scenes.ts';
import './styles/wall.css';

const link = parseDeepLink(window.location.search);
const store = createStore(wallReducer, initialWallState(link.lang ?? 'zh-CN', null));
for (const error of link.errors) store.dispatch({ type: 'error', error });

let engine: WallEngine | null = null;
if (link.diag) installDiagnostics(store, () => engine);
startWallEffects(store, { sceneId: link.scene ?? DEFAULT_SCENE, focusOverride: link.focusId });

// No StrictMode: its double mount would build the Cesium viewer twice on a machine with no GPU.
createRoot(document.getElementById('root')!).render(
  <App
    store={store}
    onEngine={(e) => {
      engine = e;
    }}
  />,
);
