import { describe, expect, it } from 'vitest';
import { tourSchema, type Tour } from '../../protocol/tour.schema.ts';
import { nextStep, onKey, previousStep, startTour, tick, type TourResult } from './tour-player.ts';

const t = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const TOUR: Tour = tourSchema.parse({
  version: 1,
  id: 'test',
  title: t('测试', 'Test'),
  defaultStepS: 5,
  steps: [
    { type: 'fly-to-scene', scene: 'district-overview', durationS: 1 },
    { type: 'caption', title: t('总览', 'Overview'), text: t('全区', 'All') },
    { type: 'highlight-kpi', kpi: 'dispatch-on-time' },
    {
      type: 'fly-to-scene',
      scene: 'incident-focus',
      focus: { select: 'most-overdue-open-incident' },
      durationS: 3,
      easing: 'ease-out',
    },
    { type: 'pause' },
    { type: 'fly-to-scene', scene: 'kpi-board' },
  ],
});

const run = (r: TourResult, ...keys: string[]) => keys.reduce((acc, k) => onKey(acc.state, k, 0) ?? acc, r);

describe('tour player, driven by clicker keys', () => {
  it('starts on the first flight and preloads the next one', () => {
    const r = startTour(TOUR, 0);
    expect(r.state.index).toBe(0);
    expect(r.effects).toEqual([
      { kind: 'scene', sceneId: 'district-overview', focus: null, durationS: 1, easing: null },
      { kind: 'preload', sceneId: 'incident-focus', focus: { select: 'most-overdue-open-incident' } },
    ]);
  });

  it('PageDown shows the caption, Space the figure, then flies and clears both', () => {
    let r = startTour(TOUR, 0);
    r = run(r, 'PageDown');
    expect(r.effects).toEqual([
      { kind: 'caption', caption: { title: t('总览', 'Overview'), text: t('全区', 'All') } },
      { kind: 'preload', sceneId: 'incident-focus', focus: { select: 'most-overdue-open-incident' } },
    ]);
    r = run(r, ' ');
    expect(r.effects[0]).toEqual({ kind: 'kpi', kpi: { key: 'dispatch-on-time', scope: 'district' } });
    r = run(r, 'PageDown');
    expect(r.state.index).toBe(3);
    expect(r.effects).toEqual([
      {
        kind: 'scene',
        sceneId: 'incident-focus',
        focus: { select: 'most-overdue-open-incident' },
        durationS: 3,
        easing: 'ease-out',
      },
      { kind: 'caption', caption: null },
      { kind: 'kpi', kpi: null },
      { kind: 'preload', sceneId: 'kpi-board', focus: null },
    ]);
  });

  it('PageUp goes back to exactly what was on screen (caption and figure restored, scene flown back)', () => {
    let r = run(startTour(TOUR, 0), 'PageDown', 'PageDown', 'PageDown');
    r = run(r, 'PageUp');
    expect(r.state.index).toBe(2);
    expect(r.effects.slice(0, 3)).toEqual([
      { kind: 'scene', sceneId: 'district-overview', focus: null, durationS: 1, easing: null },
      { kind: 'caption', caption: { title: t('总览', 'Overview'), text: t('全区', 'All') } },
      { kind: 'kpi', kpi: { key: 'dispatch-on-time', scope: 'district' } },
    ]);
    expect(previousStep(startTour(TOUR, 0).state, 0).effects).toEqual([]);
  });

  it('B blanks and comes back; a step key also un-blanks', () => {
    let r = run(startTour(TOUR, 0), 'b');
    expect(r.effects).toEqual([{ kind: 'blank', on: true }]);
    r = run(r, 'B');
    expect(r.effects).toEqual([{ kind: 'blank', on: false }]);
    r = run(r, '.', 'PageDown');
    expect(r.effects[0]).toEqual({ kind: 'blank', on: false });
    expect(r.state.blank).toBe(false);
  });

  it('the end of a tour that does not loop is reported once; other keys are ignored', () => {
    let r = run(startTour(TOUR, 0), 'PageDown', 'PageDown', 'PageDown', 'PageDown', 'PageDown');
    expect(r.state.index).toBe(5);
    r = nextStep(r.state, 0);
    expect(r.effects).toEqual([{ kind: 'ended' }]);
    expect(nextStep(r.state, 0).effects).toEqual([]);
    expect(onKey(r.state, 'x', 0)).toBeNull();
  });
});

describe('tour player, unattended (auto-advance and loop)', () => {
  const auto: Tour = { ...TOUR, autoAdvance: true, loop: true };
  it('advances when each step’s time is up, waits at a pause, and loops to the start', () => {
    let r = startTour(auto, 0);
    expect(tick(r.state, 2_999).state.index).toBe(0); // flight 1 s + 2 s settle
    r = tick(r.state, 3_000);
    expect(r.state.index).toBe(1);
    r = tick(r.state, 3_000 + 5_000); // caption: defaultStepS
    r = tick(r.state, 3_000 + 10_000); // figure
    expect(r.state.index).toBe(3);
    r = tick(r.state, 13_000 + 5_000); // flight 3 s + 2 s
    expect(r.state.index).toBe(4);
    expect(tick(r.state, 10_000_000).state.index).toBe(4); // the pause waits for the presenter
    r = run(r, 'PageDown');
    expect(r.state.index).toBe(5);
    expect(r.effects.at(-1)).toEqual({ kind: 'preload', sceneId: 'district-overview', focus: null }); // looping: the first flight next
    r = tick(r.state, 4_000);
    expect(r.state.index).toBe(0);
  });
});
