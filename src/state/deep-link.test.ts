import { describe, expect, it } from 'vitest';
import { parseDeepLink } from './deep-link.ts';

describe('deep links', () => {
  it('focus the most specific valid id', () => {
    expect(parseDeepLink('?street=S07').focusId).toBe('S07');
    expect(parseDeepLink('?community=S07-C03').focusId).toBe('S07-C03');
    expect(parseDeepLink('?street=S07&grid=s07-c03-g12').focusId).toBe('S07-C03-G12');
    expect(parseDeepLink('').focusId).toBeNull();
  });

  it('report ids of the wrong shape instead of using them', () => {
    const link = parseDeepLink('?grid=S07-C03&street=S07');
    expect(link.focusId).toBe('S07');
    expect(link.errors).toEqual(['?grid=S07-C03 is not a grid id']);
  });

  it('read language, diagnostics and scene', () => {
    expect(parseDeepLink('?lang=en').lang).toBe('en');
    expect(parseDeepLink('?lang=zh-CN').lang).toBe('zh-CN');
    expect(parseDeepLink('').lang).toBeNull();
    expect(parseDeepLink('?lang=fr').errors).toHaveLength(1);
    expect(parseDeepLink('?diag=1').diag).toBe(true);
    expect(parseDeepLink('?diag=0').diag).toBe(false);
    expect(parseDeepLink('?scene=district-overview').scene).toBe('district-overview');
    expect(parseDeepLink('?scene=../x').scene).toBeNull();
  });
});
