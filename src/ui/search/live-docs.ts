// The live half of the search: people and open incidents as the wall's live state has them now,
// so a new incident is findable on the next keystroke and a person is framed where they are.
import type { SearchDoc } from '../../domain/search/search.types.ts';
import type { Translate } from '../../i18n/i18n.ts';
import { tOr } from '../../i18n/i18n.ts';
import type { LiveRuntime } from '../../live/live-hub.ts';
import { openIncidents } from '../../live/models/incidents.model.ts';

/** The street a token's scope limits people and incidents to (`S07`, `S07-C03` → `S07`), or null. */
export function scopeStreet(scope: string | null | undefined): string | null {
  if (!scope || scope === 'district') return null;
  const m = /^S\d+/.exec(scope);
  return m ? m[0] : null;
}

export function liveDocs(rt: LiveRuntime, t: Translate): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const s of rt.roster.values()) {
    docs.push({
      kind: 'staff',
      id: s.id,
      name: s.name,
      streetId: s.streetId,
      extra: [tOr(t, `role.${s.role}`, s.role)],
      position: null,
    });
  }
  for (const inc of openIncidents(rt.client.store.incidents)) {
    docs.push({
      kind: 'incident',
      id: inc.id,
      name: inc.title,
      streetId: inc.streetId,
      extra: [tOr(t, `incident.category.${inc.category}`, inc.category)],
      position: inc.position ?? null,
    });
  }
  return docs;
}

/** Where a person or incident is now (a person without a fix yet: where their shift starts). */
export function livePosition(rt: LiveRuntime | null, doc: SearchDoc): [number, number] | null {
  if (!rt) return doc.position ?? null;
  if (doc.kind === 'staff') {
    const m = rt.client.store.staff;
    const i = m.indexById.get(doc.id);
    if (i !== undefined && m.at[i] > 0) return [m.lng[i], m.lat[i]];
    return rt.roster.get(doc.id)?.home ?? null;
  }
  if (doc.kind === 'incident') return rt.client.store.incidents.byId.get(doc.id)?.position ?? doc.position ?? null;
  return doc.position ?? null;
}
