import type { Db } from '../db/db.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { cellsQuery, createRegistersService, hexagonsQuery, pointsQuery, summaryQuery, trendQuery } from './registers-service.ts';

/**
 * /api/registers: counts for every reader of grids (walls included: figures, never people) and,
 * for readers of people, the households of key-group members at close zoom.
 */
export function registersRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api/registers');
  const service = createRegistersService(db);
  r.get('/categories', 'grids:read', async (req, res) => {
    res.json(await service.categories(req.viewer!));
  });
  r.get('/cells', 'grids:read', async (req, res) => {
    res.json(await service.cells(req.viewer!, parseWith(cellsQuery, req.query)));
  });
  r.get(
    '/summary',
    'grids:read',
    async (req, res) => {
      res.json(await service.summary(req.viewer!, parseWith(summaryQuery, req.query)));
    },
    { query: { grid: 'foreignGridCode' } },
  );
  r.get('/hexagons', 'grids:read', async (req, res) => {
    res.json(await service.hexagons(req.viewer!, parseWith(hexagonsQuery, req.query)));
  });
  r.get('/trend', 'grids:read', async (req, res) => {
    res.json(await service.trend(req.viewer!, parseWith(trendQuery, req.query)));
  });
  r.get('/points', 'people:read', async (req, res) => {
    res.json(await service.points(req.viewer!, parseWith(pointsQuery, req.query), clientInfo(req)));
  });
  return r;
}
