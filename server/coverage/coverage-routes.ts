import type { Db } from '../db/db.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { coverageQuery } from './coverage-contract.ts';
import { coverage } from './coverage-service.ts';

/** /api/coverage: the holes in the net, for leaders, commanders and the operators who redraw grids. */
export function coverageRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  r.get(
    '/coverage',
    'coverage:read',
    async (req, res) => {
      res.json(await coverage(db, req.viewer!, parseWith(coverageQuery, req.query)));
    },
    { query: { area: 'foreignGridCode' } },
  );
  return r;
}
