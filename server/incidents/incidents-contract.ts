import { z } from 'zod';
import type { IncidentSummary } from '../realtime/events.ts';
import { COLOURS, STATUSES, type Status } from './lifecycle.ts';

/**
 * The incidents API as both sides see it: request bodies and queries, the answers, and the
 * closed loop's rules the console needs to offer only what the server will accept.
 */
export { COLOURS, NOTE_REQUIRED, STATUSES, STEPS, TRANSITIONS, isStatus, type Colour, type Status, type Step } from './lifecycle.ts';

/** Steps a handler (worker, leader) may take; accepting, dispatching, returning, escalating and closing are the dispatcher's. */
export const HANDLER_STEPS: ReadonlySet<Status> = new Set(['on_site', 'resolved']);

/** A category code: 2–40 lower-case letters or underscores. */
export const CATEGORY_CODE = /^[a-z_]{2,40}$/;

/** A finite number; JSON cannot carry NaN or Infinity, but strings and nulls are refused here too. */
const coordinate = (min: number, max: number) => z.number().finite().min(min).max(max);

/** Body of POST /api/incidents (only these fields). Longitude first, as in GeoJSON. */
export const intakeSchema = z
  .object({
    location: z.object({ lon: coordinate(-180, 180), lat: coordinate(-90, 90) }).strict(),
    category: z.string().regex(CATEGORY_CODE),
    colour: z.enum(COLOURS).optional(),
    channel: z.enum(['patrol', 'resident', 'hotline', 'department']),
    description: z.string().trim().min(1).max(2000),
  })
  .strict();

/** Body of POST /api/incidents/:id/transitions. */
export const transitionSchema = z
  .object({
    to: z.enum(STATUSES),
    version: z.number().int().positive(),
    note: z.string().trim().max(1000).optional(),
    handlerStaffId: z.number().int().positive().optional(),
  })
  .strict();

/** A transition as the client sends it. */
export type TransitionInput = z.input<typeof transitionSchema>;

/** The largest page of GET /api/incidents. */
export const LIST_PAGE = 5000;
/** Report time in microseconds since 1970 and id: exact, so no case of the same millisecond is skipped. */
const PAGE_CURSOR = /^\d{1,17}~\d{1,18}$/;

/** Query of GET /api/incidents. */
export const listSchema = z.object({
  status: z.enum(STATUSES).optional(),
  colour: z.enum(COLOURS).optional(),
  category: z.string().regex(CATEGORY_CODE).optional(),
  /** Only cases not yet closed (what the map draws). */
  open: z.stringbool().optional(),
  limit: z.coerce.number().int().min(1).max(LIST_PAGE).default(200),
  /**
   * The next page: the `X-Next-Page` cursor of the previous answer (its last row's report time and
   * id), so a client can read every case of a county without the server holding more than a page.
   */
  after: z.string().regex(PAGE_CURSOR).optional(),
});

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

/** One step of an incident's timeline (actor, note and handler are null for walls). */
export interface IncidentTimelineEntry {
  at: string;
  actor: string | null;
  from: string | null;
  to: string;
  note: string | null;
  /** Whom a dispatch sent the case to. */
  handler: string | null;
}

/** A photo attached to an incident. */
export interface IncidentPhoto {
  id: string;
  contentType: string;
  size: number;
  createdAt: string;
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
  gridName: string | null;
  placeKind: 'compound' | 'road' | null;
  placeName: string | null;
  closedAt: string | null;
  version: number;
  createdAt: string;
  events: IncidentTimelineEntry[];
  /** Photos (empty for roles that may not see personal data). */
  photos: IncidentPhoto[];
}
