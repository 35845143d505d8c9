import type {
  IncidentCategory,
  IncidentDetail,
  IncidentPhoto,
  IncidentRow,
  TransitionInput,
} from '../../server/incidents/incidents-contract.ts';
import { LIST_PAGE } from '../../server/incidents/incidents-contract.ts';
import type { PlaybackWindow } from '../../server/incidents/playback-contract.ts';
import { getJson, sendJson } from './http.ts';

export type {
  IncidentCategory,
  IncidentDetail,
  IncidentPhoto,
  IncidentRow,
  IncidentTimelineEntry,
} from '../../server/incidents/incidents-contract.ts';

/** One page of GET /api/incidents, its outbox position and the cursor of the page after it. */
async function fetchPage(query: string): Promise<{ rows: IncidentRow[]; seq: number; next: string | null }> {
  const res = await fetch(`/api/incidents?${query}`, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!res.ok) return { rows: await getJson<IncidentRow[]>(`/api/incidents?${query}`), seq: 0, next: null };
  return {
    rows: (await res.json()) as IncidentRow[],
    seq: Number(res.headers.get('X-Outbox-Seq') ?? 0),
    next: res.headers.get('X-Next-Page'),
  };
}

/**
 * The most open cases one wall holds: far above a county's few thousand, so reaching it is an
 * emergency of its own, and it is said on the wall (`truncated`) rather than dropped quietly.
 */
export const OPEN_BUDGET = 50_000;

/**
 * The viewer's incidents: every open case (the map draws them all, page after page of LIST_PAGE)
 * and the newest of the rest, with the outbox position to resume live events from — the oldest of
 * the pages', so a replay can only repeat an event, never skip one.
 */
export async function fetchIncidents(): Promise<{ rows: IncidentRow[]; seq: number; truncated: boolean }> {
  const recent = fetchPage('limit=300');
  const open: IncidentRow[] = [];
  let seq = Infinity;
  let next: string | null = '';
  while (next !== null && open.length < OPEN_BUDGET) {
    const page = await fetchPage(`open=true&limit=${LIST_PAGE}${next ? `&after=${encodeURIComponent(next)}` : ''}`);
    open.push(...page.rows);
    seq = Math.min(seq, page.seq);
    next = page.next;
  }
  const latest = await recent;
  const byId = new Map([...latest.rows, ...open].map((r) => [r.id, r]));
  return { rows: [...byId.values()], seq: Math.min(seq, latest.seq), truncated: next !== null };
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
