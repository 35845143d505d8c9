import type { Db } from '../db/db.ts';
import { clientInfo } from '../http/client-info.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { idParam } from '../http/route-params.ts';
import { exportRegister, listResidents, residentDetail, unmaskResident } from './residents-service.ts';
import { exportQuery, residentsQuery, unmaskBody } from './people-contract.ts';

const parseId = (raw: unknown): string => String(idParam(raw));

/** /api/residents: masked, paged, scoped and audited reads of the register, and the audited unmask. */
export function residentsRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  r.get(
    '/residents',
    'people:read',
    async (req, res) => {
      res.json(await listResidents(db, req.viewer!, parseWith(residentsQuery, req.query), clientInfo(req)));
    },
    { query: { grid: 'foreignGridCode' } },
  );
  r.get(
    '/residents/export',
    'people:export',
    async (req, res) => {
      const { grid, format } = parseWith(exportQuery, req.query);
      const { body } = await exportRegister(db, req.viewer!, grid, format, clientInfo(req));
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
      res.json(await residentDetail(db, req.viewer!, parseId(req.params.id), clientInfo(req)));
    },
    { params: { id: 'foreignResidentId' } },
  );
  r.post(
    '/residents/:id/unmask',
    'people:unmask',
    async (req, res) => {
      const { reason } = parseWith(unmaskBody, req.body);
      res.json(await unmaskResident(db, req.viewer!, parseId(req.params.id), reason, clientInfo(req)));
    },
    { params: { id: 'foreignResidentId' }, body: { reason: 'probe from another area' } },
  );
  return r;
}
