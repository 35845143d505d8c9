import type { Db } from '../db/db.ts';
import { SELECT_HEALTH } from './health-sql.ts';

/** What a load balancer learns: backend, PostGIS version, migration level, whether a district is loaded; nothing about it. */
export async function readHealth(db: Db) {
  const [row] = await db.query<{ postgis: string; migration: number; seeded: boolean }>(SELECT_HEALTH);
  return { status: 'ok' as const, db: { backend: db.backend, postgis: row!.postgis, migration: row!.migration }, seeded: row!.seeded };
}
