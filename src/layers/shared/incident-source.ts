import type { IncidentsModel } from '../../live/models/incidents.model.ts';
import type { Incident } from '../../protocol/incident.schema.ts';

// The incidents model as the drawing code reads it (markers here, density and arcs in analysis):
// the live model's map and version, and when an incident was first seen live (for the pulse).

export interface IncidentSource {
  /** Bumps whenever any incident changes. */
  readonly version: number;
  readonly incidents: ReadonlyMap<string, Incident>;
  /** Local ms when the wall first saw this incident arrive live (not in a snapshot), for the pulse. */
  firstSeenLive(id: string): number | undefined;
}

export function incidentSource(m: IncidentsModel): IncidentSource {
  return {
    get version() {
      return m.version;
    },
    incidents: m.byId,
    firstSeenLive: (id) => {
      const until = m.newUntil.get(id);
      return until === undefined ? undefined : until - m.pulseMs;
    },
  };
}
