// Cameras and staff from CSV (or GeoJSON points): positions to WGS 84, each placed in the grid
// that holds it. A row without a usable position, or outside every grid, is skipped with a reason.

import { extname } from 'node:path';
import type { Camera, LngLat, Staff, StaffRole } from '../../src/domain/district.types.ts';
import { looksProjected, resolveCrs } from './crs.import.ts';
import { column, CSV_COLUMNS, readCsv } from './csv.reader.ts';
import type { LoadedManifest } from './manifest.import.ts';
import type { TreeUnit } from './parents.import.ts';
import { ID_FIELDS, NAME_FIELDS, pickField, readSource } from './source.reader.ts';
import { containing, type BoxIndex } from './spatial.import.ts';
import type { Problem } from './validate.import.ts';

interface PointRow {
  index: number;
  get: (key: keyof typeof CSV_COLUMNS) => string | null;
  position: LngLat | null;
}

export interface PointsRead<T> {
  items: T[];
  read: number;
  crs: string;
  encoding: string;
}

function readRows(
  file: string,
  m: LoadedManifest,
  crs: string | undefined,
  encoding: string | undefined,
): { rows: PointRow[]; crs: string; encoding: string } {
  const path = m.path(file);
  if (extname(path).toLowerCase() !== '.csv') {
    const src = readSource(path, { crs: crs ?? m.manifest.crs, encoding });
    const rows = src.features.map((f): PointRow => ({
      index: f.index,
      position: f.point,
      get: (key) =>
        key === 'name'
          ? pickField(f.props, undefined, NAME_FIELDS)
          : key === 'id'
            ? pickField(f.props, undefined, ID_FIELDS)
            : pickField(f.props, undefined, CSV_COLUMNS[key]),
    }));
    return { rows, crs: src.crsLabel, encoding: src.encoding };
  }
  const table = readCsv(path, encoding);
  const conv = resolveCrs(crs ?? (m.manifest.crs === 'auto' ? 'wgs84' : m.manifest.crs), null);
  const cols = Object.fromEntries(
    Object.entries(CSV_COLUMNS).map(([k, aliases]) => [k, column(table, aliases)]),
  ) as Record<keyof typeof CSV_COLUMNS, string | null>;
  if (!cols.lng || !cols.lat)
    throw new Error(
      `${file}: no longitude/latitude columns (headers tried: ${CSV_COLUMNS.lng.join('/')}, ${CSV_COLUMNS.lat.join('/')})`,
    );
  const rows = table.rows.map((r, i): PointRow => {
    const x = Number(r[cols.lng!]);
    const y = Number(r[cols.lat!]);
    const ok = r[cols.lng!] !== '' && r[cols.lat!] !== '' && Number.isFinite(x) && Number.isFinite(y);
    if (ok && conv.label.startsWith('WGS 84') && looksProjected(x, y))
      throw new Error(`${file}: ${x}, ${y} are not degrees; set "crs" for this file`);
    const p = ok ? conv.toWgs84(x, y) : null;
    return {
      index: i + 2,
      position: p && [Math.round(p[0] * 1e7) / 1e7, Math.round(p[1] * 1e7) / 1e7],
      get: (key) => (cols[key] ? r[cols[key]!] || null : null),
    };
  });
  return { rows, crs: conv.label, encoding: table.encoding };
}

const KIND: [RegExp, Camera['kind']][] = [
  [/junction|路口|交叉/i, 'junction'],
  [/border|边界|卡口|村口/i, 'border'],
  [/community|社区|小区|院落/i, 'community'],
  [/road|道路|路段/i, 'road'],
];
const ROLE: [RegExp, StaffRole][] = [
  [/police|民警|警/i, 'police'],
  [/mediat|调解/i, 'mediator'],
  [/volunteer|志愿/i, 'volunteer'],
  [/grid|网格/i, 'grid-worker'],
];

function streamOf(url: string | null): Camera['stream'] {
  if (!url) return null;
  return { kind: /\.m3u8(\?|$)/i.test(url) ? 'hls' : /\.flv(\?|$)/i.test(url) ? 'flv' : 'mjpeg', url };
}

function num(v: string | null, fallback: number, min: number, max: number): number {
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) && n >= min && n <= max ? n : fallback;
}

/** Camera defaults where the platform's export has no column: a typical street camera. */
export const CAMERA_DEFAULTS = { heading: 0, fov: 60, range: 60, height: 6 };

export function importCameras(
  file: string,
  m: LoadedManifest,
  grids: BoxIndex<TreeUnit>,
  problems: Problem[],
  crs?: string,
  encoding?: string,
): PointsRead<Camera> {
  const out: Camera[] = [];
  const src = readRows(file, m, crs, encoding);
  for (const r of src.rows) {
    const name = r.get('name');
    const label = `row ${r.index}${name ? ` (${name})` : ''}`;
    const grid = placed(r, label, file, 'camera', grids, problems);
    if (!grid) continue;
    const kindText = r.get('kind') ?? '';
    out.push({
      id: `C${String(out.length + 1).padStart(5, '0')}`,
      name: name ?? `摄像头${r.get('id') ?? r.index}`,
      kind: KIND.find(([re]) => re.test(kindText))?.[1] ?? 'public-space',
      position: r.position!,
      height: num(r.get('height'), CAMERA_DEFAULTS.height, 0, 200),
      heading: num(r.get('heading'), CAMERA_DEFAULTS.heading, -360, 360),
      fov: num(r.get('fov'), CAMERA_DEFAULTS.fov, 1, 360),
      range: num(r.get('range'), CAMERA_DEFAULTS.range, 1, 5000),
      streetId: grid.id.split('-')[0],
      gridId: grid.id,
      streamUrl: null,
      stream: streamOf(r.get('stream')),
    });
  }
  return { items: out, read: src.rows.length, crs: src.crs, encoding: src.encoding };
}

export function importStaff(
  file: string,
  m: LoadedManifest,
  grids: BoxIndex<TreeUnit>,
  problems: Problem[],
  crs?: string,
  encoding?: string,
): PointsRead<Staff> {
  const out: Staff[] = [];
  const src = readRows(file, m, crs, encoding);
  for (const r of src.rows) {
    const name = r.get('name');
    const label = `row ${r.index}${name ? ` (${name})` : ''}`;
    const grid = placed(r, label, file, 'staff', grids, problems);
    if (!grid) continue;
    const roleText = r.get('role') ?? '';
    const modeText = r.get('mode') ?? '';
    out.push({
      id: `W${String(out.length + 1).padStart(5, '0')}`,
      name: name ?? `人员${r.index}`,
      role: ROLE.find(([re]) => re.test(roleText))?.[1] ?? 'grid-worker',
      phone: r.get('phone') ?? '',
      streetId: grid.id.split('-')[0],
      gridId: grid.id,
      home: r.position!,
      mode: /car|车辆|汽车/i.test(modeText) ? 'car' : /ebike|电动/i.test(modeText) ? 'ebike' : 'foot',
    });
  }
  return { items: out, read: src.rows.length, crs: src.crs, encoding: src.encoding };
}

function placed(
  r: PointRow,
  label: string,
  file: string,
  level: string,
  grids: BoxIndex<TreeUnit>,
  problems: Problem[],
): TreeUnit | null {
  if (!r.position) {
    problems.push({
      file,
      level,
      feature: label,
      code: 'empty-geometry',
      severity: 'error',
      message: 'has no usable longitude/latitude',
    });
    return null;
  }
  const grid = containing(grids, r.position);
  if (!grid)
    problems.push({
      file,
      level,
      feature: label,
      code: 'no-parent',
      severity: 'error',
      message: `at ${r.position.map((v) => v.toFixed(6)).join(', ')} lies in no grid of the district`,
    });
  return grid;
}
