import type {
  IncidentCategory,
  IncidentDetail,
  IncidentPhoto,
  IncidentRow,
  TransitionInput,
} from '../../server/incidents/incidents-contract.ts';
import type { PlaybackWindow } from '../../server/incidents/playback-contract.ts';
import { getJson, sendJson } from './http.ts';

export type {
  IncidentCategory,
  IncidentDetail,
  IncidentPhoto,
  IncidentRow,
  IncidentTimelineEntry,
} from '../../server/incidents/incidents-contract.ts';

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

/** Where a photo's bytes are served (inside the viewer's area only). */
export const photoUrl = (incidentId: string, photoId: string): string =>
  `/api/incidents/${encodeURIComponent(incidentId)}/photos/${encodeURIComponent(photoId)}`;

/** POST /api/incidents/:id/photos with the file's own bytes and type. */
export const addPhoto = (incidentId: string, file: File): Promise<IncidentPhoto> =>
  sendJson('POST', `/api/incidents/${encodeURIComponent(incidentId)}/photos`, file);

/** GET /api/incidents/:id */
export const fetchIncident = (id: string): Promise<IncidentDetail> => getJson(`/api/incidents/${encodeURIComponent(id)}`);
/** POST /api/incidents/:id/transitions */
export const moveIncident = (id: string, body: TransitionInput): Promise<void> =>
  sendJson('POST', `/api/incidents/${encodeURIComponent(id)}/transitions`, body);

/** The lifecycle of every incident alive in a past window (a day at most), for the wall's playback. */
export const fetchPlayback = (from: Date, to: Date, area: string | null): Promise<PlaybackWindow> => {
  const q = new URLSearchParams({ from: from.toISOString(), to: to.toISOString() });
  if (area) q.set('area', area);
  return getJson(`/api/incidents/playback?${q.toString()}`);
};
