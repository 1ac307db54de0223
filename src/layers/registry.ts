import { buildingsLayer } from './buildings/buildings.layer.ts';
import { gridsLayer } from './grids/grids.layer.ts';
import type { LayerFactory } from './layer.types.ts';

/**
 * The wall's layers, bottom to top. Adding a layer is a folder under src/layers/ and one line here;
 * scenes refer to layers by their id.
 */
export const LAYER_FACTORIES: readonly LayerFactory[] = [buildingsLayer, gridsLayer];
