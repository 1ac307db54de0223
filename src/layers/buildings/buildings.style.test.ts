import { describe, expect, it } from 'vitest';
import { buildingStyleFor, DIMMED_COLOR, SELECTED_COLOR } from './buildings.style.ts';

describe('building style', () => {
  it('colours by use at district level with nothing dimmed', () => {
    const style = buildingStyleFor({ level: 'district', id: 'D500114' });
    expect(style.color.conditions.some(([, c]) => c.includes(DIMMED_COLOR))).toBe(false);
    expect(style.color.conditions[0][0]).toBe("${use} === 'residential'");
  });

  it('lights the focused grid and dims the rest', () => {
    const style = buildingStyleFor({ level: 'grid', id: 'S07-C03-G12' });
    expect(style.color.conditions).toEqual([
      ["${gridId} === 'S07-C03-G12'", `color('${SELECTED_COLOR}')`],
      ['true', `color('${DIMMED_COLOR}')`],
    ]);
  });

  it('keeps use colours inside a focused street or community', () => {
    const style = buildingStyleFor({ level: 'community', id: 'S07-C03' });
    expect(style.color.conditions[0][0]).toBe("${communityId} === 'S07-C03' && ${use} === 'residential'");
    expect(style.color.conditions.at(-1)).toEqual(['true', `color('${DIMMED_COLOR}')`]);
  });

  it('never splices an unsafe id into an expression', () => {
    const style = buildingStyleFor({ level: 'grid', id: "x' || true || '" });
    expect(JSON.stringify(style)).not.toContain('|| true');
  });
});
