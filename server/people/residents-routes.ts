import type { Db } from '../db/db.ts';
import { invalidParameter } from '../http/app-error.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { createResidentsService, residentsQuery, unmaskBody } from './residents-service.ts';

function parseId(raw: unknown): string {
  if (typeof raw !== 'string' || !/^[1-9][0-9]{0,9}$/.test(raw)) throw invalidParameter('id', '应为正整数', 'expected a positive integer');
  return raw;
}

/** /api/residents: masked, paged, scoped and audited reads of the register, and the audited unmask. */
export function residentsRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  const service = createResidentsService(db);
  r.get(
    '/residents',
    'people:read',
    async (req, res) => {
      res.json(await service.list(req.viewer!, parseWith(residentsQuery, req.query), clientInfo(req)));
    },
    { query: { grid: 'foreignGridCode' } },
  );
  r.get(
    '/residents/:id',
    'people:read',
    async (req, res) => {
      res.json(await service.detail(req.viewer!, parseId(req.params.id), clientInfo(req)));
    },
    { params: { id: 'foreignResidentId' } },
  );
  r.post(
    '/residents/:id/unmask',
    'people:unmask',
    async (req, res) => {
      const { reason } = parseWith(unmaskBody, req.body);
      res.json(await service.unmask(req.viewer!, parseId(req.params.id), reason, clientInfo(req)));
    },
    { params: { id: 'foreignResidentId' }, body: { reason: 'probe from another area' } },
  );
  return r;
}
