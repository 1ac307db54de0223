import { useEffect, useMemo } from 'react';
import { useCesium, Viewer } from 'resium';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import { viewerOptions } from './cesium-setup.ts';
import { WallEngine } from './wall-engine.ts';

/** Starts the imperative engine once resium has created the Viewer. */
function EngineMount({ store, onEngine }: { store: Store<WallState, WallAction>; onEngine: (e: WallEngine | null) => void }) {
  const { viewer } = useCesium();
  useEffect(() => {
    if (!viewer) return;
    const engine = new WallEngine(viewer, store);
    engine.start();
    onEngine(engine);
    return () => {
      onEngine(null);
      engine.destroy();
    };
  }, [viewer, store, onEngine]);
  return null;
}

export function WallViewer({ store, onEngine }: { store: Store<WallState, WallAction>; onEngine: (e: WallEngine | null) => void }) {
  // Constructor-only options: created once, or resium would rebuild the viewer.
  const options = useMemo(() => viewerOptions(), []);
  return (
    <Viewer className="wall-viewer" {...options}>
      <EngineMount store={store} onEngine={onEngine} />
    </Viewer>
  );
}
