import { can } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';
import { hashToken } from '../auth/tokens.ts';
import type { Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { SELECT_CATEGORIES } from '../incidents/incidents-sql.ts';
import type { RequestSearch } from './open311-contract.ts';
import { w3c } from './georeport-format.ts';
import * as sql from './open311-sql.ts';

/** The spec lets a server cap a search; these are its suggested 90 days and 1,000 requests. */
const DEFAULT_DAYS = 90;
const MAX_REQUESTS = 1000;

/** The account an API key acts as, or null for an unknown or revoked key; marks the key used (at most once a minute). */
export async function viewerForApiKey(db: Queryable, key: string): Promise<Viewer | null> {
  const [row] = await db.query<Omit<Viewer, 'kind' | 'sessionId' | 'csrfToken' | 'mustChangePassword' | 'wallTokenId'> & { keyId: number }>(
    sql.SELECT_KEY_VIEWER,
    [hashToken(key)],
  );
  if (!row) return null;
  const { keyId, ...viewer } = row;
  await db.query(sql.TOUCH_KEY, [keyId]);
  return {
    ...viewer,
    kind: 'user',
    sessionId: `api_key:${keyId}`,
    csrfToken: '',
    mustChangePassword: false,
    wallTokenId: null,
    // a key acts for an intake system, never as a grid worker with a watch list
    staffId: null,
  };
}

/** Narrows the viewer to a jurisdiction inside its area; an unknown or foreign one is a 404. */
export async function inJurisdiction(db: Queryable, viewer: Viewer, code: string | undefined): Promise<Viewer> {
  if (!code) return viewer;
  const [cell] = await db.query<{ code: string; path: string }>(sql.SELECT_JURISDICTION, [viewer.areaPath, code]);
  if (!cell) throw new AppError(404, 'grid_not_found', { code });
  return { ...viewer, areaCode: cell.code, areaPath: cell.path };
}

/** The catalogue as Open311 services, named in the request's language. */
export async function listServices(db: Queryable, en: boolean) {
  const rows = await db.query<{ code: string; nameZh: string; nameEn: string; defaultColour: string }>(SELECT_CATEGORIES);
  return rows.map((c) => ({
    service_code: c.code,
    service_name: en ? c.nameEn : c.nameZh,
    description: en ? c.nameZh : c.nameEn,
    metadata: false,
    type: 'realtime',
    keywords: c.defaultColour,
    group: en ? 'Grid incidents' : '网格事件',
  }));
}

/** Requests of the viewer's area; free text (descriptions, notes) may name people, so only roles that may read personal data get it. */
export async function searchRequests(db: Queryable, viewer: Viewer, q: RequestSearch, ids: string | null) {
  const ranged = ids === null && !q.start_date && !q.end_date;
  const start = ranged ? new Date(Date.now() - DEFAULT_DAYS * 86_400_000).toISOString() : (q.start_date ?? null);
  const rows = await db.query<Record<string, unknown>>(sql.SELECT_REQUESTS, [
    viewer.areaPath,
    ids,
    q.service_code ?? null,
    start,
    q.end_date ?? null,
    q.status ?? null,
    MAX_REQUESTS,
  ]);
  const freeText = can(viewer.role, 'people:read');
  return rows.map((row) => ({
    service_request_id: row.service_request_id,
    status: row.status,
    status_notes: freeText ? (row.status_notes ?? null) : null,
    service_name: row.service_name,
    service_code: row.service_code,
    description: freeText ? row.description : null,
    agency_responsible: row.agency_responsible,
    service_notice: null,
    requested_datetime: w3c(row.requested_datetime),
    updated_datetime: w3c(row.updated_datetime),
    expected_datetime: w3c(row.expected_datetime),
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.long,
    media_url: null,
  }));
}
