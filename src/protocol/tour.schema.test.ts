import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScene } from './scene.schema.ts';
import { parseTour } from './tour.schema.ts';

const SCENES_DIR = path.resolve(import.meta.dirname, '../scenes');
const shippedScenes = new Set(
  fs
    .readdirSync(SCENES_DIR)
    .filter((f) => f.endsWith('.scene.json'))
    .map((f) => {
      const r = parseScene(JSON.parse(fs.readFileSync(path.join(SCENES_DIR, f), 'utf8')));
      if (!r.ok) throw new Error(f);
      return r.value.id;
    }),
);
const caption = { type: 'caption', title: { 'zh-CN': '标题', en: 'Title' }, text: { 'zh-CN': '正文', en: 'Text' } };

describe('tour files', () => {
  it('the shipped tours are valid against the shipped scenes; the briefing has every step kind', () => {
    const dir = path.join(SCENES_DIR, 'tours');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.tour.json'))) {
      const r = parseTour(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')), shippedScenes);
      expect(r.ok ? [] : r.problems, f).toEqual([]);
    }
    const briefing = parseTour(JSON.parse(fs.readFileSync(path.join(dir, 'briefing.tour.json'), 'utf8')));
    if (!briefing.ok) throw new Error('briefing');
    expect(new Set(briefing.value.steps.map((s) => s.type))).toEqual(
      new Set(['fly-to-scene', 'caption', 'highlight-kpi', 'pause']),
    );
    expect(briefing.value.steps.some((s) => s.type === 'fly-to-scene' && typeof s.focus === 'object')).toBe(true);
  });

  it('fills defaults an unattended wall relies on', () => {
    const r = parseTour({
      version: 1,
      id: 't',
      title: caption.title,
      steps: [{ type: 'highlight-kpi', kpi: 'closed-rate' }],
    });
    expect(r.ok && r.value).toMatchObject({
      autoAdvance: false,
      loop: false,
      defaultStepS: 8,
      steps: [{ type: 'highlight-kpi', kpi: 'closed-rate', scope: 'district' }],
    });
  });

  it('names every problem, one path per step, including scenes the library does not have', () => {
    const r = parseTour(
      {
        version: 1,
        id: 'briefing-2',
        title: { 'zh-CN': '汇报' },
        loop: 'yes',
        replay: { from: 'yesterday' },
        steps: [
          { type: 'fly-to-scene', scene: 'no-such-scene', focus: { select: 'the-worst' } },
          { type: 'wait' },
          { ...caption, text: { en: 'only English' } },
          { type: 'highlight-kpi', kpi: 'happiness' },
          { type: 'dance' },
          { type: 'fly-to-scene', scene: 'hotspots', durationS: 600 },
        ],
      },
      shippedScenes,
    );
    expect(r.ok).toBe(false);
    const got = r.ok ? [] : r.problems.map((p) => p.path);
    expect(got).toEqual(
      expect.arrayContaining([
        'title.en',
        'loop',
        'replay.from',
        'steps.0.focus',
        'steps.0.scene',
        'steps.1.seconds',
        'steps.2.text.zh-CN',
        'steps.3.kpi',
        'steps.4.type',
        'steps.5.durationS',
      ]),
    );
    expect(r.ok ? '' : r.problems.find((p) => p.path === 'steps.0.scene')!.message).toMatch(/no-such-scene/);
  });

  it('accepts a replay window (schema only, played by the replay feature)', () => {
    const r = parseTour({ version: 1, id: 'night', title: caption.title, replay: { from: '-12h' }, steps: [caption] });
    expect(r.ok && r.value.replay).toEqual({ from: '-12h', to: 'now', speed: 60 });
  });
});
