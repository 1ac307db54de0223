import { analysisLayer } from './analysis/analysis.layer.ts';
import { buildingsLayer } from './buildings/buildings.layer.ts';
import { camerasLayer } from './cameras/cameras.layer.ts';
import { gridsLayer } from './grids/grids.layer.ts';
import { incidentsLayer } from './incidents/incidents.layer.ts';
import type { LayerFactory } from './layer.types.ts';
import { placesLayer } from './places/places.layer.ts';
import { replayLayer } from './replay/replay.layer.ts';
import { staffLayer } from './staff/staff.layer.ts';

export interface LayerEntry {
  /** The layer's id (as in scenes, wall state and `layer.<id>` in the message table). */
  id: string;
  create: LayerFactory;
  /** Place among the operator's layer toggles (none: the layer has no toggle). */
  toggle?: number;
}

/**
 * The wall's layers, bottom to top. Adding a layer is a folder under src/layers/ and one line here;
 * scenes refer to layers by their id. See docs/adding-a-layer.md.
 */
export const LAYERS: readonly LayerEntry[] = [
  { id: 'buildings', create: buildingsLayer },
  { id: 'grids', create: gridsLayer },
  { id: 'places', create: placesLayer, toggle: 5 },
  { id: 'cameras', create: camerasLayer, toggle: 1 },
  { id: 'staff', create: staffLayer, toggle: 3 },
  { id: 'incidents', create: incidentsLayer, toggle: 2 },
  { id: 'analysis', create: analysisLayer, toggle: 4 },
  { id: 'replay', create: replayLayer },
];

export const LAYER_FACTORIES: readonly LayerFactory[] = LAYERS.map((l) => l.create);

/** Ids of the layers the operator can switch on and off, in toggle order. */
export const LAYER_TOGGLES: readonly string[] = LAYERS.filter((l) => l.toggle !== undefined)
  .sort((a, b) => a.toggle! - b.toggle!)
  .map((l) => l.id);
