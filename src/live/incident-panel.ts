// Everything the incident panel shows for one incident, gathered from the live models in one call
// (on click, and about once a second while the panel is open): stage, response-target countdown,
// the closed-loop timeline, assigned staff, the cameras that see it, the three nearest free staff by
// road, and the actions this token may take.
import type { Staff } from '../domain/district.types.ts';
import type { RoadGraph } from '../domain/road-graph.ts';
import { camerasSeeing } from './models/cameras.model.ts';
import {
  isNewIncident,
  responseState,
  timelineOf,
  type ResponseState,
  type TimelineRow,
} from './models/incidents.model.ts';
import { nearestFreeStaff, type NearestStaff } from './models/staff-nearest.model.ts';
import { STAFF_CLASS_NAMES, type StaffClassName } from './models/staff.model.ts';
import type { Role } from '../protocol/common.schema.ts';
import type { Incident, IncidentActionName } from '../protocol/incident.schema.ts';
import { relayNow, type LiveStore } from './live-store.ts';
import { availableOfficerActions } from './officer-actions.ts';

export interface PanelStaff {
  staffId: string;
  name: string | null;
  role: Staff['role'] | null;
  phone: string | null;
  cls: StaffClassName;
  position: [number, number] | null;
}

export interface IncidentPanelData {
  incident: Incident;
  isNew: boolean;
  response: ResponseState;
  timeline: TimelineRow[];
  assignees: PanelStaff[];
  /** Camera ids whose view cone holds the incident, nearest first. */
  cameras: string[];
  /** Null when it cannot be computed (no position, or no road graph loaded yet). */
  nearest: (NearestStaff & { name: string | null })[] | null;
  actions: IncidentActionName[];
}

export interface PanelContext {
  graph?: RoadGraph | null;
  /** staff.json by id, for names and phones. */
  roster?: ReadonlyMap<string, Staff>;
  role: Role | null;
  nowMs: number;
}

export function incidentPanel(s: LiveStore, incidentId: string, ctx: PanelContext): IncidentPanelData | null {
  const inc = s.incidents.byId.get(incidentId);
  if (!inc) return null;
  const who = (id: string): PanelStaff => {
    const i = s.staff.indexById.get(id);
    const r = ctx.roster?.get(id);
    const hasFix = i !== undefined && s.staff.at[i] > 0;
    return {
      staffId: id,
      name: r?.name ?? null,
      role: r?.role ?? null,
      phone: r?.phone ?? null,
      cls: i === undefined ? 'no-fix' : STAFF_CLASS_NAMES[s.staff.cls[i]],
      position: hasFix ? [s.staff.lng[i!], s.staff.lat[i!]] : null,
    };
  };
  const nearest =
    inc.position && ctx.graph
      ? nearestFreeStaff(s.staff, ctx.graph, inc.position).map((n) => ({
          ...n,
          name: ctx.roster?.get(n.staffId)?.name ?? null,
        }))
      : null;
  return {
    incident: inc,
    isNew: isNewIncident(s.incidents, inc.id, ctx.nowMs),
    response: responseState(inc, relayNow(s, ctx.nowMs)),
    timeline: timelineOf(inc),
    assignees: inc.assignees.map(who),
    cameras: inc.position ? camerasSeeing(s.cameras, inc.position).map((i) => s.cameras.cameras[i].id) : [],
    nearest,
    actions: availableOfficerActions(ctx.role, inc),
  };
}
