// Administrative geometry: district -> 30 streets/towns -> 219 communities/villages -> 1,439 grids,
// each level a gap-free, overlap-free partition of its parent (see partition.gen.ts).
import type { CommunityKind, GridKind, StreetKind } from '../../src/domain/district.types.ts';
import { NameBook, TOWNS, TOWNSHIPS, URBAN_STREETS, type Named } from './names.gen.ts';
import { blob, districtOutline, makeCity, makeRiver, MODEL_AREA_M2, type River } from './land.gen.ts';
import { partition, relaxSites, spreadSites } from './partition.gen.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import {
  area,
  centroid,
  differenceRings,
  dist,
  intersectRings,
  pointInRing,
  snapRing,
  type PRing,
  type XY,
} from './plane.ts';

export const COUNTS = {
  streets: 30,
  urbanStreets: 6,
  communities: 219,
  urbanCommunities: 17,
  grids: 1439,
  urbanGrids: 154,
};

export interface StreetG {
  id: string;
  name: Named;
  kind: StreetKind;
  urban: boolean;
  ring: PRing;
  seat: XY;
}
export interface CommunityG {
  id: string;
  streetId: string;
  name: Named;
  kind: CommunityKind;
  urban: boolean;
  seat: boolean; // the town-seat community of a town/township
  ring: PRing;
}
export interface GridG {
  id: string;
  streetId: string;
  communityId: string;
  name: Named;
  kind: GridKind;
  urban: boolean;
  ring: PRing;
}
export interface PatchG {
  id: string;
  name: Named;
  kind: 'old-town' | 'new-town' | 'town-seat';
  streetId: string;
  ring: PRing;
}
export interface HierarchyG {
  district: PRing;
  river: River;
  urbanArea: PRing;
  streets: StreetG[];
  communities: CommunityG[];
  grids: GridG[];
  patches: PatchG[];
}

/** Largest-remainder split of `total` by weights with a floor per item. */
export function allocate(total: number, weights: number[], min: number): number[] {
  const free = total - min * weights.length;
  if (free < 0) throw new Error('allocate: total below minimum');
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (w / sum) * free);
  const out = raw.map((r) => min + Math.floor(r));
  let left = total - out.reduce((s, v) => s + v, 0);
  const order = raw.map((r, i) => ({ i, f: r - Math.floor(r) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k].i]++;
  return out;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function allInside(ring: PRing, outer: PRing): boolean {
  return ring.every((p) => pointInRing(p, outer));
}

export function buildHierarchy(rng: Rng): HierarchyG {
  const names = new NameBook(rng.fork('names'));
  const district = districtOutline(rng.fork('outline'));
  const river = makeRiver(rng.fork('river'), district);

  // --- streets: 6 urban 街道 wedged around the city centre, 24 towns/townships spread outwards
  const sr = rng.fork('streets');
  const urbanSites: XY[] = URBAN_STREETS.map((_, i) => {
    const t = (i / 6) * Math.PI * 2 + sr.range(-0.15, 0.15);
    const r = sr.range(2200, 3000);
    return [Math.cos(t) * r, Math.sin(t) * r];
  });
  const ruralSites = spreadSites(district, 30, sr, {
    first: urbanSites,
    k: 20,
    accept: (p) => Math.hypot(p[0], p[1]) > 11_000,
  }).slice(6);
  const ruralNames = TOWNS.map((n) => ({ n, kind: 'town' as StreetKind })).concat(
    TOWNSHIPS.map((n) => ({ n, kind: 'township' as StreetKind })),
  );
  // towns take the sites nearer the city (they are the bigger, better connected seats)
  const ruralOrder = ruralSites
    .map((p, i) => ({ p, i, d: Math.hypot(p[0], p[1]) + sr.range(0, 12_000) }))
    .sort((a, b) => a.d - b.d);
  const streetSites = urbanSites.concat(ruralOrder.map((o) => o.p));
  const streetRings = partition(district, streetSites);
  const streets: StreetG[] = streetSites.map((site, i) => ({
    id: `S${pad2(i + 1)}`,
    name: i < 6 ? URBAN_STREETS[i] : ruralNames[i - 6].n,
    kind: i < 6 ? 'street' : ruralNames[i - 6].kind,
    urban: i < 6,
    ring: streetRings[i],
    seat: site,
  }));

  // --- urban patches: town seats first (their sizes are fixed), the city takes the rest of 44 km²
  const pr = rng.fork('patches');
  const seatPatches: PatchG[] = [];
  for (const s of streets.slice(6)) {
    const target = s.kind === 'town' ? pr.range(0.72, 0.98) * 1e6 : pr.range(0.4, 0.6) * 1e6;
    let seat = s.seat;
    let ring = blob(pr, seat, target, pr.range(1.1, 1.7), pr.range(0, Math.PI), 0.12, 20);
    const c = centroid(s.ring);
    for (let t = 0; t < 20 && !allInside(ring, s.ring); t++) {
      seat = [seat[0] + (c[0] - seat[0]) * 0.2, seat[1] + (c[1] - seat[1]) * 0.2];
      ring = blob(pr, seat, target, 1.3, pr.range(0, Math.PI), 0.12, 20);
    }
    s.seat = seat;
    seatPatches.push({
      id: '',
      name: { zh: `${s.name.zh}${s.kind === 'town' ? '镇' : '乡'}场镇`, en: `${s.name.en} seat` },
      kind: 'town-seat',
      streetId: s.id,
      ring,
    });
  }
  const seatArea = seatPatches.reduce((a, p) => a + area(p.ring), 0);
  const city = makeCity(rng.fork('city'), river, MODEL_AREA_M2 - seatArea);
  const streetAt = (p: XY) => streets.find((s) => pointInRing(p, s.ring))?.id ?? streets[0].id;
  const patches: PatchG[] = [
    {
      id: '',
      name: { zh: '黔江老城', en: 'Old Town' },
      kind: 'old-town' as const,
      streetId: streetAt(centroid(city.oldTown)),
      ring: city.oldTown,
    },
    {
      id: '',
      name: { zh: '黔江新城', en: 'New Town' },
      kind: 'new-town' as const,
      streetId: streetAt(centroid(city.newTown)),
      ring: city.newTown,
    },
    ...seatPatches,
  ].map((p, i) => ({ ...p, id: `P${pad2(i + 1)}` }));

  // --- communities: urban ones tile the city part of the urban streets, villages the rest
  const cr = rng.fork('communities');
  const urbanParts = streets.map((s) => (s.urban ? intersectRings(s.ring, city.urban) : []));
  const ruralParts = streets.map((s) => {
    if (!s.urban) return [s.ring];
    return differenceRings(s.ring, city.urban);
  });
  ruralParts.forEach((parts, i) => {
    if (parts.length !== 1) throw new Error(`street ${streets[i].id}: rural part has ${parts.length} pieces`);
  });
  urbanParts.forEach((parts, i) => {
    if (streets[i].urban && parts.length !== 1)
      throw new Error(`street ${streets[i].id}: urban part has ${parts.length} pieces`);
  });
  const urbanCounts = allocate(
    COUNTS.urbanCommunities,
    urbanParts.slice(0, 6).map((p) => area(p[0])),
    2,
  );
  const villageTotal = COUNTS.communities - COUNTS.urbanCommunities - 24; // 24 town-seat communities
  const villageCounts = allocate(
    villageTotal,
    ruralParts.map((p) => area(p[0])),
    2,
  );
  const communities: CommunityG[] = [];
  streets.forEach((s, si) => {
    const rings: { ring: PRing; kind: CommunityKind; urban: boolean; seat: boolean }[] = [];
    if (s.urban) {
      const part = urbanParts[si][0];
      const sites = relaxSites(part, spreadSites(part, urbanCounts[si], cr, { k: 16 }));
      partition(part, sites).forEach((ring) => rings.push({ ring, kind: 'community', urban: true, seat: false }));
    }
    const rural = ruralParts[si][0];
    const first = s.urban ? [] : [s.seat];
    const n = villageCounts[si] + first.length;
    const sites = spreadSites(rural, n, cr, { k: 16, first });
    partition(rural, sites).forEach((ring, k) =>
      rings.push({
        ring,
        kind: !s.urban && k === 0 ? 'community' : 'village',
        urban: false,
        seat: !s.urban && k === 0,
      }),
    );
    rings.forEach((r, k) => {
      const name = r.urban ? names.urban() : names.rural();
      communities.push({
        id: `${s.id}-C${pad2(k + 1)}`,
        streetId: s.id,
        name:
          r.kind === 'village'
            ? { zh: `${name.zh}村`, en: `${name.en} Village` }
            : { zh: `${name.zh}社区`, en: `${name.en} Community` },
        kind: r.kind,
        urban: r.urban,
        seat: r.seat,
        ring: r.ring,
      });
    });
  });

  // --- grids
  const gr = rng.fork('grids');
  const urbanC = communities.filter((c) => c.urban);
  const ruralC = communities.filter((c) => !c.urban);
  const meanRural = ruralC.reduce((s, c) => s + area(c.ring), 0) / ruralC.length;
  const uCounts = allocate(
    COUNTS.urbanGrids,
    urbanC.map((c) => area(c.ring)),
    5,
  );
  const rCounts = allocate(
    COUNTS.grids - COUNTS.urbanGrids,
    ruralC.map((c) => area(c.ring) + (c.seat ? meanRural * 1.5 : 0)),
    3,
  );
  const countOf = new Map<string, number>();
  urbanC.forEach((c, i) => countOf.set(c.id, uCounts[i]));
  ruralC.forEach((c, i) => countOf.set(c.id, rCounts[i]));
  const specials: GridKind[] = ['commercial', 'school', 'hospital', 'institution'];
  let specialTurn = 0;
  const grids: GridG[] = [];
  for (const c of communities) {
    const n = countOf.get(c.id) as number;
    const seatPatch = c.seat ? patches.find((p) => p.streetId === c.streetId && p.kind === 'town-seat') : undefined;
    let sites: XY[];
    let inSeat = 0;
    if (seatPatch) {
      // most of a seat community's grids sit on the built-up seat, so those grids come out small
      inSeat = Math.max(2, Math.min(n - 1, Math.round(n * 0.6)));
      const dense = spreadSites(seatPatch.ring, inSeat, gr, { k: 12, accept: (p) => pointInRing(p, c.ring) });
      sites = spreadSites(c.ring, n, gr, { k: 12, first: dense });
    } else {
      sites = relaxSites(c.ring, spreadSites(c.ring, n, gr, { k: 12 }));
    }
    const rings = partition(c.ring, sites);
    const specialAt = c.urban ? new Set([gr.int(0, n - 1), ...(n >= 10 ? [gr.int(0, n - 1)] : [])]) : new Set<number>();
    rings.forEach((ring, k) => {
      let kind: GridKind = 'rural';
      if (c.urban) kind = specialAt.has(k) ? specials[specialTurn++ % specials.length] : 'residential';
      else if (k < inSeat) kind = k === 1 ? 'commercial' : 'residential';
      const label = c.name.zh.replace(/(社区|村)$/, '');
      grids.push({
        id: `${c.id}-G${pad2(k + 1)}`,
        streetId: c.streetId,
        communityId: c.id,
        name: { zh: `${label}第${k + 1}网格`, en: `${c.name.en} Grid ${k + 1}` },
        kind,
        urban: c.urban,
        ring,
      });
    });
  }
  // snap every outline to its written coordinates: locating points then agrees with the files
  for (const u of [...streets, ...communities, ...grids, ...patches]) u.ring = snapRing(u.ring);
  return { district: snapRing(district), river, urbanArea: city.urban, streets, communities, grids, patches };
}

export { dist };
