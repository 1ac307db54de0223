import type { Incident } from '../protocol/incident.schema.ts';
import { layerFilterSchema, type LayerFilter } from '../protocol/scene.schema.ts';

// A scene's filter for a live layer ("overdue only", categories, priorities, open only), read from
// the layer's options (src/protocol/scene.schema.ts layerFilterSchema) and applied to incidents.

/** The layer's `filter` option, or undefined (everything) when absent or malformed. */
export function readLayerFilter(options: Readonly<Record<string, unknown>> | undefined): LayerFilter | undefined {
  const r = layerFilterSchema.safeParse(options?.filter);
  return r.success ? r.data : undefined;
}

export function incidentMatches(i: Incident, f: LayerFilter | undefined): boolean {
  if (!f) return true;
  if (f.openOnly && i.status === 'closed') return false;
  if (f.timing && !f.timing.includes(i.timing)) return false;
  if (f.status && !f.status.includes(i.status)) return false;
  if (f.categories && !f.categories.includes(i.category)) return false;
  if (f.priority && !f.priority.includes(i.priority)) return false;
  return true;
}

/**
 * A filtered view of a live incident map with its own version: it bumps when the source changes or
 * the filter does, and the filtered map is rebuilt only then (readers poll version every frame).
 */
export class FilteredIncidents {
  private filter: LayerFilter | undefined;
  private filterKey = '';
  private gen = 0;
  private built = '';
  private map: ReadonlyMap<string, Incident> = new Map();
  private ver = 0;

  constructor(
    private readonly source: { readonly version: number; readonly incidents: ReadonlyMap<string, Incident> },
  ) {}

  setFilter(f: LayerFilter | undefined): boolean {
    const key = f ? JSON.stringify(f) : '';
    if (key === this.filterKey) return false;
    this.filter = f;
    this.filterKey = key;
    this.gen++;
    return true;
  }

  private refresh() {
    const key = `${this.source.version}:${this.gen}`;
    if (key === this.built) return;
    this.built = key;
    this.ver++;
    if (!this.filter) {
      this.map = this.source.incidents;
      return;
    }
    const out = new Map<string, Incident>();
    for (const [id, inc] of this.source.incidents) if (incidentMatches(inc, this.filter)) out.set(id, inc);
    this.map = out;
  }

  get version(): number {
    this.refresh();
    return this.ver;
  }

  get incidents(): ReadonlyMap<string, Incident> {
    this.refresh();
    return this.map;
  }
}
