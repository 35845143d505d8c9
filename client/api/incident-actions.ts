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
  handlerStaffId: number | null;
  stepDeadline: string | null;
  overdue: boolean;
  settledLevel: string | null;
  version: number;
  createdAt: string;
  events: IncidentTimelineEntry[];
  /** Photos (empty for roles that may not see personal data). */
  photos: IncidentPhoto[];
}

/** A photo attached to an incident. */
export interface IncidentPhoto {
  id: string;
  contentType: string;
  size: number;
  createdAt: string;
}

/** Where a photo's bytes are served (inside the viewer's area only). */
export const photoUrl = (incidentId: string, photoId: string): string =>
  `/api/incidents/${encodeURIComponent(incidentId)}/photos/${encodeURIComponent(photoId)}`;

/** POST /api/incidents/:id/photos with the file's own bytes and type. */
export const addPhoto = (incidentId: string, file: File): Promise<IncidentPhoto> =>
  sendJson('POST', `/api/incidents/${encodeURIComponent(incidentId)}/photos`, file);

/** GET /api/incidents/:id */
export const fetchIncident = (id: string): Promise<IncidentDetail> => getJson(`/api/incidents/${encodeURIComponent(id)}`);
/** POST /api/incidents/:id/transitions */
export const moveIncident = (id: string, body: { to: string; version: number; note?: string; handlerStaffId?: number }): Promise<void> =>
  sendJson('POST', `/api/incidents/${encodeURIComponent(id)}/transitions`, body);
