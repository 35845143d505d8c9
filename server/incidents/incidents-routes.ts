import { can } from '../auth/permissions.ts';
import type { Viewer } from '../auth/scope.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/db.ts';
import { createTokenBuckets } from '../http/token-bucket.ts';
import { AppError, invalidParameter } from '../http/app-error.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { withIdempotency } from './idempotency.ts';
import { intakeSchema, listSchema, statsSchema, transitionSchema } from './incident-schemas.ts';
import { createStatsService } from './stats-service.ts';
import { createCatalogue, createCategorySchema, limitsSchema, patchCategorySchema } from './catalogue.ts';
import { createPhotosService, MAX_PHOTO_BYTES } from './photos-service.ts';
import { PHOTO_TYPES } from '../http/auth-middleware.ts';
import express from 'express';
import { createIncidentsService } from './incidents-service.ts';

function parseId(raw: unknown): string {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,17}$/.test(raw)) throw invalidParameter('id', '应为正整数', 'expected a positive integer');
  return raw;
}

/** Free text may name people, so roles without people:read (walls) get the incident without it. */
function withoutFreeText<T extends Record<string, unknown>>(row: T): T {
  return {
    ...row,
    description: null,
    events: Array.isArray(row.events) ? row.events.map((e: Record<string, unknown>) => ({ ...e, actor: null, note: null })) : row.events,
  };
}

/** One account may not flood intake: a 429 with Retry-After, before anything is read or written. */
export function refuseFlood(buckets: ReturnType<typeof createTokenBuckets>, viewer: Viewer): void {
  const wait = buckets.take(String(viewer.userId ?? viewer.name));
  if (wait > 0) throw new AppError(429, 'intake_rate_limited', { seconds: wait }, undefined, { 'Retry-After': String(wait) });
}

/** Steps a handler (worker, leader) may take; accepting, dispatching, returning, escalating and closing are the dispatcher's. */
const HANDLER_STEPS = new Set(['on_site', 'resolved']);

/** /api/incidents: intake with an Idempotency-Key, scoped list and detail, lifecycle transitions. */
export function incidentsRoutes(db: Db, registry: RouteSpec[], config: Pick<Config, 'intakePerSecond' | 'intakeBurst'>) {
  const r = secureRouter(db, registry, '/api');
  const intake = createTokenBuckets(config.intakePerSecond, config.intakeBurst);
  const service = createIncidentsService(db);
  const stats = createStatsService(db);
  const photos = createPhotosService(db);
  const catalogue = createCatalogue(db);
  const readPhoto = express.raw({ type: PHOTO_TYPES, limit: MAX_PHOTO_BYTES });

  // The catalogue and its time limits are a system setting, like the audit retention.
  r.get('/admin/incident-config', 'settings:manage', async (_req, res) => {
    res.json(await catalogue.read());
  });
  r.put('/admin/incident-limits', 'settings:manage', async (req, res) => {
    await catalogue.setLimits(req.viewer!, parseWith(limitsSchema, req.body), clientInfo(req));
    res.json(await catalogue.read());
  });
  r.post('/admin/incident-categories', 'settings:manage', async (req, res) => {
    await catalogue.createCategory(req.viewer!, parseWith(createCategorySchema, req.body), clientInfo(req));
    res.status(201).json(await catalogue.read());
  });
  r.patch('/admin/incident-categories/:code', 'settings:manage', async (req, res) => {
    const code = String(req.params.code);
    if (!/^[a-z_]{2,40}$/.test(code))
      throw invalidParameter('code', '应为 2–40 个小写字母或下划线', 'expected 2–40 lowercase letters or underscores');
    await catalogue.patchCategory(req.viewer!, code, parseWith(patchCategorySchema, req.body), clientInfo(req));
    res.json(await catalogue.read());
  });
  r.get('/incident-categories', 'incidents:read', async (_req, res) => {
    res.json(await service.categories());
  });
  r.post('/incidents', 'incidents:report', async (req, res) => {
    const viewer = req.viewer!;
    refuseFlood(intake, viewer);
    const result = await withIdempotency(
      db,
      String(viewer.userId ?? viewer.name),
      req.get('idempotency-key'),
      req.body,
      async (remember) => {
        const created = await service.report(viewer, parseWith(intakeSchema, req.body), clientInfo(req), (tx, id) =>
          remember(tx, { status: 201, body: { id } }),
        );
        return { status: 201, body: created };
      },
    );
    res.status(result.status).json(result.body);
  });
  // Aggregates only (no person, no free text), so walls may read them too.
  r.get('/incidents/stats/hexagons', 'incidents:read', async (req, res) => {
    res.json(await stats.hexagons(req.viewer!, parseWith(statsSchema, req.query)));
  });
  r.get('/incidents/stats/kpis', 'incidents:read', async (req, res) => {
    res.json(await stats.kpis(req.viewer!, parseWith(statsSchema, req.query)));
  });
  r.get('/incidents', 'incidents:read', async (req, res) => {
    // The outbox position is read before the list, so replaying from it can only repeat, never skip.
    const [seq] = await db.query<{ seq: string }>('SELECT coalesce(max(seq), 0)::text AS seq FROM outbox');
    const rows = await service.list(req.viewer!, parseWith(listSchema, req.query));
    res.set('X-Outbox-Seq', seq!.seq);
    res.json(can(req.viewer!.role, 'people:read') ? rows : rows.map(withoutFreeText));
  });
  r.get(
    '/incidents/:id',
    'incidents:read',
    async (req, res) => {
      const id = parseId(req.params.id);
      const detail = await service.detail(req.viewer!, id);
      // Photos may show people: like free text, only roles that may read personal data see them.
      res.json(
        can(req.viewer!.role, 'people:read') ? { ...detail, photos: await photos.list(id) } : { ...withoutFreeText(detail), photos: [] },
      );
    },
    { params: { id: 'foreignIncidentId' } },
  );
  r.post(
    '/incidents/:id/photos',
    'incidents:report',
    async (req, res) => {
      const id = parseId(req.params.id);
      await new Promise<void>((resolve, reject) => readPhoto(req, res, (err?: unknown) => (err ? reject(err) : resolve())));
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) throw new AppError(415, 'not_an_image', {}, 'photo');
      res
        .status(201)
        .json(await photos.add(req.viewer!, id, String(req.get('content-type')).split(';')[0]!.trim(), req.body, clientInfo(req)));
    },
    { params: { id: 'foreignIncidentId' } },
  );
  r.get(
    '/incidents/:id/photos/:photoId',
    'people:read',
    async (req, res) => {
      const photo = await photos.read(req.viewer!, parseId(req.params.id), parseId(req.params.photoId), clientInfo(req));
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
      await service.transition(req.viewer!, parseId(req.params.id), body, clientInfo(req));
      res.status(204).end();
    },
    { params: { id: 'foreignIncidentId' }, body: { to: 'accepted', version: '1' } },
  );
  return r;
}
