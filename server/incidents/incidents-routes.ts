import express from 'express';
import { narrowedTo } from '../auth/narrow-scope.ts';
import { can } from '../auth/permissions.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { PHOTO_TYPES } from '../http/auth-middleware.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { idParam } from '../http/route-params.ts';
import type { FloodGuard } from '../cluster/flood-guard.ts';
import { refuseFlood } from '../http/token-bucket.ts';
import { outboxPosition } from '../realtime/outbox.ts';
import { withIdempotency } from './idempotency.ts';
import { HANDLER_STEPS, intakeSchema, listSchema, transitionSchema } from './incidents-contract.ts';
import { incidentCategories, incidentDetail, listIncidents, reportIncident, transitionIncident } from './incidents-service.ts';
import { addPhoto, listPhotos, MAX_PHOTO_BYTES, readPhoto } from './photos-service.ts';
import { playbackSchema } from './playback-contract.ts';
import { playbackWindow } from './playback-service.ts';
import { statsSchema } from './stats-contract.ts';
import { responseHexagons, responseKpis } from './stats-service.ts';

const parseId = (raw: unknown): string => idParam(raw, { big: true });

/** Free text may name people, so roles without people:read (walls) get the incident without it. */
function withoutFreeText<T extends object>(row: T): T {
  const events = (row as { events?: unknown }).events;
  return {
    ...row,
    description: null,
    ...(Array.isArray(events)
      ? { events: events.map((e: Record<string, unknown>) => ({ ...e, actor: null, note: null, handler: null })) }
      : {}),
  };
}

/** /api/incidents: intake with an Idempotency-Key, scoped list and detail, lifecycle transitions. */
export function incidentsRoutes(db: Db, registry: RouteSpec[], intake: FloodGuard) {
  const r = secureRouter(db, registry, '/api');
  const photoBody = express.raw({ type: PHOTO_TYPES, limit: MAX_PHOTO_BYTES });

  r.get('/incident-categories', 'incidents:read', async (_req, res) => {
    res.json(await incidentCategories(db));
  });
  r.post('/incidents', 'incidents:report', async (req, res) => {
    const viewer = req.viewer!;
    await refuseFlood(intake, viewer);
    const result = await withIdempotency(db, String(viewer.userId ?? viewer.name), req.get('idempotency-key'), req.body, async (claim) => {
      const created = await reportIncident(db, viewer, parseWith(intakeSchema, req.body), clientInfo(req), {
        claim: { ...claim, answer: { id: null }, idPath: ['id'] },
      });
      return { status: 201, body: created };
    });
    res.status(result.status).json(result.body);
  });
  // Aggregates only (no person, no free text), so walls may read them too.
  // A drill-down asks for the figures of one cell of the viewer's area (`area`); another area's is a 404.
  const byArea = { query: { area: 'foreignGridCode' as const } };
  r.get(
    '/incidents/stats/hexagons',
    'incidents:read',
    async (req, res) => {
      const q = parseWith(statsSchema, req.query);
      res.json(await responseHexagons(db, await narrowedTo(db, req.viewer!, q.area), q));
    },
    byArea,
  );
  r.get(
    '/incidents/stats/kpis',
    'incidents:read',
    async (req, res) => {
      const q = parseWith(statsSchema, req.query);
      res.json(await responseKpis(db, await narrowedTo(db, req.viewer!, q.area), q));
    },
    byArea,
  );
  // The lifecycle of a past window, for the wall's playback: aggregates' kind of data (no names, no text).
  r.get(
    '/incidents/playback',
    'incidents:read',
    async (req, res) => {
      const q = parseWith(playbackSchema, req.query);
      res.json(await playbackWindow(db, await narrowedTo(db, req.viewer!, q.area), q));
    },
    byArea,
  );
  r.get('/incidents', 'incidents:read', async (req, res) => {
    // The outbox position is read before the list, so replaying from it can only repeat, never skip.
    const seq = await outboxPosition(db);
    const q = parseWith(listSchema, req.query);
    const { rows, next } = await listIncidents(db, req.viewer!, q);
    res.set('X-Outbox-Seq', seq);
    // A full page may have more behind it: say where the next one starts.
    if (next) res.set('X-Next-Page', next);
    res.json(can(req.viewer!.role, 'people:read') ? rows : rows.map(withoutFreeText));
  });
  r.get(
    '/incidents/:id',
    'incidents:read',
    async (req, res) => {
      const id = parseId(req.params.id);
      const detail = await incidentDetail(db, req.viewer!, id);
      // Photos may show people: like free text, only roles that may read personal data see them.
      res.json(
        can(req.viewer!.role, 'people:read') ? { ...detail, photos: await listPhotos(db, id) } : { ...withoutFreeText(detail), photos: [] },
      );
    },
    { params: { id: 'foreignIncidentId' } },
  );
  r.post(
    '/incidents/:id/photos',
    'incidents:report',
    async (req, res) => {
      const id = parseId(req.params.id);
      await new Promise<void>((resolve, reject) => photoBody(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError(415, 'not_an_image', {}, 'photo');
      res
        .status(201)
        .json(await addPhoto(db, req.viewer!, id, String(req.get('content-type')).split(';')[0]!.trim(), req.body, clientInfo(req)));
    },
    { params: { id: 'foreignIncidentId' } },
  );
  r.get(
    '/incidents/:id/photos/:photoId',
    'people:read',
    async (req, res) => {
      const photo = await readPhoto(db, req.viewer!, parseId(req.params.id), parseId(req.params.photoId), clientInfo(req));
      // Served as the type the bytes were checked to be, never sniffed by the browser, never cached on a shared machine.
      res.set({
        'Content-Type': photo.contentType,
        'Content-Disposition': 'inline',
        'Cache-Control': 'private, no-store',
        ETag: photo.etag,
      });
      res.send(photo.bytes);
    },
    { params: { id: 'foreignIncidentId', photoId: 'foreignIncidentId' } },
  );
  r.post(
    '/incidents/:id/transitions',
    'incidents:handle',
    async (req, res) => {
      const body = parseWith(transitionSchema, req.body);
      if (!HANDLER_STEPS.has(body.to) && !can(req.viewer!.role, 'incidents:dispatch')) throw new AppError(403, 'forbidden');
      await transitionIncident(db, req.viewer!, parseId(req.params.id), body, clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignIncidentId' }, body: { to: 'accepted', version: '1' } },
  );
  return r;
}
