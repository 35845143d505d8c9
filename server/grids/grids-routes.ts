import type { Request } from 'express';
import { recordAudit } from '../audit/audit.ts';
import { can } from '../auth/permissions.ts';
import type { Db } from '../db/db.ts';
import { clientInfo } from '../http/client-info.ts';
import { invalidParameter } from '../http/app-error.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { gridCodeParam } from '../http/route-params.ts';
import { parseWith } from '../http/parse-body.ts';
import { asOfSchema } from './grids-contract.ts';
import { parseGridQuery } from './grids-params.ts';
import { breakdown, cellsAsOf, featureCollection, gridDetail, listLevels } from './grids-service.ts';

const parseCode = (raw: unknown): string => gridCodeParam(raw, { param: 'code' });

/** Audits a lookup of a cell that exists outside the viewer's area (an attempt to probe, or a stale link). */
const auditOutOfArea = (db: Db, req: Request) => (code: string) =>
  recordAudit(db, {
    action: 'grid.read',
    outcome: 'denied',
    viewer: req.viewer!,
    objectType: 'grid',
    objectId: code,
    ip: clientInfo(req).ip,
    detail: { reason: 'outside_area' },
  });

/** Routes under /api: levels, the grid FeatureCollection, one cell's figures and a breakdown — all inside the viewer's area. */
export function gridsRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  r.get('/levels', 'grids:read', async (req, res) => {
    res.json(await listLevels(db, req.viewer!.areaPath));
  });
  // Before /grids/:code, which would take "as-of" for a code that does not exist.
  r.get('/grids/as-of', 'grids:read', async (req, res) => {
    const q = parseWith(asOfSchema, req.query);
    res.type('application/geo+json').send(await cellsAsOf(db, q.level, q.at, req.viewer!.areaPath));
  });
  r.get(
    '/grids',
    'grids:read',
    async (req, res) => {
      const body = await featureCollection(db, parseGridQuery(req.query), req.viewer!.areaPath, auditOutOfArea(db, req));
      res.type('application/geo+json').send(body);
    },
    { query: { parent: 'foreignGridCode' } },
  );
  r.get(
    '/grids/:code',
    'grids:read',
    async (req, res) => {
      const detail = await gridDetail(db, parseCode(req.params.code), req.viewer!.areaPath, auditOutOfArea(db, req));
      // Staff names are personal data: a wall (and any role without people:read) sees counts only.
      res.json(can(req.viewer!.role, 'people:read') ? detail : { ...detail, leader: null, team: [] });
    },
    { params: { code: 'foreignGridCode' } },
  );
  r.get(
    '/grids/:code/breakdown',
    'grids:read',
    async (req, res) => {
      const level = req.query.level;
      if (typeof level !== 'string' || !/^[a-z_]{1,40}$/.test(level)) {
        throw invalidParameter('level', '需要一个层级名，例如 community', 'a level key is required, e.g. community');
      }
      res.json(await breakdown(db, parseCode(req.params.code), level, req.viewer!.areaPath, auditOutOfArea(db, req)));
    },
    { params: { code: 'foreignGridCode' }, query: { level: 'grid' } },
  );
  return r;
}
