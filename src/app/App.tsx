import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LiveSource } from '../live/live-hub.ts';
import type { SelectionStore } from '../state/selection.store.ts';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import { Breadcrumb } from '../ui/Breadcrumb.tsx';
import { HallOverlay } from '../ui/hall/HallOverlay.tsx';
import { Legend } from '../ui/Legend.tsx';
import { Panel } from '../ui/Panel.tsx';
import { LiveOverlay } from '../ui/live/LiveOverlay.tsx';
import { StatusBar } from '../ui/StatusBar.tsx';
import { TopBar } from '../ui/TopBar.tsx';
import type { VideoWall } from '../ui/video/video-wall.ts';
import { VideoHost } from '../ui/video/VideoHost.tsx';
import { WallContext } from '../ui/wall-context.ts';
import { ObjectDeepLink } from '../ui/search/ObjectDeepLink.tsx';
import { SearchBox } from '../ui/search/SearchBox.tsx';
import { ReplayBar } from '../ui/replay/ReplayBar.tsx';
import { parseKioskParams } from '../scenes/kiosk/kiosk.params.ts';
import type { WallEngine } from './wall-engine.ts';
import { WallViewer } from './WallViewer.tsx';

export interface AppProps {
  store: Store<WallState, WallAction>;
  live: LiveSource;
  selection: SelectionStore;
  video: VideoWall;
  onEngine: (e: WallEngine | null) => void;
}

export function App({ store, live, selection, video, onEngine }: AppProps) {
  const [engine, setEngine] = useState<WallEngine | null>(null);
  const handleEngine = useCallback(
    (e: WallEngine | null) => {
      setEngine(e);
      onEngine(e);
    },
    [onEngine],
  );
  const ctx = useMemo(() => ({ store, engine, live, selection, video }), [store, engine, live, selection, video]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') store.dispatch({ type: 'focus/back' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  useEffect(() => {
    const sync = (s: WallState) => {
      document.documentElement.lang = s.lang;
    };
    sync(store.getState());
    return store.subscribe(sync);
  }, [store]);

  return (
    <WallContext.Provider value={ctx}>
      <WallViewer store={store} deps={{ live, selection }} onEngine={handleEngine} />
      <div className="wall-overlay">
        <TopBar />
        <Breadcrumb />
        <Panel />
        <LiveOverlay />
        <VideoHost />
        <Legend />
        <StatusBar />
        <HallOverlay />
        {/* the search box is the officer console's; a kiosk wall has nobody at a keyboard */}
        {!parseKioskParams(window.location.search).wall && <SearchBox />}
        {!parseKioskParams(window.location.search).wall && <ReplayBar />}
        <ObjectDeepLink />
      </div>
    </WallContext.Provider>
  );
}
