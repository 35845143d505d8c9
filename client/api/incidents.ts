import type { IncidentSummary } from '../../server/realtime/events.ts';
import { getJson } from './http.ts';

/** An incident as the list API gives it (the description is null for walls). */
export interface IncidentRow extends Omit<IncidentSummary, 'id'> {
  id: string;
  description: string | null;
  locatedBy: string;
  updatedAt: string;
}

/** A category of the catalogue. */
export interface IncidentCategory {
  code: string;
  nameZh: string;
  nameEn: string;
  defaultColour: string;
}

/** GET /api/incidents (newest first, in the viewer's area) with the outbox position to resume live events from. */
export async function fetchIncidents(): Promise<{ rows: IncidentRow[]; seq: number }> {
  const res = await fetch('/api/incidents?limit=500', { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) return { rows: await getJson<IncidentRow[]>('/api/incidents?limit=500'), seq: 0 };
  return { rows: (await res.json()) as IncidentRow[], seq: Number(res.headers.get('X-Outbox-Seq') ?? 0) };
}
/** GET /api/incident-categories */
export const fetchCategories = (): Promise<IncidentCategory[]> => getJson('/api/incident-categories');
