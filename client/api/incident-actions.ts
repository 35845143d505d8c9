import { getJson, sendJson } from './http.ts';

/** One step of an incident's timeline (actor and note are null for walls). */
export interface IncidentTimelineEntry {
  at: string;
  actor: string | null;
  from: string | null;
  to: string;
  note: string | null;
}

/** An incident with its timeline. */
export interface IncidentDetail {
  id: string;
  category: string;
  colour: string;
  channel: string;
  status: string;
  description: string | null;
  gridCode: string | null;
  responsibleCode: string;
  stepDeadline: string | null;
  overdue: boolean;
  settledLevel: string | null;
  version: number;
  createdAt: string;
  events: IncidentTimelineEntry[];
}

/** GET /api/incidents/:id */
export const fetchIncident = (id: string): Promise<IncidentDetail> => getJson(`/api/incidents/${encodeURIComponent(id)}`);
/** POST /api/incidents/:id/transitions */
export const moveIncident = (id: string, body: { to: string; version: number; note?: string }): Promise<void> =>
  sendJson('POST', `/api/incidents/${encodeURIComponent(id)}/transitions`, body);
