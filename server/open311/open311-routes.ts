import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { Db } from '../db/db.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import { clientInfo } from '../http/client-info.ts';
import { errorMessage, pickLanguage } from '../http/error-messages.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type MountedRouter, type RouteSpec } from '../http/route-registry.ts';
import { refuseNulText } from '../http/input-guards.ts';
import { idParam } from '../http/route-params.ts';
import type { FloodGuard } from '../cluster/flood-guard.ts';
import { refuseFlood } from '../http/token-bucket.ts';
import { withIdempotency, type KeyClaim } from '../incidents/idempotency.ts';
import { reportIncident } from '../incidents/incidents-service.ts';
import { errorBody, objectToXml, toXml, type Format } from './georeport-format.ts';
import { postSchema, searchSchema } from './open311-contract.ts';
import { inJurisdiction, listServices, searchRequests, viewerForApiKey } from './open311-service.ts';

/**
 * Open311 clients authenticate with the spec's `api_key`. A signed-in browser may read with its
 * session, but a write needs the key: a cookie is ignored on POST, so a session can never be
 * driven cross-site through these form-encoded endpoints (which have no CSRF token).
 */
function attachKeyViewer(db: Db): RequestHandler {
  return async (req, _res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') req.viewer = undefined;
    const key = (req.query.api_key ?? (req.body as Record<string, unknown> | undefined)?.api_key) as unknown;
    if (typeof key === 'string' && /^[A-Za-z0-9_-]{20,100}$/.test(key)) req.viewer = (await viewerForApiKey(db, key)) ?? req.viewer;
    next();
  };
}

const FORMATS: Format[] = ['json', 'xml'];

const formatOf = (req: Request): Format => (req.path.endsWith('.xml') ? 'xml' : 'json');

function send(res: Response, format: Format, status: number, json: unknown, xml: () => string): void {
  if (format === 'xml') res.status(status).type('application/xml; charset=utf-8').send(xml());
  else res.status(status).json(json);
}

/** Open311 GeoReport v2 over the incidents domain: services from the catalogue, requests as incidents. */
export function open311Routes(db: Db, registry: RouteSpec[], intake: FloodGuard): MountedRouter {
  const r = secureRouter(db, registry, '/open311/v2');
  r.router.use(express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 }));
  r.router.use(refuseNulText);
  r.router.use(attachKeyViewer(db));

  const services = (req: Request) => listServices(db, pickLanguage(req.headers['accept-language']) === 'en');

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
      const rows = await searchRequests(db, viewer, q, q.service_request_id ?? null);
      send(res, f, 200, rows, () => toXml('service_requests', 'request', rows));
    });
    r.get(
      `/requests/:id.${f}`,
      'incidents:read',
      async (req, res) => {
        const id = idParam(req.params.id, { big: true, param: 'service_request_id' });
        const q = parseWith(searchSchema, { jurisdiction_id: req.query.jurisdiction_id });
        const rows = await searchRequests(db, await inJurisdiction(db, req.viewer!, q.jurisdiction_id), q, id);
        if (rows.length === 0) throw new AppError(404, 'incident_not_found', { id });
        send(res, f, 200, rows, () => toXml('service_requests', 'request', rows));
      },
      { params: { id: 'foreignIncidentId' } },
    );
    r.post(`/requests.${f}`, 'incidents:report', async (req, res) => {
      await refuseFlood(intake, req.viewer!);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (body.lat === undefined && body.long === undefined && (body.address_string || body.address_id))
        throw invalidParameter(
          'lat',
          '需要 lat 和 long（不支持按地址定位）',
          'lat and long are required (address lookup is not supported)',
        );
      const input = parseWith(postSchema, body);
      const viewer = await inJurisdiction(db, req.viewer!, input.jurisdiction_id);
      const answer = (id: string) => ({
        status: 201,
        body: [{ service_request_id: id, service_notice: '已受理，将按时限处置', account_id: null }],
      });
      /** Files the request; with a key, the key's answer commits with the incident. */
      const file = async (claim?: KeyClaim) => {
        const created = await reportIncident(
          db,
          viewer,
          {
            location: { lon: input.long, lat: input.lat },
            category: input.service_code,
            channel: 'resident',
            description: input.description || `Open311 上报 / filed through Open311 (${input.service_code})`,
          },
          clientInfo(req),
          { claim: claim && { ...claim, answer: answer('').body, idPath: ['0', 'service_request_id'] } },
        );
        return answer(created.id);
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
