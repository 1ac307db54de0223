import { isSafeId, type Focus } from '../../state/area-id.ts';

/** The JSON of a Cesium3DTileStyle (https://github.com/CesiumGS/3d-tiles/tree/main/specification/Styling). */
export interface TileStyleJson {
  color: { conditions: [string, string][] };
  show?: string;
}

export const USE_COLORS: Readonly<Record<string, string>> = {
  residential: '#b9c9dc',
  shop: '#e2bd8f',
  school: '#a3d9a5',
  hospital: '#f0a3a3',
  government: '#c8a8e6',
  industry: '#97a2ae',
};
export const SELECTED_COLOR = '#36e3ff';
export const DIMMED_COLOR = '#343c48';
const DEFAULT_COLOR = '#aebccb';

const byUseConditions = (): [string, string][] => [
  ...Object.entries(USE_COLORS).map(([use, color]): [string, string] => [`\${use} === '${use}'`, `color('${color}')`]),
  ['true', `color('${DEFAULT_COLOR}')`],
];

/**
 * Buildings coloured by use; once a street or community is focused the rest of the city is dimmed,
 * and a focused grid's own buildings are lit in the highlight colour.
 */
export function buildingStyleFor(focus: Focus): TileStyleJson {
  if (focus.level === 'district' || !isSafeId(focus.id)) return { color: { conditions: byUseConditions() } };
  const property = focus.level === 'street' ? 'streetId' : focus.level === 'community' ? 'communityId' : 'gridId';
  const inFocus = `\${${property}} === '${focus.id}'`;
  if (focus.level === 'grid') {
    return {
      color: {
        conditions: [
          [inFocus, `color('${SELECTED_COLOR}')`],
          ['true', `color('${DIMMED_COLOR}')`],
        ],
      },
    };
  }
  const conditions = byUseConditions().map(([cond, color]): [string, string] => [
    cond === 'true' ? inFocus : `${inFocus} && ${cond}`,
    color,
  ]);
  return { color: { conditions: [...conditions, ['true', `color('${DIMMED_COLOR}')`]] } };
}
