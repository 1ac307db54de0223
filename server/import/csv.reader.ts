// CSV (RFC 4180: quoted fields, doubled quotes, CRLF) as exported by video platforms and staff
// rosters, UTF-8 with or without BOM or GBK. Columns are found by any of their usual header names.

import { readFileSync } from 'node:fs';
import { decodeFile, normalizeEncoding, type TextEncodingName } from './encoding.import.ts';

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f.trim() !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  row.push(field);
  if (row.some((f) => f.trim() !== '')) rows.push(row);
  return rows;
}

export interface CsvTable {
  header: string[];
  rows: Record<string, string>[];
  encoding: TextEncodingName;
}

export function readCsv(path: string, encoding?: string): CsvTable {
  const { text, encoding: enc } = decodeFile(readFileSync(path), normalizeEncoding(encoding));
  const [header = [], ...body] = parseCsv(text);
  const names = header.map((h) => h.trim());
  return {
    header: names,
    rows: body.map((r) => Object.fromEntries(names.map((h, i) => [h, (r[i] ?? '').trim()]))),
    encoding: enc,
  };
}

/** The first header among `aliases` (case-insensitive) that the table has. */
export function column(table: CsvTable, aliases: readonly string[]): string | null {
  const lower = new Map(table.header.map((h) => [h.toLowerCase(), h]));
  for (const a of aliases) {
    const h = lower.get(a.toLowerCase());
    if (h) return h;
  }
  return null;
}

export const CSV_COLUMNS = {
  id: ['id', 'code', '编号', '编码', '设备编号', '国标编码'],
  name: ['name', '名称', '设备名称', '姓名', '点位名称'],
  lng: ['lng', 'lon', 'longitude', 'x', '经度'],
  lat: ['lat', 'latitude', 'y', '纬度'],
  heading: ['heading', 'direction', 'azimuth', '方向', '朝向', '方位角'],
  fov: ['fov', 'field_of_view', '视场角', '视角'],
  range: ['range', '可视距离', '距离'],
  height: ['height', '安装高度', '高度'],
  kind: ['kind', 'type', '类型'],
  stream: ['stream', 'streamurl', 'url', '视频地址'],
  role: ['role', '角色', '职务', '岗位'],
  phone: ['phone', 'mobile', '电话', '手机'],
  mode: ['mode', '出行方式'],
} as const;
