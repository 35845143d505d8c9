import type { Db } from '../db/db.ts';
import { parseWith } from '../http/parse-body.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { auditQuerySchema } from './audit-contract.ts';
import { searchAudit } from './audit-service.ts';
import { pruneAudit } from './retention.ts';

/** The audit trail for the system administrator: search, and pruning past the retention now. */
export function auditRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  r.get('/admin/audit', 'audit:read', async (req, res) => {
    const page = await searchAudit(db, parseWith(auditQuerySchema, req.query));
    res.set('Cache-Control', 'no-store');
    res.json(page);
  });
  r.post('/admin/audit/prune', 'settings:manage', async (req, res) => {
    res.json({ deleted: await pruneAudit(db, { userId: req.viewer!.userId, name: req.viewer!.name }) });
  });
  return r;
}
