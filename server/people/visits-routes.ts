import type { Db } from '../db/db.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { dueVisits, recordVisit } from './visits-service.ts';
import { dueQuery, visitBody } from './people-contract.ts';

/** /api/visits: the must-visit list of a cell (overdue first) and the one-tap "visited". */
export function visitsRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  r.get(
    '/visits/due',
    'people:read',
    async (req, res) => {
      res.json(await dueVisits(db, req.viewer!, parseWith(dueQuery, req.query), clientInfo(req)));
    },
    { query: { grid: 'foreignGridCode' } },
  );
  r.post(
    '/visits',
    'visits:record',
    async (req, res) => {
      res.status(201).json(await recordVisit(db, req.viewer!, parseWith(visitBody, req.body), clientInfo(req)));
    },
    { body: { memberId: 'foreignMemberId', found: 'probe' } },
  );
  return r;
}
