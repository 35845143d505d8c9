import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { idParam } from '../http/route-params.ts';
import { stopTourSchema, tourSchema } from './tours-contract.ts';
import { ownTour, readTour, saveTour } from './tours-service.ts';

const parseTokenId = (raw: unknown): number => idParam(raw, { missing: (id) => new AppError(404, 'wall_token_not_found', { id }) });

/** /api/wall-tokens/:id/tour: a commander's tour for a wall token; /api/tour: the wall's own. */
export function toursRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  const byToken = { params: { id: 'foreignWallTokenId' as const } };
  r.get('/tour', 'grids:read', async (req, res) => {
    res.json(await ownTour(db, req.viewer!));
  });
  r.get(
    '/wall-tokens/:id/tour',
    'tours:manage',
    async (req, res) => {
      res.json(await readTour(db, req.viewer!, parseTokenId(req.params.id)));
    },
    byToken,
  );
  r.put(
    '/wall-tokens/:id/tour',
    'tours:manage',
    async (req, res) => {
      const id = parseTokenId(req.params.id);
      res.json(await saveTour(db, req.viewer!, id, parseWith(tourSchema, req.body), clientInfo(req)));
    },
    { ...byToken, body: { steps: [{ scene: 'overview', seconds: 30 }], version: '0' } },
  );
  // Stopping is saving no steps: the version moves on, so an editor holding the old tour is told.
  r.delete(
    '/wall-tokens/:id/tour',
    'tours:manage',
    async (req, res) => {
      const id = parseTokenId(req.params.id);
      const { version } = parseWith(stopTourSchema, req.body);
      res.json(await saveTour(db, req.viewer!, id, { steps: [], version }, clientInfo(req)));
    },
    { ...byToken, body: { version: '0' } },
  );
  return r;
}
