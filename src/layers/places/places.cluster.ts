import type { Place, PlaceKind } from '../../domain/district.types.ts';
import { metresPerDegree } from '../../domain/geo.ts';

// The places layer's pure half: checks the /api/places payload and bins the 11,000+ places into
// square cells at district scale (one marker per occupied cell, with its count and its commonest
// kind), so the wall shows where services are dense instead of a carpet of icons. A cell holding a
// single place is that place. Tested in Node; the layer only draws what this returns.

export const PLACE_KINDS: readonly PlaceKind[] = [
  'school',
  'kindergarten',
  'clinic',
  'hospital',
  'market',
  'party-branch',
  'mediation-room',
  'police-post',
  'community-center',
  'elderly-care',
  'property-office',
  'enterprise',
];
const KIND_SET = new Set<string>(PLACE_KINDS);

/** The places of a payload that have the shape the layer draws; how many were dropped. */
export function parsePlaces(raw: unknown): { places: Place[]; dropped: number } {
  if (!Array.isArray(raw)) return { places: [], dropped: 0 };
  const places: Place[] = [];
  for (const p of raw as Partial<Place>[]) {
    const ok =
      !!p &&
      typeof p.id === 'string' &&
      typeof p.name === 'string' &&
      typeof p.kind === 'string' &&
      KIND_SET.has(p.kind) &&
      Array.isArray(p.position) &&
      Number.isFinite(p.position[0]) &&
      Number.isFinite(p.position[1]);
    if (ok) places.push(p as Place);
  }
  return { places, dropped: raw.length - places.length };
}

export interface PlaceCluster {
  /** Mean position of the members. */
  lng: number;
  lat: number;
  count: number;
  /** The kind most members have (ties: the earlier kind in PLACE_KINDS). */
  topKind: PlaceKind;
  /** The place index when the cell holds one place, else -1. */
  single: number;
}

/** Bins places into cells of `cellM` metres (at `refLat`); every place lands in exactly one cluster. */
export function clusterPlaces(
  places: readonly Place[],
  cellM: number,
  refLat = places[0]?.position[1] ?? 0,
): PlaceCluster[] {
  if (!(cellM > 0)) throw new RangeError('clusterPlaces: cellM must be > 0');
  const mpd = metresPerDegree(refLat);
  const cw = cellM / mpd.lng;
  const ch = cellM / mpd.lat;
  const cells = new Map<
    number,
    { lng: number; lat: number; count: number; first: number; kinds: Map<PlaceKind, number> }
  >();
  for (let i = 0; i < places.length; i++) {
    const [x, y] = places[i].position;
    const key = (Math.floor(x / cw) + 1_048_576) * 2_097_152 + (Math.floor(y / ch) + 1_048_576);
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { lng: 0, lat: 0, count: 0, first: i, kinds: new Map() }));
    c.lng += x;
    c.lat += y;
    c.count++;
    c.kinds.set(places[i].kind, (c.kinds.get(places[i].kind) ?? 0) + 1);
  }
  const out: PlaceCluster[] = [];
  for (const c of cells.values()) {
    let topKind = places[c.first].kind;
    for (const k of PLACE_KINDS) if ((c.kinds.get(k) ?? 0) > (c.kinds.get(topKind) ?? 0)) topKind = k;
    out.push({
      lng: c.lng / c.count,
      lat: c.lat / c.count,
      count: c.count,
      topKind,
      single: c.count === 1 ? c.first : -1,
    });
  }
  return out;
}

/**
 * Cell edge in metres for a view of `metresPerPixel`, or 0 when close enough to draw every place:
 * powers of two, so small zooms do not re-bin, and about `cellPx` screen pixels wide.
 */
export function clusterCellM(metresPerPixel: number, fromMpp = 3, cellPx = 64): number {
  return metresPerPixel < fromMpp ? 0 : 2 ** Math.round(Math.log2(metresPerPixel * cellPx));
}
