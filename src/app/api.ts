import type { DistrictSummary } from '../domain/district.types.ts';
import type { GridDetails } from '../state/wall.model.ts';

const TIMEOUT_MS = 30_000;

export async function fetchJson(url: string, signal?: AbortSignal): Promise<unknown> {
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const res = await fetch(url, {
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    headers: { accept: 'application/json' },
  });
  if (!res.ok) {
    let detail = '';
    try {
      detail = ((await res.json()) as { message?: string }).message ?? '';
    } catch {
      // Not JSON: the status is all we have.
    }
    throw new Error(`${url}: HTTP ${res.status}${detail ? ` ${detail}` : ''}`);
  }
  return res.json();
}

export function validateSummary(value: unknown): DistrictSummary {
  const v = value as Partial<DistrictSummary> | null;
  if (!v || typeof v.id !== 'string' || !Array.isArray(v.bbox) || v.bbox.length !== 4)
    throw new Error('/api/district: unexpected shape');
  return v as DistrictSummary;
}

export function validateGridDetails(value: unknown, id: string): GridDetails {
  const v = value as Partial<GridDetails> | null;
  if (!v || !v.grid || v.grid.id !== id || !Array.isArray(v.buildingIds))
    throw new Error(`/api/grids/${id}: unexpected shape`);
  return { places: [], microGrids: [], cameras: 0, worker: null, ...v } as GridDetails;
}
