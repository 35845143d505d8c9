import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { can } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';
import { hashToken } from '../auth/tokens.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import { clientInfo } from '../http/client-info.ts';
import { errorMessage, pickLanguage } from '../http/error-messages.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type MountedRouter, type RouteSpec } from '../http/route-registry.ts';
import { createTokenBuckets } from '../http/token-bucket.ts';
import { withIdempotency } from '../incidents/idempotency.ts';
import { refuseFlood } from '../incidents/incidents-routes.ts';
import { createIncidentsService } from '../incidents/incidents-service.ts';
import { SELECT_CATEGORIES } from '../incidents/incidents-sql.ts';
import { errorBody, objectToXml, toXml, w3c, type Format } from './georeport-format.ts';
import * as sql from './open311-sql.ts';

const FORMATS: Format[] = ['json', 'xml'];
/** The spec lets a server cap a search; these are its suggested 90 days and 1,000 requests. */
const DEFAULT_DAYS = 90;
const MAX_REQUESTS = 1000;

const formatOf = (req: Request): Format => (req.path.endsWith('.xml') ? 'xml' : 'json');

function send(res: Response, format: Format, status: number, json: unknown, xml: () => string): void {
  if (format === 'xml') res.status(status).type('application/xml; charset=utf-8').send(xml());
  else res.status(status).json(json);
}

const coordinate = (min: number, max: number) => z.coerce.number().finite().min(min).max(max);
const jurisdiction = z
  .string()
  .regex(/^[0-9]{12}(?:[0-9]{3})*$/)
  .optional();

/** POST requests.{format}: the spec's form fields that we use; personal contact fields are accepted and not kept. */
const postSchema = z.object({
  jurisdiction_id: jurisdiction,
  service_code: z.string().regex(/^[a-z_]{2,40}$/),
  lat: coordinate(-90, 90),
  long: coordinate(-180, 180),
  description: z.string().trim().max(2000).optional(),
});

const searchSchema = z.object({
  jurisdiction_id: jurisdiction,
  service_request_id: z
    .string()
    .regex(/^[1-9][0-9]{0,17}(,[1-9][0-9]{0,17}){0,99}$/)
    .optional(),
  service_code: z
    .string()
    .regex(/^[a-z_]{2,40}$/)
    .optional(),
  start_date: z.iso.datetime({ offset: true }).optional(),
  end_date: z.iso.datetime({ offset: true }).optional(),
  status: z.enum(['open', 'closed']).optional(),
});

/**
 * Open311 clients authenticate with the spec's `api_key`. A signed-in browser may read with its
 * session, but a write needs the key: a cookie is ignored on POST, so a session can never be
 * driven cross-site through these form-encoded endpoints (which have no CSRF token).
 */
function attachKeyViewer(db: Db): RequestHandler {
  return async (req, _res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') req.viewer = undefined;
    const key = (req.query.api_key ?? (req.body as Record<string, unknown> | undefined)?.api_key) as unknown;
    if (typeof key === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(key)) {
      const [row] = await db.query<
        Omit<Viewer, 'kind' | 'sessionId' | 'csrfToken' | 'mustChangePassword' | 'wallTokenId'> & { keyId: number }
      >(sql.SELECT_KEY_VIEWER, [hashToken(key)]);
      if (row) {
        const { keyId, ...viewer } = row;
        await db.query(sql.TOUCH_KEY, [keyId]);
        req.viewer = {
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
    }
    next();
  };
}

/** Narrows the viewer to a jurisdiction inside its area; an unknown or foreign one is a 404. */
async function inJurisdiction(db: Db, viewer: Viewer, code: string | undefined): Promise<Viewer> {
  if (!code) return viewer;
  const [cell] = await db.query<{ code: string; path: string }>(sql.SELECT_JURISDICTION, [viewer.areaPath, code]);
  if (!cell) throw new AppError(404, 'grid_not_found', { code });
  return { ...viewer, areaCode: cell.code, areaPath: cell.path };
}

/** Open311 GeoReport v2 over the incidents domain: services from the catalogue, requests as incidents. */
export function open311Routes(db: Db, registry: RouteSpec[], config: Pick<Config, 'intakePerSecond' | 'intakeBurst'>): MountedRouter {
  const r = secureRouter(db, registry, '/open311/v2');
  const incidents = createIncidentsService(db);
  const intake = createTokenBuckets(config.intakePerSecond, config.intakeBurst);
  r.router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }));
  r.router.use(attachKeyViewer(db));

  const services = async (req: Request) => {
    const en = pickLanguage(req.headers['accept-language']) === 'en';
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
  };

  /** Free text (descriptions, notes) may name people: only roles that may read personal data get it. */
  const requestRows = async (viewer: Viewer, q: z.infer<typeof searchSchema>, ids: string | null) => {
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
  };

  for (const f of FORMATS) {
    r.get(`/services.${f}`, 'public', async (req, res) => {
      const rows = await services(req);
      send(res, f, 200, rows, () => toXml('services', 'service', rows));
    });
    r.get(
      `/services/:code.${f}`,
      'public',
      async (req, res) => {
        const service = (await services(req)).find((s) => s.service_code === req.params.code);
        if (!service) throw new AppError(404, 'unknown_category', { category: String(req.params.code).slice(0, 40) });
        // No service asks extra questions (metadata false), so the definition has no attributes.
        const definition = { service_code: service.service_code, attributes: [] };
        send(res, f, 200, definition, () => objectToXml('service_definition', definition, { attributes: 'attribute' }));
      },
      { params: { code: 'foreignGridCode' } },
    );
    r.get(`/requests.${f}`, 'incidents:read', async (req, res) => {
      const q = parseWith(searchSchema, req.query);
      const viewer = await inJurisdiction(db, req.viewer!, q.jurisdiction_id);
      const rows = await requestRows(viewer, q, q.service_request_id ?? null);
      send(res, f, 200, rows, () => toXml('service_requests', 'request', rows));
    });
    r.get(
      `/requests/:id.${f}`,
      'incidents:read',
      async (req, res) => {
        const id = String(req.params.id);
        if (!/^[1-9][0-9]{0,17}$/.test(id)) throw invalidParameter('service_request_id', '应为正整数', 'expected a positive integer');
        const q = parseWith(searchSchema, { jurisdiction_id: req.query.jurisdiction_id });
        const rows = await requestRows(await inJurisdiction(db, req.viewer!, q.jurisdiction_id), q, id);
        if (rows.length === 0) throw new AppError(404, 'incident_not_found', { id });
        send(res, f, 200, rows, () => toXml('service_requests', 'request', rows));
      },
      { params: { id: 'foreignIncidentId' } },
    );
    r.post(`/requests.${f}`, 'incidents:report', async (req, res) => {
      refuseFlood(intake, req.viewer!);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.lat === undefined && body.long === undefined && (body.address_string || body.address_id))
        throw invalidParameter(
          'lat',
          '需要 lat 和 long（不支持按地址定位）',
          'lat and long are required (address lookup is not supported)',
        );
      const input = parseWith(postSchema, body);
      const viewer = await inJurisdiction(db, req.viewer!, input.jurisdiction_id);
      const file = async () => {
        const created = await incidents.report(
          viewer,
          {
            location: { lon: input.long, lat: input.lat },
            category: input.service_code,
            channel: 'resident',
            description: input.description || `Open311 上报 / filed through Open311 (${input.service_code})`,
          },
          clientInfo(req),
        );
        return { status: 201, body: [{ service_request_id: created.id, service_notice: '已受理，将按时限处置', account_id: null }] };
      };
      const key = req.get('idempotency-key');
      const { api_key: _k, ...fingerprinted } = body;
      const result = key ? await withIdempotency(db, `open311:${viewer.userId}`, key, fingerprinted, file) : await file();
      const rows = result.body as Record<string, unknown>[];
      send(res, f, result.status, rows, () => toXml('service_requests', 'request', rows));
    });
  }

  /** Errors in the spec's form: a list of {code, description}, in the request's format and language. */
  const errors: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if (!(err instanceof AppError)) return next(err);
    const { type, body } = errorBody(
      formatOf(req),
      err.status,
      errorMessage(err.code, pickLanguage(req.headers['accept-language']), err.detail),
    );
    res.set(err.headers).status(err.status).type(type).send(body);
  };
  r.router.use(errors);
  return r;
}
