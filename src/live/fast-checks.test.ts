import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { staffStateSchema } from '../protocol/positions.schema.ts';
import { checkStaffState, idRegexMatchesSchema } from './fast-checks.ts';

const valid = {
  staffId: 'W00001',
  streetId: 'S01',
  lng: 108.77,
  lat: 29.53,
  at: 1_763_780_000_000,
  status: 'responding',
  heading: 90,
  incidentId: 'S01-20261122-0001',
  trail: [[108.77, 29.53, 1_763_779_999_000]],
};

describe('checkStaffState agrees with staffStateSchema', () => {
  it('on hand-picked valid and invalid rows', () => {
    const variants: unknown[] = [
      valid,
      { ...valid, heading: null, incidentId: null, trail: [] },
      null,
      'x',
      [],
      {},
      { ...valid, staffId: '' },
      { ...valid, staffId: 'has space' },
      { ...valid, streetId: 7 },
      { ...valid, lng: '108' },
      { ...valid, lat: NaN },
      { ...valid, status: 'asleep' },
      { ...valid, heading: 'north' },
      { ...valid, incidentId: '' },
      { ...valid, trail: null },
      { ...valid, trail: [[1, 2]] },
      { ...valid, trail: [[1, 2, 'x']] },
      { ...valid, trail: Array.from({ length: 21 }, () => [1, 2, 3]) },
      { ...valid, at: Infinity },
    ];
    for (const v of variants)
      expect(checkStaffState(v) !== null, JSON.stringify(v)).toBe(staffStateSchema.safeParse(v).success);
  });

  it('on generated rows (property test)', () => {
    const row = fc.record({
      staffId: fc.oneof(fc.constant('W1'), fc.string({ maxLength: 70 })),
      streetId: fc.oneof(fc.constant('S01'), fc.string({ maxLength: 3 })),
      lng: fc.oneof(fc.double(), fc.constant('1')),
      lat: fc.double(),
      at: fc.double(),
      status: fc.constantFrom('on-duty', 'responding', 'on-scene', 'break', 'off-duty', 'nap'),
      heading: fc.oneof(fc.constant(null), fc.double()),
      incidentId: fc.oneof(fc.constant(null), fc.string({ maxLength: 5 })),
      trail: fc.array(
        fc.oneof(fc.tuple(fc.double(), fc.double(), fc.double()), fc.array(fc.double(), { maxLength: 4 })),
        { maxLength: 22 },
      ),
    });
    fc.assert(
      fc.property(row, (r) => (checkStaffState(r) !== null) === staffStateSchema.safeParse(r).success),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (s) => idRegexMatchesSchema(s)),
      { numRuns: 2000 },
    );
  });
});
