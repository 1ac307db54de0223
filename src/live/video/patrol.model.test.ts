import { describe, expect, it } from 'vitest';
import { camera } from '../../../test/support/video.fixture.ts';
import {
  createPatrol,
  FAULT_RETRY_MS,
  patrolAdvance,
  patrolCandidates,
  patrolSetLayout,
  patrolTileFailed,
} from './patrol.model.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `C${i + 1}`);

describe('patrol candidates', () => {
  const cams = [
    camera('C1', 'S01', 'S01-C01-G01'),
    camera('C2', 'S01', 'S01-C02-G01', { kind: 'flv', url: '/video/C2/live.flv' }),
    camera('C3', 'S02', 'S02-C01-G01'),
    camera('C4', 'S01', 'S01-C01-G02', { kind: 'hls', url: '/video/C4/index.m3u8' }),
    camera('C5', 'S01', 'S01-C01-G010'),
  ];
  it('takes an area by street, community or grid id, cameras with video first', () => {
    expect(patrolCandidates(cams, { kind: 'area', areaId: 'S01' })).toEqual(['C2', 'C4', 'C1', 'C5']);
    expect(patrolCandidates(cams, { kind: 'area', areaId: 'S01-C01' })).toEqual(['C4', 'C1', 'C5']);
    // G01 is not a prefix match for G010
    expect(patrolCandidates(cams, { kind: 'area', areaId: 'S01-C01-G01' })).toEqual(['C1']);
    expect(patrolCandidates(cams, { kind: 'cameras', ids: ['C3', 'C9', 'C4'] })).toEqual(['C4', 'C3']);
  });
});

describe('patrol', () => {
  it('fills the tiles in order and pages through every camera, wrapping round', () => {
    let s = createPatrol(ids(10), 4, 0);
    expect(s.tiles).toEqual(['C1', 'C2', 'C3', 'C4']);
    s = patrolAdvance(s, 1);
    expect(s.tiles).toEqual(['C5', 'C6', 'C7', 'C8']);
    s = patrolAdvance(s, 2);
    expect(s.tiles).toEqual(['C9', 'C10', 'C1', 'C2']);
    expect(s.rounds).toBe(1);
  });

  it('never shows a camera twice, never more than its layout, and holds still when everything fits', () => {
    const s = createPatrol(ids(3), 9, 0);
    expect(s.tiles).toEqual(['C1', 'C2', 'C3', null, null, null, null, null, null]);
    expect(patrolAdvance(s, 1)).toBe(s);
    let t = createPatrol(ids(11), 9, 0);
    for (let k = 0; k < 30; k++) {
      t = patrolAdvance(t, k);
      const shown = t.tiles.filter(Boolean);
      expect(t.tiles).toHaveLength(9);
      expect(new Set(shown).size).toBe(shown.length);
    }
  });

  it('a failed tile moves on alone; the faulty camera is skipped until its retry time', () => {
    let s = createPatrol(ids(6), 4, 0);
    s = patrolTileFailed(s, 1, 100);
    expect(s.tiles).toEqual(['C1', 'C5', 'C3', 'C4']);
    s = patrolAdvance(s, 200);
    expect(s.tiles).toEqual(['C6', 'C1', 'C3', 'C4']);
    expect(s.tiles).not.toContain('C2');
    s = patrolAdvance(s, 100 + FAULT_RETRY_MS);
    expect(s.tiles).toContain('C2');
  });

  it('a failure reported after the page moved on still keeps the camera out until its retry', async () => {
    const { patrolCameraFailed } = await import('./patrol.model.ts');
    let s = createPatrol(ids(10), 4, 0);
    s = patrolAdvance(s, 1); // C5-C8 on screen
    s = patrolCameraFailed(s, 'C1', 2); // C1's stream failed while it was shown, reported late
    expect(s.tiles).toEqual(['C5', 'C6', 'C7', 'C8']);
    s = patrolAdvance(s, 3);
    expect(s.tiles).toEqual(['C9', 'C10', 'C2', 'C3']);
    s = patrolCameraFailed(s, 'C3', 4); // on screen: that tile moves on at once
    expect(s.tiles).toEqual(['C9', 'C10', 'C2', 'C4']);
  });

  it('when every camera has failed the tiles go empty rather than loop on broken streams', () => {
    let s = createPatrol(ids(2), 1, 0);
    s = patrolTileFailed(s, 0, 1);
    expect(s.tiles).toEqual(['C2']);
    s = patrolTileFailed(s, 0, 2);
    expect(s.tiles).toEqual([null]);
    expect(patrolAdvance(s, 3).tiles).toEqual([null]);
  });

  it('changing layout keeps what still fits', () => {
    let s = createPatrol(ids(12), 9, 0);
    s = patrolSetLayout(s, 4, 1);
    expect(s.tiles).toEqual(['C1', 'C2', 'C3', 'C4']);
    s = patrolSetLayout(s, 9, 2);
    expect(s.tiles).toEqual(['C1', 'C2', 'C3', 'C4', 'C10', 'C11', 'C12', 'C5', 'C6']);
  });
});

describe('patrol link', () => {
  it('reads an area or an incident with layout and pace, clamped; ignores junk', async () => {
    const { parsePatrolLink } = await import('./patrol.model.ts');
    expect(parsePatrolLink('?patrol=S04-C01-G03&patrolLayout=9&patrolEvery=5')).toEqual({
      target: { kind: 'area', areaId: 'S04-C01-G03' },
      layout: 9,
      everyS: 5,
    });
    expect(parsePatrolLink('?patrol=incident:I-7')).toEqual({
      target: { kind: 'incident', incidentId: 'I-7' },
      layout: 4,
      everyS: 10,
    });
    expect(parsePatrolLink('?patrol=S01&patrolLayout=16&patrolEvery=1')).toEqual({
      target: { kind: 'area', areaId: 'S01' },
      layout: 4,
      everyS: 3,
    });
    expect(parsePatrolLink('?patrol=<script>')).toBeNull();
    expect(parsePatrolLink('?grid=S01')).toBeNull();
  });
});
