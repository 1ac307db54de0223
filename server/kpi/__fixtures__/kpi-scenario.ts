import { applyStep, createIncident } from '../../../src/domain/incident-lifecycle.ts';
import type { IncidentCategory } from '../../../src/protocol/categories.ts';
import type { Actor } from '../../../src/protocol/common.schema.ts';
import type { Incident, IncidentAction } from '../../../src/protocol/incident.schema.ts';
import type { EventWrite, Storage } from '../../storage/storage.ts';

// Writes incidents to a storage the way the relay does: one stored event per lifecycle step, with
// the incident projection beside it, numbered per street stream in time order.

export interface ScriptedIncident {
  id: string;
  streetId: string;
  category: IncidentCategory;
  reportedAt: number;
  /** lifecycle steps at absolute times (only those not after `now` are written) */
  steps: [number, IncidentAction][];
}

const CENTER: Actor = { role: 'center', id: 'test-center' };

export async function writeScenario(storage: Storage, scripts: ScriptedIncident[], now: number): Promise<void> {
  const events: { at: number; stream: string; build: () => EventWrite['record']['event'] & { incident: Incident } }[] =
    [];
  for (const s of scripts) {
    if (s.reportedAt > now) continue;
    let cur = createIncident(
      {
        id: s.id,
        streetId: s.streetId,
        gridId: null,
        category: s.category,
        title: s.id,
        description: '',
        position: null,
        source: 'other',
        priority: 'normal',
      },
      s.reportedAt,
      CENTER,
    );
    const first = cur;
    events.push({
      at: s.reportedAt,
      stream: s.streetId,
      build: () => ({
        kind: 'incident',
        type: 'report',
        incidentId: s.id,
        at: s.reportedAt,
        by: CENTER,
        incident: first,
      }),
    });
    for (const [at, step] of s.steps) {
      if (at > now) break;
      const r = applyStep(cur, step, at, CENTER);
      if (!r.ok) throw new Error(`${s.id} ${step.action}: ${r.message}`);
      cur = r.incident;
      const snapshot = cur;
      events.push({
        at,
        stream: s.streetId,
        build: () => ({ kind: 'incident', type: step.action, incidentId: s.id, at, by: CENTER, incident: snapshot }),
      });
    }
  }
  events.sort((a, b) => a.at - b.at);
  const seq = new Map<string, number>();
  let n = 0;
  for (const e of events) {
    const next = (seq.get(e.stream) ?? 0) + 1;
    seq.set(e.stream, next);
    const event = e.build();
    await storage.append({
      record: { stream: e.stream, seq: next, source: 'center:test', eventId: `e${++n}`, receivedAt: e.at, event },
      incident: event.incident,
    });
  }
  await storage.flush();
}
