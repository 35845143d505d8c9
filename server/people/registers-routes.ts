import type { Db } from '../db/db.ts';
import { narrowedTo } from '../auth/narrow-scope.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { keyGroupCategories, memberHexagons, memberPoints, registerCells, registerSummary, registerTrend } from './registers-service.ts';
import { cellsQuery, hexagonsQuery, pointsQuery, summaryQuery, trendQuery } from './people-contract.ts';

/**
 * /api/registers: counts for every reader of grids (walls included: figures, never people) and,
 * for readers of people, the households of key-group members at close zoom.
 */
export function registersRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api/registers');
  r.get('/categories', 'grids:read', async (req, res) => {
    res.json(await keyGroupCategories(db, req.viewer!));
  });
  // A drill-down asks for the figures under one cell of the viewer's area (`area`); another area's is a 404.
  const byArea = { query: { area: 'foreignGridCode' as const } };
  r.get(
    '/cells',
    'grids:read',
    async (req, res) => {
      const q = parseWith(cellsQuery, req.query);
      res.json(await registerCells(db, await narrowedTo(db, req.viewer!, q.area), q));
    },
    byArea,
  );
  r.get(
    '/summary',
    'grids:read',
    async (req, res) => {
      res.json(await registerSummary(db, req.viewer!, parseWith(summaryQuery, req.query)));
    },
    { query: { grid: 'foreignGridCode' } },
  );
  r.get('/hexagons', 'grids:read', async (req, res) => {
    res.json(await memberHexagons(db, req.viewer!, parseWith(hexagonsQuery, req.query)));
  });
  r.get(
    '/trend',
    'grids:read',
    async (req, res) => {
      const q = parseWith(trendQuery, req.query);
      res.json(await registerTrend(db, await narrowedTo(db, req.viewer!, q.area), q));
    },
    byArea,
  );
  r.get('/points', 'people:read', async (req, res) => {
    res.json(await memberPoints(db, req.viewer!, parseWith(pointsQuery, req.query), clientInfo(req)));
  });
  return r;
}
