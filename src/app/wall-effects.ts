import { indexHierarchy, validateHierarchy } from '../state/hierarchy.model.ts';
import type { Store } from '../state/store.ts';
import type { WallAction, WallState } from '../state/wall.model.ts';
import { applyScene } from '../scenes/scene.apply.ts';
import { loadScene } from '../scenes/scenes.ts';
import { fetchJson, validateGridDetails, validateSummary } from './api.ts';

const RETRY_MS = [2_000, 5_000, 10_000, 30_000];

export interface EffectsOptions {
  sceneId: string;
  focusOverride: string | null;
}

/**
 * Side effects driven by the store (data loading with retry, grid details on focus): kept out of
 * both React and the reducer so each stays simple.
 */
export function startWallEffects(store: Store<WallState, WallAction>, options: EffectsOptions): () => void {
  const aborter = new AbortController();
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let attempt = 0;

  const load = async () => {
    try {
      const [summaryRaw, hierarchyRaw] = await Promise.all([
        fetchJson('/api/district', aborter.signal),
        fetchJson('/api/hierarchy', aborter.signal),
      ]);
      const summary = validateSummary(summaryRaw);
      const checked = validateHierarchy(hierarchyRaw);
      if (!checked.ok) throw new Error(checked.error);
      const index = indexHierarchy(checked.hierarchy);
      store.dispatch({ type: 'data/loaded', summary, index });
      const { scene, errors } = loadScene(options.sceneId);
      for (const error of errors) store.dispatch({ type: 'error', error: `scene ${options.sceneId}: ${error}` });
      const fallback = scene ?? loadScene('district-overview').scene;
      if (fallback)
        applyScene(fallback, {
          dispatch: store.dispatch,
          districtId: index.district.id,
          focusOverride: options.focusOverride,
        });
    } catch (err) {
      if (aborter.signal.aborted) return;
      store.dispatch({ type: 'data/failed', error: (err as Error).message });
      // The wall is unattended and the server may still be building data: keep trying.
      retryTimer = setTimeout(load, RETRY_MS[Math.min(attempt++, RETRY_MS.length - 1)]);
    }
  };
  void load();

  let detailsFor: string | null = null;
  const unsubscribe = store.subscribe((state) => {
    const details = state.gridDetails;
    if (!details || details.status !== 'loading' || details.id === detailsFor) {
      if (!details) detailsFor = null;
      return;
    }
    const id = details.id;
    detailsFor = id;
    fetchJson(`/api/grids/${encodeURIComponent(id)}`, aborter.signal)
      .then((raw) => store.dispatch({ type: 'grid-details/loaded', id, data: validateGridDetails(raw, id) }))
      .catch((err: Error) => {
        if (!aborter.signal.aborted) store.dispatch({ type: 'grid-details/failed', id, error: err.message });
      })
      .finally(() => {
        if (detailsFor === id) detailsFor = null;
      });
  });

  return () => {
    aborter.abort();
    if (retryTimer) clearTimeout(retryTimer);
    unsubscribe();
  };
}
