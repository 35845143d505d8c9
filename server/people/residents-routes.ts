import type { Db } from '../db/db.ts';
import { invalidParameter } from '../http/app-error.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { createResidentsService, exportQuery, residentsQuery, unmaskBody } from './residents-service.ts';

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
    '/residents/export',
    'people:export',
    async (req, res) => {
      const { grid, format } = parseWith(exportQuery, req.query);
      const { body } = await service.exportRegister(req.viewer!, grid, format, clientInfo(req));
      res
        .type(format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="register-${grid}.${format}"`)
        .set('Cache-Control', 'no-store')
        .send(typeof body === 'string' ? body : Buffer.from(body));
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
