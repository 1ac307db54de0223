// A tiny district for the video tests: two streets, a few cameras each, written to a temp data
// directory the real server loads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Camera, Hierarchy } from '../../src/domain/district.types.ts';

const square = (x: number, y: number, d: number): [number, number][][] => [
  [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ],
];
const unit = { population: 100, households: 40, areaKm2: 1, center: [108.7, 29.5] as [number, number], nameEn: 'x' };

export function camera(id: string, streetId: string, gridId: string, stream: Camera['stream'] = undefined): Camera {
  return {
    id,
    name: `测试路${id}号监控点`,
    kind: 'road',
    position: [108.705, 29.505],
    height: 6,
    heading: 90,
    fov: 60,
    range: 80,
    streetId,
    gridId,
    streamUrl: null,
    ...(stream === undefined ? {} : { stream }),
  };
}

export const FIXTURE_STREETS = ['S01', 'S02'] as const;

/** Writes hierarchy, summary and cameras into <tmp>/district; returns the temp data directory. */
export function writeVideoDistrict(cameras: Camera[]): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gridwall-video-test-'));
  const dir = path.join(tmp, 'district');
  fs.mkdirSync(dir);
  const hierarchy: Hierarchy = {
    version: 1,
    seed: 1,
    district: {
      ...unit,
      id: 'D1',
      level: 'district',
      parentId: null,
      name: '测试区',
      polygon: square(108.7, 29.5, 0.02),
    },
    streets: FIXTURE_STREETS.map((id, i) => ({
      ...unit,
      id,
      level: 'street' as const,
      parentId: 'D1',
      name: `街道${id}`,
      kind: 'street' as const,
      polygon: square(108.7 + i * 0.01, 29.5, 0.01),
    })),
    communities: [],
    grids: [],
  };
  const write = (f: string, v: unknown) => fs.writeFileSync(path.join(dir, f), JSON.stringify(v));
  write('hierarchy.json', hierarchy);
  write('summary.json', { id: 'D1', name: '测试区', grids: 0, cameras: cameras.length });
  write('cameras.json', cameras);
  return tmp;
}

/** Reads a response body until `n` bytes arrived (a live stream never ends by itself). */
export async function readBytes(res: Response, n: number): Promise<Buffer> {
  const reader = res.body!.getReader();
  const chunks: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const { value, done } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    got += value.length;
  }
  await reader.cancel();
  return Buffer.concat(chunks);
}
