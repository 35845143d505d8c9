import type { Db } from '../db/db.ts';
import { secureRouter, type RouteSpec } from './route-registry.ts';

const SELECT_HEALTH = `
  SELECT postgis_lib_version() AS postgis,
         (SELECT coalesce(max(version), 0) FROM schema_migrations)::int AS migration,
         EXISTS (SELECT 1 FROM district_meta) AS seeded`;

/** GET /api/health (public, for load balancers): backend, PostGIS version, migration level; nothing about the district. */
export function healthRoutes(db: Db, registry: RouteSpec[]) {
  const r = secureRouter(db, registry, '/api');
  r.get('/health', 'public', async (_req, res) => {
    const [row] = await db.query<{ postgis: string; migration: number; seeded: boolean }>(SELECT_HEALTH);
    res.set('Cache-Control', 'no-store');
    res.json({ status: 'ok', db: { backend: db.backend, postgis: row!.postgis, migration: row!.migration }, seeded: row!.seeded });
  });
  return r;
}
