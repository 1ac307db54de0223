import { useEffect, useMemo } from 'react';
import { useCesium, Viewer } from 'resium';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import { viewerOptions } from './cesium-setup.ts';
import { WallEngine, type EngineDeps } from './wall-engine.ts';

/** Starts the imperative engine once resium has created the Viewer. */
interface MountProps {
  store: Store<WallState, WallAction>;
  deps: EngineDeps;
  onEngine: (e: WallEngine | null) => void;
}

function EngineMount({ store, deps, onEngine }: MountProps) {
  const { viewer } = useCesium();
  const { live, selection } = deps;
  useEffect(() => {
    if (!viewer) return;
    const engine = new WallEngine(viewer, store, { live, selection });
    engine.start();
    onEngine(engine);
    return () => {
      onEngine(null);
      engine.destroy();
    };
  }, [viewer, store, live, selection, onEngine]);
  return null;
}

export function WallViewer({ store, deps, onEngine }: MountProps) {
  // Constructor-only options: created once, or resium would rebuild the viewer.
  const options = useMemo(() => viewerOptions(), []);
  return (
    <Viewer className="wall-viewer" {...options}>
      <EngineMount store={store} deps={deps} onEngine={onEngine} />
    </Viewer>
  );
}
