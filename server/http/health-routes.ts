import { Router } from 'express';
import type { Db } from '../db/db.ts';

const SELECT_HEALTH = `
  SELECT postgis_lib_version() AS postgis,
         (SELECT coalesce(max(version), 0) FROM schema_migrations)::int AS migration,
         (SELECT json_build_object('seed', seed, 'scale', scale, 'loadedAt', loaded_at) FROM district_meta) AS district`;

/** GET /api/health: which database runs, its PostGIS version, the migration level and the loaded district. */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const [row] = await db.query<{ postgis: string; migration: number; district: unknown }>(SELECT_HEALTH);
    res.set('Cache-Control', 'no-store');
    res.json({ status: 'ok', db: { backend: db.backend, postgis: row!.postgis, migration: row!.migration }, district: row!.district });
  });
  return router;
}
