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

async function fetchPage(query: string): Promise<{ rows: IncidentRow[]; seq: number }> {
  const res = await fetch(`/api/incidents?${query}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) return { rows: await getJson<IncidentRow[]>(`/api/incidents?${query}`), seq: 0 };
  return { rows: (await res.json()) as IncidentRow[], seq: Number(res.headers.get('X-Outbox-Seq') ?? 0) };
}

/**
 * The viewer's incidents: every open case (the map draws them all) and the newest of the rest,
 * with the outbox position to resume live events from — the older of the two, so a replay can
 * only repeat an event, never skip one.
 */
export async function fetchIncidents(): Promise<{ rows: IncidentRow[]; seq: number }> {
  const [open, recent] = await Promise.all([fetchPage('open=true&limit=5000'), fetchPage('limit=300')]);
  const byId = new Map([...recent.rows, ...open.rows].map((r) => [r.id, r]));
  return { rows: [...byId.values()], seq: Math.min(open.seq, recent.seq) };
}
/** GET /api/incident-categories */
export const fetchCategories = (): Promise<IncidentCategory[]> => getJson('/api/incident-categories');
