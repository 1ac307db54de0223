// An imported district names the figures its files do not hold (DistrictSummary.missing, e.g.
// 'profile.events' or 'profile.people.floating'); the import writes 0 there to keep the contract's
// types. Before showing a grid's profile, those figures are taken out, so a panel shows "—" for
// them instead of an invented 0.
import type { GridProfile } from './district.types.ts';

/** A copy of `profile` without the figures named in `missing` (paths under `profile.`). */
export function withoutMissing(profile: GridProfile, missing: readonly string[] | undefined): Partial<GridProfile> {
  if (!missing || missing.length === 0) return profile;
  const out = structuredClone(profile) as unknown as Record<string, unknown>;
  for (const path of missing) {
    if (!path.startsWith('profile.')) continue;
    const keys = path.slice('profile.'.length).split('.');
    let node: Record<string, unknown> | undefined = out;
    for (const k of keys.slice(0, -1)) node = node?.[k] as Record<string, unknown> | undefined;
    if (node) delete node[keys[keys.length - 1]];
  }
  return out as Partial<GridProfile>;
}
