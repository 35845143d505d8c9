import express from 'express';
import type { Db } from '../db/db.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { validateChange } from './validate-service.ts';

/**
 * Bodies of boundary routes may carry detailed shapes (a real grid has up to ~15,000 vertices);
 * beyond this a shape is refused by size before anything parses it.
 */
export const BOUNDARY_JSON_LIMIT = '4mb';

/** The parser for /api/boundaries, mounted before the app's general one (which then skips the body). */
export const boundaryJson = express.json({ limit: BOUNDARY_JSON_LIMIT });

/** /api/boundaries: checking, drafting and publishing new cell shapes, for operators inside their area. */
export function boundariesRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api/boundaries');
  r.post(
    '/validate',
    'boundaries:edit',
    async (req, res) => {
      res.json(await db.transaction((tx) => validateChange(tx, req.viewer!, req.body)));
    },
    { body: { parentCode: 'foreignGridCode' } },
  );
  return r;
}
