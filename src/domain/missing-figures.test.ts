import { describe, expect, it } from 'vitest';
import type { GridProfile } from './district.types.ts';
import { withoutMissing } from './missing-figures.ts';

const profile: GridProfile = {
  people: { population: 1200, households: 400, registered: 0, floating: 0, elderly: 0, keyCare: 0 },
  events: { last30Days: 0, resolved30Days: 0, disputes30Days: 0 },
  places: { total: 0, byKind: {} },
  things: { buildings: 12, cameras: 3, hazards: 0, fireHydrants: 0 },
  situation: { satisfaction: 0, securitySense: 0, riskLevel: 'low' },
  organizations: { total: 0, partyBranches: 0, mediationRooms: 0, propertyCompanies: 0, volunteerTeams: 0 },
};

describe('withoutMissing', () => {
  it('takes out whole sections and single figures the import named, keeps what the data holds', () => {
    const p = withoutMissing(profile, [
      'population',
      'profile.events',
      'profile.people.floating',
      'profile.things.hazards',
      'places',
    ]);
    expect(p.events).toBeUndefined();
    expect(p.people).toEqual({ population: 1200, households: 400, registered: 0, elderly: 0, keyCare: 0 });
    expect(p.things).toEqual({ buildings: 12, cameras: 3, fireHydrants: 0 });
    expect(p.situation).toEqual(profile.situation);
    expect(profile.events.last30Days).toBe(0); // the input is not changed
  });

  it('returns the profile itself for the generated demo (nothing missing)', () => {
    expect(withoutMissing(profile, undefined)).toBe(profile);
  });
});
