import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import v1District from '../scenes/__fixtures__/v1-district.scene.json';
import v1Street from '../scenes/__fixtures__/v1-street.scene.json';
import { parseScene } from './scene.schema.ts';

const SCENES_DIR = path.resolve(import.meta.dirname, '../scenes');
const paths = (r: ReturnType<typeof parseScene>) => (r.ok ? [] : r.problems.map((p) => p.path));

describe('scene files', () => {
  it('every shipped scene is valid, and the library has the six kinds the hall needs', () => {
    const files = fs.readdirSync(SCENES_DIR).filter((f) => f.endsWith('.scene.json'));
    const kinds = new Set<string>();
    for (const f of files) {
      const r = parseScene(JSON.parse(fs.readFileSync(path.join(SCENES_DIR, f), 'utf8')));
      expect(r.ok ? [] : r.problems, f).toEqual([]);
      if (r.ok) kinds.add(r.value.kind);
    }
    for (const k of ['overview', 'street', 'area', 'incident', 'hotspots', 'kpi']) expect(kinds).toContain(k);
  });

  it('names every problem of a bad version-2 file with its path', () => {
    const r = parseScene({
      version: 2,
      id: 'Bad Id',
      kind: 'party',
      title: { 'zh-CN': '坏' },
      camera: { pitch: 20 },
      focus: { id: 'X1' },
      layers: { grids: { visible: 'yes', options: { metric: 'rainbow', filter: { timing: ['late'] } } } },
      flight: { durationS: -1 },
      surprise: true,
    });
    expect(r.ok).toBe(false);
    expect(paths(r)).toEqual(
      expect.arrayContaining([
        'id',
        'kind',
        'title.en',
        'camera.pitch',
        'camera',
        'focus.id',
        'layers.grids.visible',
        'layers.grids.options.metric',
        'layers.grids.options.filter.timing.0',
        'flight.durationS',
        '(file)',
      ]),
    );
    expect(r.ok ? '' : r.problems.find((p) => p.path === 'camera')!.message).toMatch(/exactly one of fit, position/);
  });

  it('refuses an unknown version without guessing', () => {
    const r = parseScene({ version: 3, id: 'x' });
    expect(paths(r)).toEqual(['version']);
    expect(paths(parseScene('not an object'))).toEqual(['(file)']);
  });

  it('migrates version 1 (district fixture): options move under options, durationS into flight', () => {
    const r = parseScene(v1District);
    expect(r.ok && r.migratedFrom).toBe(1);
    expect(r.ok && r.value).toEqual({
      version: 2,
      id: 'district-overview',
      kind: 'overview',
      title: { 'zh-CN': '全区总览', en: 'District overview' },
      camera: { fit: 'focus', heading: 0, pitch: -55 },
      focus: { level: 'district' },
      layers: {
        grids: { visible: true, options: { metric: 'density', level: 'street' } },
        buildings: { visible: true, options: {} },
      },
      flight: { durationS: 0, easing: 'ease-in-out' },
      panels: [],
    });
  });

  it('migrates version 1 (street fixture): fixed camera kept, a half title completed, a bare layer shown', () => {
    const r = parseScene(v1Street);
    expect(r.ok && r.value).toEqual({
      version: 2,
      id: 'street-briefing',
      kind: 'street',
      title: { 'zh-CN': '街道汇报', en: '街道汇报' },
      camera: { position: [108.77, 29.53, 3000], heading: 30, pitch: -35 },
      focus: { id: 'S07' },
      layers: {
        grids: { visible: true, options: { metric: 'density', level: 'community' } },
        buildings: { visible: true, options: {} },
      },
      flight: { durationS: 4, easing: 'ease-in-out' },
      panels: [],
    });
  });

  it('names the problems of a bad version-1 file by their version-1 paths', () => {
    const r = parseScene({ ...v1Street, durationS: 99, focus: { id: 'S07', level: 'district' } });
    expect(paths(r).sort()).toEqual(['durationS', 'focus']);
  });
});
