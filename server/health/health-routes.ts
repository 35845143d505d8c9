import type { Cluster } from '../cluster/cluster.ts';
import type { Db } from '../db/db.ts';
import { secureRouter, type RouteSpec } from '../http/route-registry.ts';
import { readHealth } from './health-service.ts';

/** GET /api/health (public, for load balancers). */
export function healthRoutes(db: Db, registry: RouteSpec[], cluster: Pick<Cluster, 'health'>) {
  const r = secureRouter(db, registry, '/api');
  r.get('/health', 'public', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    res.json(await readHealth(db, cluster));
  });
  return r;
}
