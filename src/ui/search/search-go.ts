// What choosing a search result does, as data: the same focus and panels as clicking the thing on
// the map, a camera that frames it, and the deep link the address bar shows afterwards. Pure, so
// the choice of actions is tested in Node; the search box only carries them out.
import type { SearchDoc } from '../../domain/search/search.types.ts';
import type { Selection } from '../../state/selection.store.ts';
import { DEFAULT_PITCH, type CameraTarget, type WallAction } from '../../state/wall.model.ts';

export interface GoPlan {
  actions: WallAction[];
  select: Selection;
  /** the query parameters that name this result (replacing every other focus parameter) */
  link: Record<string, string>;
}

/** Deep-link parameters a result may set; all of them are cleared before one is written. */
export const LINK_PARAMS = ['street', 'community', 'grid', 'place', 'camera', 'staff', 'incident', 'building'] as const;

const M_PER_DEG_LAT = 111_320;

/**
 * A camera `range` metres from a ground point, looking at it from the south at the wall's pitch:
 * the point lands in the middle of the screen, not at its top edge.
 */
export function viewOfPoint(lng: number, lat: number, range: number, pitchDeg = DEFAULT_PITCH): CameraTarget {
  const p = (Math.abs(pitchDeg) * Math.PI) / 180;
  const back = range * Math.cos(p);
  return {
    kind: 'view',
    lng,
    lat: lat - back / M_PER_DEG_LAT,
    height: range * Math.sin(p),
    heading: 0,
    pitch: pitchDeg,
    ground: [lng, lat],
  };
}

const RANGE: Partial<Record<SearchDoc['kind'], number>> = {
  microgrid: 420,
  building: 260,
  place: 320,
  camera: 260,
  staff: 320,
  incident: 360,
};

function placeDetail(doc: SearchDoc) {
  const [kind, org] = (doc.tag ?? '').split(':');
  return {
    id: doc.id,
    kind,
    name: doc.name,
    position: doc.position,
    streetId: doc.streetId,
    gridId: doc.areaId,
    organization: org === 'org',
  };
}

/**
 * Plans the trip to a result. `position` overrides the document's (people and incidents are where
 * the live state says); without any position the area is focused and the panel still opens.
 */
export function planGo(doc: SearchDoc, position: [number, number] | null = doc.position ?? null): GoPlan {
  const actions: WallAction[] = [];
  const view = position && RANGE[doc.kind] ? viewOfPoint(position[0], position[1], RANGE[doc.kind]!) : null;
  switch (doc.kind) {
    case 'street':
    case 'community':
    case 'grid':
      return { actions: [{ type: 'focus/set', id: doc.id }], select: null, link: { [doc.kind]: doc.id } };
    case 'microgrid':
    case 'building': {
      const grid = doc.areaId ?? null;
      if (grid) actions.push({ type: 'focus/set', id: grid, ...(view ? { camera: view } : {}) });
      else if (view) actions.push({ type: 'camera/set', target: view });
      return { actions, select: null, link: grid ? { grid } : {} };
    }
    case 'place':
    case 'camera': {
      if (doc.areaId) actions.push({ type: 'focus/set', id: doc.areaId, ...(view ? { camera: view } : {}) });
      else if (view) actions.push({ type: 'camera/set', target: view });
      const select: Selection =
        doc.kind === 'place' ? { kind: 'place', id: doc.id, detail: placeDetail(doc) } : { kind: 'camera', id: doc.id };
      return { actions, select, link: { [doc.kind]: doc.id } };
    }
    case 'staff':
    case 'incident': {
      if (view) actions.push({ type: 'camera/set', target: view });
      return { actions, select: { kind: doc.kind, id: doc.id }, link: { [doc.kind]: doc.id } };
    }
  }
}

/** The address after a trip: the old one with every focus parameter replaced by the plan's. */
export function linkedUrl(href: string, link: Record<string, string>): string {
  const url = new URL(href);
  for (const p of LINK_PARAMS) url.searchParams.delete(p);
  for (const [k, v] of Object.entries(link)) url.searchParams.set(k, v);
  return url.toString();
}

export type ObjectLink = { kind: 'place' | 'camera' | 'staff' | 'incident'; id: string } | null;

/** The object a deep link names (?incident=, ?camera=, ?staff=, ?place=), checked by shape only. */
export function parseObjectLink(search: string): ObjectLink {
  const p = new URLSearchParams(search);
  for (const kind of ['incident', 'camera', 'staff', 'place'] as const) {
    const id = p.get(kind)?.trim();
    if (id && /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$/.test(id)) return { kind, id };
  }
  return null;
}
