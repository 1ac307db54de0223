// Buildings: lots laid out inside each lattice block, one footprint per lot (so they never overlap),
// kept clear of roads and water, floors and use by patch and grid kind.
import type { BuildingUse, GridKind, PlaceKind } from '../../src/domain/district.types.ts';
import type { GridG, HierarchyG } from './hierarchy.gen.ts';
import type { GridLocator } from './locate.gen.ts';
import { NameBook, type Named } from './names.gen.ts';
import type { Rng } from '../../src/domain/seeded-random.ts';
import { area, boxOf, centroid, pointInRing, ringLineDist, snapRing, type PRing, type XY } from './plane.ts';
import { ROAD_HALF_WIDTH_M, polylineOf, type BlockG, type RoadsG } from './roads.gen.ts';
import { shapeOutline, type ShapeKind } from './shapes.gen.ts';
import { BucketIndex } from './spatial-index.gen.ts';

export interface BuildingG {
  id: string;
  name: string;
  address: string;
  use: BuildingUse;
  floors: number;
  height: number;
  households: number;
  ring: PRing; // closed, CCW, metres
  c: XY;
  grid: GridG;
  patchId: string;
  /** the service this building houses, if it is a place (school, clinic...) */
  placeKind: PlaceKind | null;
}

interface Lot {
  x: number;
  y: number;
  w: number;
  h: number;
}

type Mix = [BuildingUse, number][];
const MIX: Record<GridKind, Mix> = {
  residential: [
    ['residential', 0.84],
    ['shop', 0.13],
    ['government', 0.015],
    ['school', 0.01],
    ['hospital', 0.005],
  ],
  commercial: [
    ['shop', 0.6],
    ['residential', 0.3],
    ['government', 0.1],
  ],
  school: [
    ['school', 0.45],
    ['residential', 0.45],
    ['shop', 0.1],
  ],
  hospital: [
    ['hospital', 0.4],
    ['residential', 0.45],
    ['shop', 0.15],
  ],
  institution: [
    ['government', 0.45],
    ['residential', 0.4],
    ['shop', 0.15],
  ],
  rural: [
    ['residential', 0.72],
    ['shop', 0.18],
    ['industry', 0.05],
    ['government', 0.025],
    ['school', 0.02],
    ['hospital', 0.005],
  ],
};

// the new town's residential grids hold a few workshops and warehouses of its industrial park
const NEW_TOWN_RESIDENTIAL: Mix = [
  ['residential', 0.8],
  ['shop', 0.12],
  ['industry', 0.04],
  ['government', 0.02],
  ['school', 0.015],
  ['hospital', 0.005],
];

function mixFor(grid: GridG, kind: BlockG['patch']['kind']): Mix {
  if (!grid.urban) return grid.kind === 'commercial' ? MIX.commercial : MIX.rural;
  if (kind === 'new-town' && grid.kind === 'residential') return NEW_TOWN_RESIDENTIAL;
  return MIX[grid.kind];
}

function pickUse(rng: Rng, mix: Mix): BuildingUse {
  let r = rng.next();
  for (const [u, p] of mix) if ((r -= p) < 0) return u;
  return mix[0][0];
}

const HEIGHT_PER_FLOOR: Record<BuildingUse, number> = {
  residential: 3,
  shop: 3.6,
  school: 3.6,
  hospital: 3.9,
  government: 3.6,
  industry: 4.5,
};

function floorsFor(rng: Rng, use: BuildingUse, kind: BlockG['patch']['kind'], shape: ShapeKind): number {
  if (use === 'residential') {
    if (kind === 'old-town') return rng.int(3, 9);
    if (kind === 'new-town') return shape === 'slab' ? rng.int(11, 18) : rng.int(11, 33);
    return rng.int(2, 6);
  }
  if (use === 'shop') return kind === 'town-seat' ? rng.int(1, 3) : rng.int(2, 6);
  if (use === 'school') return rng.int(3, 6);
  if (use === 'hospital') return kind === 'new-town' ? rng.int(6, 16) : rng.int(3, 8);
  if (use === 'government') return kind === 'town-seat' ? rng.int(2, 5) : rng.int(4, 10);
  return rng.int(1, 4);
}

/** Lots and shapes per patch kind: old town dense small lots, new town towers and slabs, seats houses. */
function layoutLots(
  rng: Rng,
  kind: BlockG['patch']['kind'],
  W: number,
  H: number,
): { lot: Lot; shape: ShapeKind; fill: number }[] {
  const out: { lot: Lot; shape: ShapeKind; fill: number }[] = [];
  const [lw, lh] =
    kind === 'old-town'
      ? [rng.range(14, 19), rng.range(13, 17)]
      : kind === 'new-town'
        ? [rng.range(40, 50), rng.range(38, 48)]
        : [rng.range(14, 18.5), rng.range(15, 19.5)];
  const cols = Math.max(1, Math.floor(W / lw));
  const rows = Math.max(1, Math.floor(H / lh));
  const cw = W / cols;
  const ch = H / rows;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const lot = { x: c * cw, y: r * ch, w: cw, h: ch };
      if (kind === 'new-town') {
        if (rng.chance(0.28)) continue; // green space between towers
        if (c + 1 < cols && rng.chance(0.3)) {
          out.push({ lot: { ...lot, w: cw * 2 }, shape: 'slab', fill: 0.92 });
          c++;
          continue;
        }
        out.push({ lot, shape: rng.pick<ShapeKind>(['rect', 'rect', 'cross', 'T', 'L']), fill: rng.range(0.24, 0.36) });
      } else if (kind === 'old-town') {
        if (c + 1 < cols && r + 1 < rows && rng.chance(0.05)) {
          out.push({ lot: { ...lot, w: cw * 2, h: ch }, shape: 'courtyard', fill: 0.9 });
          c++;
          continue;
        }
        out.push({
          lot,
          shape: rng.pick<ShapeKind>(['rect', 'rect', 'rect', 'L', 'L', 'T', 'U']),
          fill: rng.range(0.72, 0.9),
        });
      } else {
        if (rng.chance(0.06)) continue;
        out.push({ lot, shape: rng.pick<ShapeKind>(['rect', 'rect', 'rect', 'L', 'T']), fill: rng.range(0.7, 0.88) });
      }
    }
  }
  return out;
}

const SHOP_TYPES = ['商铺', '超市', '商场', '餐馆', '药店', '农贸市场', '酒店', '银行网点'];

export function buildBuildings(h: HierarchyG, roads: RoadsG, locator: GridLocator, rng: Rng): BuildingG[] {
  const names = new NameBook(rng.fork('estate-names'));
  // road centrelines with their clearance, for the building-vs-road check
  const roadIdx = new BucketIndex<{ line: XY[]; clear: number }>(200);
  for (const e of roads.edges) {
    const line = polylineOf(roads.nodes, e);
    for (let i = 1; i < line.length; i++) {
      const seg = [line[i - 1], line[i]];
      roadIdx.insert(boxOf(seg), { line: seg, clear: ROAD_HALF_WIDTH_M[e.cls] + 1.5 });
    }
  }
  const waterIdx = new BucketIndex<{ line: XY[]; clear: number }>(300);
  const rc = h.river.centre;
  for (let i = 1; i < rc.length; i++)
    waterIdx.insert(boxOf([rc[i - 1], rc[i]]), {
      line: [rc[i - 1], rc[i]],
      clear: Math.max(h.river.halfWidth[i - 1], h.river.halfWidth[i]) + 6,
    });
  const clearOf = (ring: PRing, idx: BucketIndex<{ line: XY[]; clear: number }>, pad: number) => {
    const b = boxOf(ring);
    for (const s of idx.query({ minX: b.minX - pad, minY: b.minY - pad, maxX: b.maxX + pad, maxY: b.maxY + pad }))
      if (ringLineDist(ring, s.line) < s.clear) return false;
    return true;
  };

  const out: BuildingG[] = [];
  const houseNo = new Map<string, number>();
  for (let bi = 0; bi < roads.blocks.length; bi++) {
    const blk = roads.blocks[bi];
    const br = rng.fork(`block-${bi}`);
    const kind = blk.patch.kind;
    const inset = (cls: keyof typeof ROAD_HALF_WIDTH_M) => ROAD_HALF_WIDTH_M[cls] + 1.5 + blk.jitter * 0.7;
    const x0 = inset(blk.sides[3]);
    const y0 = inset(blk.sides[0]);
    const W = blk.w - x0 - inset(blk.sides[1]);
    const H = blk.h - y0 - inset(blk.sides[2]);
    if (W < 10 || H < 10) continue;
    const toWorld = (x: number, y: number): XY => [
      blk.origin[0] + blk.u[0] * (x0 + x) + blk.v[0] * (y0 + y),
      blk.origin[1] + blk.u[1] * (x0 + x) + blk.v[1] * (y0 + y),
    ];
    const estate: Named = names.estate();
    const no = (houseNo.get(blk.roadName.zh) ?? -1) + 2;
    houseNo.set(blk.roadName.zh, no);
    let unit = 0;
    for (const { lot, shape, fill } of layoutLots(br, kind, W, H)) {
      const margin = kind === 'new-town' ? 4 : 1.6;
      let bw =
        shape === 'slab' ? Math.min(lot.w - 2 * margin, br.range(48, 72)) : (lot.w - 2 * margin) * Math.sqrt(fill);
      let bh =
        shape === 'slab' ? Math.min(lot.h - 2 * margin, br.range(13, 16)) : (lot.h - 2 * margin) * Math.sqrt(fill);
      if (kind === 'new-town' && shape !== 'slab') {
        // point towers: slim, two flats a floor
        const side = shape === 'cross' ? br.range(23, 28) : br.range(17, 22);
        bw = Math.min(side * br.range(0.9, 1.15), lot.w - 2 * margin);
        bh = Math.min(side, lot.h - 2 * margin);
      }
      if (bw < 6 || bh < 6) continue;
      const ox = lot.x + margin + br.range(0, lot.w - 2 * margin - bw);
      const oy = lot.y + margin + br.range(0, lot.h - 2 * margin - bh);
      const local = shapeOutline(shape, bw, bh, br);
      // a footprint too close to a road or the river gets one smaller try before the lot stays empty
      let ring: PRing | null = null;
      for (const s of [1, 0.7]) {
        const cand = snapRing(
          local.map(([x, y]) => toWorld(ox + bw * (1 - s) * 0.5 + x * s, oy + bh * (1 - s) * 0.5 + y * s)),
        );
        if (s < 1 && (bw * s < 6 || bh * s < 6)) break;
        if (
          cand.every((p) => pointInRing(p, blk.patch.ring)) &&
          clearOf(cand, roadIdx, 20) &&
          clearOf(cand, waterIdx, 70)
        ) {
          ring = cand;
          break;
        }
      }
      if (!ring) continue;
      const c = centroid(ring);
      const grid = locator.at(c);
      if (!grid) continue;
      const use = pickUse(br, mixFor(grid, kind));
      const floors = floorsFor(br, use, kind, shape);
      const fa = area(ring);
      let households = 0;
      if (use === 'residential') {
        const flat = br.range(95, 140);
        const perFloor = Math.max(1, Math.min(Math.round((fa * 0.72) / flat), Math.floor(80 / floors)));
        households = perFloor * floors;
      }
      const street = h.streets.find((s) => s.id === grid.streetId) as HierarchyG['streets'][number];
      const community = h.communities.find((cm) => cm.id === grid.communityId) as HierarchyG['communities'][number];
      const { name, placeKind } = nameFor(br, use, kind, estate, ++unit, blk.roadName, community.name, street.name);
      const addr = `重庆市黔江区${street.name.zh}${street.kind === 'street' ? '街道' : street.kind === 'town' ? '镇' : '乡'}${community.name.zh}${blk.roadName.zh}${no}号${use === 'residential' ? `${unit}栋` : ''}`;
      out.push({
        id: `B${String(out.length + 1).padStart(6, '0')}`,
        name,
        address: addr,
        use,
        floors,
        height: Math.round(floors * HEIGHT_PER_FLOOR[use] * 10) / 10,
        households,
        ring,
        c,
        grid,
        patchId: blk.patch.id,
        placeKind,
      });
    }
  }
  return out;
}

function nameFor(
  rng: Rng,
  use: BuildingUse,
  kind: BlockG['patch']['kind'],
  estate: Named,
  unit: number,
  road: Named,
  community: Named,
  street: Named,
): { name: string; placeKind: PlaceKind | null } {
  const word = estate.zh.replace(/(小区|花园|苑|家园|公寓)$/, '');
  switch (use) {
    case 'residential':
      return { name: `${estate.zh}${unit}栋`, placeKind: null };
    case 'shop': {
      const t = rng.pick(SHOP_TYPES);
      return { name: `${road.zh}${t}`, placeKind: t === '农贸市场' || t === '商场' || t === '超市' ? 'market' : null };
    }
    case 'school': {
      const k = rng.next();
      if (k < 0.4) return { name: `${word}幼儿园`, placeKind: 'kindergarten' };
      return { name: k < 0.8 ? `${word}小学` : `${word}中学`, placeKind: 'school' };
    }
    case 'hospital':
      if (kind === 'town-seat') return { name: `${street.zh}卫生院`, placeKind: 'hospital' };
      return rng.chance(0.5)
        ? { name: `${community.zh.replace(/社区$/, '')}社区卫生服务中心`, placeKind: 'clinic' }
        : { name: `黔江区${word}医院`, placeKind: 'hospital' };
    case 'government': {
      const k = rng.next();
      if (k < 0.3) return { name: `${community.zh}服务中心`, placeKind: 'community-center' };
      if (k < 0.5) return { name: `${street.zh}派出所${word}警务室`, placeKind: 'police-post' };
      if (k < 0.65) return { name: `${word}养老服务站`, placeKind: 'elderly-care' };
      return { name: `${street.zh}${word}办公楼`, placeKind: null };
    }
    case 'industry':
      return {
        name: `${word}${rng.pick(['食品厂', '建材厂', '农产品加工厂', '物流仓库', '制衣厂'])}`,
        placeKind: 'enterprise',
      };
  }
}
