// Source coordinates -> WGS 84 [lng, lat]. CGCS2000 geographic is taken as WGS 84 (the two
// ellipsoids differ by 0.1 mm in the semi-minor axis; the frames agree to centimetres), so the
// work is the Gauss–Krüger projections (EPSG:4491–4554, or any .prj proj4 reads) and the two
// obfuscated Chinese web systems GCJ-02 (Gaode, Tencent) and BD-09 (Baidu), which files never
// declare and the manifest must name.

import gcoord from 'gcoord';
import proj4 from 'proj4';

export type CrsSpec = 'auto' | 'wgs84' | 'cgcs2000' | 'gcj02' | 'bd09' | `EPSG:${number}`;
export type ToWgs84 = (x: number, y: number) => [number, number];

export interface ResolvedCrs {
  /** what the report prints, e.g. "EPSG:4545 (CGCS2000 3-degree GK CM 108E)" or "WGS 84" */
  label: string;
  toWgs84: ToWgs84;
}

const CGCS2000 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

/**
 * proj4 definitions of the CGCS2000 Gauss–Krüger systems, from the EPSG registry's layout:
 * 4491–4501 6° zones 13–23 (zone number in the false easting), 4502–4512 6° CM 75–135E,
 * 4513–4533 3° zones 25–45 (zone in the false easting), 4534–4554 3° CM 75–135E.
 */
export function cgcs2000GaussKruger(code: number): { def: string; label: string } | null {
  let cm: number;
  let fe = 500000;
  let label: string;
  if (code >= 4491 && code <= 4501) {
    const zone = code - 4491 + 13;
    cm = zone * 6 - 3;
    fe = zone * 1e6 + 500000;
    label = `CGCS2000 GK zone ${zone}`;
  } else if (code >= 4502 && code <= 4512) {
    cm = 75 + (code - 4502) * 6;
    label = `CGCS2000 GK CM ${cm}E`;
  } else if (code >= 4513 && code <= 4533) {
    const zone = code - 4513 + 25;
    cm = zone * 3;
    fe = zone * 1e6 + 500000;
    label = `CGCS2000 3-degree GK zone ${zone}`;
  } else if (code >= 4534 && code <= 4554) {
    cm = 75 + (code - 4534) * 3;
    label = `CGCS2000 3-degree GK CM ${cm}E`;
  } else return null;
  return {
    def: `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${fe} +y_0=0 ${CGCS2000}`,
    label: `EPSG:${code} (${label})`,
  };
}

const identity: ToWgs84 = (x, y) => [x, y];

function fromProj(def: string, label: string): ResolvedCrs {
  const conv = proj4(def, 'EPSG:4326');
  return { label, toWgs84: (x, y) => conv.forward([x, y]) as [number, number] };
}

/** A .prj's WKT: geographic ones are taken as WGS 84, projected ones go through proj4. */
export function crsFromPrj(prj: string): ResolvedCrs {
  const wkt = prj.trim();
  const name = /^\w+\["([^"]*)"/.exec(wkt)?.[1] ?? 'unnamed';
  if (/^GEOGCS\[|^GEOGCRS\[|^GEODCRS\[/i.test(wkt))
    return { label: `${name} (geographic, as WGS 84)`, toWgs84: identity };
  // ArcGIS writes CGCS2000 GK .prj files with the EPSG code in an AUTHORITY node only sometimes;
  // prefer our own definition when the code is one of the Gauss–Krüger family.
  const code = /AUTHORITY\["EPSG",\s*"?(\d+)"?\]\s*\]\s*$/i.exec(wkt)?.[1];
  const known = code ? cgcs2000GaussKruger(Number(code)) : null;
  if (known) return fromProj(known.def, known.label);
  try {
    return fromProj(wkt, `${name} (from .prj)`);
  } catch (err) {
    throw new Error(`cannot read the .prj projection "${name}": ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

export function resolveCrs(spec: string, prj: string | null): ResolvedCrs {
  const s = spec.trim();
  const lower = s.toLowerCase();
  if (lower === 'auto') return prj ? crsFromPrj(prj) : { label: 'WGS 84 (no .prj)', toWgs84: identity };
  if (lower === 'wgs84' || lower === 'epsg:4326') return { label: 'WGS 84', toWgs84: identity };
  if (lower === 'cgcs2000' || lower === 'epsg:4490')
    return { label: 'CGCS2000 geographic (as WGS 84)', toWgs84: identity };
  if (lower === 'gcj02')
    return {
      label: 'GCJ-02',
      toWgs84: (x, y) => gcoord.transform([x, y], gcoord.GCJ02, gcoord.WGS84) as [number, number],
    };
  if (lower === 'bd09')
    return {
      label: 'BD-09',
      toWgs84: (x, y) => gcoord.transform([x, y], gcoord.BD09, gcoord.WGS84) as [number, number],
    };
  const epsg = /^epsg:(\d+)$/.exec(lower);
  if (epsg) {
    const code = Number(epsg[1]);
    const gk = cgcs2000GaussKruger(code);
    if (gk) return fromProj(gk.def, gk.label);
    if (code === 3857) return fromProj('EPSG:3857', 'EPSG:3857 (Web Mercator)');
    throw new Error(`EPSG:${code} is not supported (use 4326, 4490, 4491–4554, 3857, or give a .prj)`);
  }
  throw new Error(`unknown crs "${spec}" (auto, wgs84, cgcs2000, gcj02, bd09 or EPSG:<code>)`);
}

/** Projected coordinates read as degrees are the usual sign of a missing or wrong .prj. */
export function looksProjected(x: number, y: number): boolean {
  return Math.abs(x) > 180 || Math.abs(y) > 90;
}
