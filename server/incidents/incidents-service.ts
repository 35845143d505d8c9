import type { z } from 'zod';
import { auditParams, auditSuccess, recordAudit } from '../audit/audit.ts';
import { pathInScope, type Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import type { IncidentCategory, IncidentRow, intakeSchema, listSchema, transitionSchema } from './incidents-contract.ts';
import { announce } from '../realtime/outbox.ts';
import { raiseOnEscalation } from '../takeovers/takeovers-service.ts';
import { KeyTaken, type KeyClaim } from './idempotency.ts';
import * as sql from './incidents-sql.ts';
import { PENDING_STEP, refuseTransition, type Colour, type Status } from './lifecycle.ts';

/** Metres within which a point outside every grid still goes to the nearest one. */
const NEAREST_METRES = 200;
/**
 * Beyond this distance from the district a point is not a case for the unlocated queue but bad
 * data (a GPS fix of 0,0 in the sea, latitude and longitude swapped): refused, nothing stored.
 */
const REACH_METRES = 20_000;

async function minutesFor(tx: Queryable, colour: string, status: Status): Promise<number | null> {
  const step = PENDING_STEP[status];
  if (!step) return null;
  const [row] = await tx.query<{ minutes: number }>(sql.SELECT_LIMIT, [colour, step]);
  return row!.minutes;
}

/* Intake, listing, detail and the lifecycle of incidents, all inside the viewer's area. */
/** Writes the event and outbox rows of a change in the caller's transaction. */
async function record(
  tx: Queryable,
  id: string,
  viewer: Viewer,
  from: Status | null,
  to: Status,
  note: string | null,
  topic: 'incident.created' | 'incident.changed',
  handler: number | null = null,
): Promise<void> {
  await tx.query(sql.INSERT_EVENT, [id, viewer.userId, viewer.displayName, from, to, note, handler]);
  await announce(tx, { topic, incidentIds: [id] });
}

/** The active categories of the catalogue. */
export const incidentCategories = (db: Db): Promise<IncidentCategory[]> => db.query<IncidentCategory>(sql.SELECT_CATEGORIES);

/** What a report commits with its incident. */
export interface ReportOptions {
  /** The idempotency key the request claims and its answer, whose `idPath` receives the new id. */
  claim?: KeyClaim & { answer: unknown; idPath: string[] };
  /** Writes that must commit with the incident (the visit that raised it), in its transaction. */
  within?: (tx: Queryable, id: string) => Promise<void>;
}

/**
 * Locates, assigns and stores a new incident with its first event, outbox and audit rows: one
 * read (route and category) and one statement that writes everything (`REPORT_INCIDENT`).
 * Throws `KeyTaken`, having written nothing, when the claimed key is held by another request.
 */
export async function reportIncident(
  db: Db,
  viewer: Viewer,
  body: z.infer<typeof intakeSchema>,
  client: ClientInfo,
  { claim, within }: ReportOptions = {},
): Promise<{ id: string }> {
  const [route] = await db.query<{
    gridCode: string | null;
    how: 'contains' | 'nearest' | null;
    responsible: string;
    path: string;
    reachable: boolean;
    defaultColour: Colour | null;
  }>(sql.ROUTE_POINT, [body.location.lon, body.location.lat, NEAREST_METRES, REACH_METRES, body.category]);
  if (!route!.defaultColour) throw new AppError(400, 'unknown_category', { category: body.category }, 'category');
  if (!route!.reachable) throw new AppError(422, 'location_out_of_district', { km: REACH_METRES / 1000 }, 'location');
  if (!pathInScope(viewer.areaPath, route!.path)) throw new AppError(422, 'location_outside_area', {}, 'location');
  const colour = body.colour ?? route!.defaultColour;
  const params = [
    body.category,
    colour,
    body.channel,
    body.description,
    body.location.lon,
    body.location.lat,
    route!.gridCode,
    route!.gridCode ? route!.how : 'unlocated',
    route!.responsible,
    viewer.userId,
    viewer.displayName,
    claim?.userKey ?? null,
    claim?.fingerprint ?? null,
    claim ? JSON.stringify(claim.answer) : null,
    claim?.idPath ?? null,
    ...auditParams({
      action: 'incident.create',
      outcome: 'success',
      viewer,
      objectType: 'incident',
      ip: client.ip,
      detail: { category: body.category, colour },
    }),
  ];
  const write = async (q: Queryable) => {
    const [row] = await q.query<{ id: string }>(sql.REPORT_INCIDENT, params);
    if (!row) throw new KeyTaken();
    await within?.(q, row.id);
    return { id: row.id };
  };
  return within ? db.transaction(write) : write(db);
}

/**
 * A page of the incidents the viewer may see, newest first, and the cursor of the next page when
 * this one is full.
 */
export async function listIncidents(
  db: Db,
  viewer: Viewer,
  q: z.infer<typeof listSchema>,
): Promise<{ rows: IncidentRow[]; next: string | null }> {
  const [afterMicros, afterId] = q.after?.split('~') ?? [null, null];
  const found = await db.query<IncidentRow & { pageKey: string }>(sql.LIST_INCIDENTS, [
    viewer.areaPath,
    q.status ?? null,
    q.colour ?? null,
    q.category ?? null,
    q.limit,
    q.open ?? null,
    afterMicros,
    afterId,
  ]);
  const next = found.length === q.limit ? found.at(-1)!.pageKey : null;
  return { rows: found.map(({ pageKey: _, ...row }) => row), next };
}

export async function incidentDetail(db: Db, viewer: Viewer, id: string) {
  const [row] = await db.query<Record<string, unknown>>(sql.SELECT_INCIDENT, [id, viewer.areaPath]);
  if (!row) throw new AppError(404, 'incident_not_found', { id });
  const { responsiblePath: _p, responsibleParent: _q, responsibleLevel: _l, ...incident } = row;
  return incident;
}

/**
 * Moves an incident one step, checked against the state machine and applied with a
 * conditional update, so an illegal or concurrent change is a 409 that changes nothing.
 */
export async function transitionIncident(
  db: Db,
  viewer: Viewer,
  id: string,
  body: z.infer<typeof transitionSchema>,
  client: ClientInfo,
): Promise<void> {
  const [row] = await db.query<{
    status: Status;
    version: number;
    colour: string;
    responsibleCode: string;
    responsibleParent: string | null;
    responsibleLevel: string;
  }>(sql.SELECT_INCIDENT, [id, viewer.areaPath]);
  if (!row) throw new AppError(404, 'incident_not_found', { id });
  if (row.version !== body.version) throw new AppError(409, 'stale_version', {}, 'version');
  const refusal = refuseTransition(row.status, body.to, body.note);
  if (refusal === 'illegal') {
    await recordAudit(db, {
      action: 'incident.transition',
      outcome: 'denied',
      viewer,
      objectType: 'incident',
      objectId: id,
      ip: client.ip,
      detail: { from: row.status, to: body.to },
    });
    throw new AppError(409, 'illegal_transition', { from: row.status, to: body.to }, 'to');
  }
  if (refusal === 'note_required') throw new AppError(400, 'note_required', { to: body.to }, 'note');
  let responsible = row.responsibleCode;
  if (body.to === 'escalated') {
    if (!row.responsibleParent) throw new AppError(409, 'already_top_level');
    responsible = row.responsibleParent;
  }
  await db.transaction(async (tx) => {
    const minutes = await minutesFor(tx, row.colour, body.to);
    const settled = body.to === 'resolved' ? row.responsibleLevel : null;
    const moved = await tx.query<{ id: string; handlerStaffId: number | null }>(sql.TRANSITION_INCIDENT, [
      id,
      row.status,
      row.version,
      body.to,
      responsible,
      minutes,
      settled,
      body.handlerStaffId ?? null,
    ]);
    if (moved.length === 0) throw new AppError(409, 'stale_version', {}, 'version');
    // A dispatch names whom it sent the case to (the handler chosen, else the one assigned at intake).
    const sentTo = body.to === 'dispatched' ? moved[0]!.handlerStaffId : null;
    await record(tx, id, viewer, row.status, body.to, body.note ?? null, 'incident.changed', sentTo);
    if (body.to === 'escalated') await raiseOnEscalation(tx, id, responsible);
    await auditSuccess(tx, viewer, client, 'incident.transition', ['incident', id], { from: row.status, to: body.to });
  });
}
