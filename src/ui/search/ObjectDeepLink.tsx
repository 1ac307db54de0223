import { useEffect, useMemo, useRef } from 'react';
import type { Place } from '../../domain/district.types.ts';
import type { SearchDoc } from '../../domain/search/search.types.ts';
import { useLiveRuntime, useLiveTopics } from '../live/live-hooks.ts';
import { useDispatch, useSelect, useWall } from '../wall-context.ts';
import { parseObjectLink, planGo } from './search-go.ts';
import { livePosition } from './live-docs.ts';

// Opens the object a deep link names (?incident=, ?camera=, ?staff=, ?place=: what a search result
// leaves in the address bar) once the district and the live state can show it: the same trip as
// choosing it in the search box. An incident not yet in the live state is waited for.

export function ObjectDeepLink() {
  const link = useMemo(() => parseObjectLink(window.location.search), []);
  const ready = useWall((s) => s.status === 'ready');
  const rt = useLiveRuntime();
  const tick = useLiveTopics(link?.kind === 'incident' ? rt : null, ['incidents'], 250);
  const dispatch = useDispatch();
  const select = useSelect();
  const done = useRef(false);

  useEffect(() => {
    if (!link || done.current || !ready) return;
    const goTo = (doc: SearchDoc) => {
      done.current = true;
      const plan = planGo(doc, livePosition(rt, doc));
      for (const a of plan.actions) dispatch(a);
      select(plan.select);
    };
    if (link.kind === 'place') {
      done.current = true;
      void fetch('/api/places')
        .then((r) => (r.ok ? (r.json() as Promise<Place[]>) : []))
        .then((places) => {
          const p = places.find((x) => x.id === link.id);
          if (!p) return;
          const tag = p.organization ? `${p.kind}:org` : p.kind;
          goTo({
            kind: 'place',
            id: p.id,
            name: p.name,
            streetId: p.streetId,
            position: p.position,
            areaId: p.gridId,
            tag,
          });
        })
        .catch(() => {});
      return;
    }
    if (!rt) return;
    if (link.kind === 'camera') {
      const c = rt.cameraById.get(link.id);
      if (c)
        goTo({ kind: 'camera', id: c.id, name: c.name, streetId: c.streetId, position: c.position, areaId: c.gridId });
    } else if (link.kind === 'staff') {
      const s = rt.roster.get(link.id);
      if (s) goTo({ kind: 'staff', id: s.id, name: s.name, streetId: s.streetId, position: null });
    } else {
      const inc = rt.client.store.incidents.byId.get(link.id);
      if (inc)
        goTo({ kind: 'incident', id: inc.id, name: inc.title, streetId: inc.streetId, position: inc.position ?? null });
    }
  }, [link, ready, rt, tick, dispatch, select]);
  return null;
}
