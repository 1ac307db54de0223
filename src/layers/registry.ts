import { buildingsLayer } from './buildings/buildings.layer.ts';
import { gridsLayer } from './grids/grids.layer.ts';
import { analysisLayer } from './analysis/analysis.layer.ts';
import { camerasLayer } from './cameras/cameras.layer.ts';
import { incidentsLayer } from './incidents/incidents.layer.ts';
import { staffLayer } from './staff/staff.layer.ts';
import type { LayerFactory } from './layer.types.ts';

/**
 * The wall's layers, bottom to top. Adding a layer is a folder under src/layers/ and one line here;
 * scenes refer to layers by their id.
 */
export const LAYER_FACTORIES: readonly LayerFactory[] = [buildingsLayer, gridsLayer, camerasLayer, staffLayer, incidentsLayer, analysisLayer];
