// The static search documents travel from the server to the wall's search worker as columns: one
// array per field instead of 74,000 small objects (about a third of the JSON, and quick to parse).
import { SEARCH_KINDS, type SearchDoc, type SearchKind } from './search.types.ts';

export interface SearchDocsWire {
  version: 1;
  kinds: SearchKind[];
  /** index into `kinds` */
  kind: number[];
  id: string[];
  name: string[];
  /** index into `streets`, or -1 */
  street: number[];
  streets: string[];
  /** longitude, latitude × 1e6 as integers; 0, 0 when unknown */
  lng: number[];
  lat: number[];
  /** extra strings joined by a unit separator */
  extra: string[];
  /** the grid a thing stands in ('' for none) and its tag ('' for none) */
  area: string[];
  tag: string[];
}

const SEP = '\u001f';

export function encodeDocs(docs: readonly SearchDoc[]): SearchDocsWire {
  const kinds = [...SEARCH_KINDS];
  const streets: string[] = [];
  const streetIx = new Map<string, number>();
  const w: SearchDocsWire = {
    version: 1,
    kinds,
    kind: [],
    id: [],
    name: [],
    street: [],
    streets,
    lng: [],
    lat: [],
    extra: [],
    area: [],
    tag: [],
  };
  for (const d of docs) {
    let s = -1;
    if (d.streetId !== null) {
      s = streetIx.get(d.streetId) ?? -1;
      if (s < 0) {
        s = streets.push(d.streetId) - 1;
        streetIx.set(d.streetId, s);
      }
    }
    w.kind.push(kinds.indexOf(d.kind));
    w.id.push(d.id);
    w.name.push(d.name);
    w.street.push(s);
    w.lng.push(d.position ? Math.round(d.position[0] * 1e6) : 0);
    w.lat.push(d.position ? Math.round(d.position[1] * 1e6) : 0);
    w.extra.push((d.extra ?? []).filter(Boolean).join(SEP));
    w.area.push(d.areaId ?? '');
    w.tag.push(d.tag ?? '');
  }
  return w;
}

/** Reads the columns back; a malformed body throws with what is wrong (the worker reports it). */
export function decodeDocs(w: SearchDocsWire): SearchDoc[] {
  if (!w || w.version !== 1 || !Array.isArray(w.id)) throw new Error('search documents: unknown format');
  const n = w.id.length;
  for (const col of ['kind', 'name', 'street', 'lng', 'lat', 'extra', 'area', 'tag'] as const) {
    if (!Array.isArray(w[col]) || w[col].length !== n)
      throw new Error(`search documents: column ${col} is not ${n} long`);
  }
  const docs: SearchDoc[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const kind = w.kinds[w.kind[i]];
    if (!kind) throw new Error(`search documents: row ${i} has unknown kind ${w.kind[i]}`);
    const has = w.lng[i] !== 0 || w.lat[i] !== 0;
    docs[i] = {
      kind,
      id: w.id[i],
      name: w.name[i],
      streetId: w.street[i] >= 0 ? (w.streets[w.street[i]] ?? null) : null,
      position: has ? [w.lng[i] / 1e6, w.lat[i] / 1e6] : null,
      extra: w.extra[i] ? w.extra[i].split(SEP) : [],
      areaId: w.area[i] || null,
      ...(w.tag[i] ? { tag: w.tag[i] } : {}),
    };
  }
  return docs;
}
