import type { Cluster } from '../cluster/cluster.ts';
import type { Db } from '../db/db.ts';
import { SELECT_HEALTH } from './health-sql.ts';

/**
 * What a load balancer learns: backend, PostGIS version, migration level, whether a district is
 * loaded (nothing about it), how many processes serve and whether Redis is reachable. `degraded`
 * while a configured Redis is lost: each process still serves its own walls everything, but
 * sign-outs and the flood limit no longer cross processes.
 */
export async function readHealth(db: Db, cluster: Pick<Cluster, 'health'>) {
  const [row] = await db.query<{ postgis: string; migration: number; seeded: boolean }>(SELECT_HEALTH);
  const { workers, redis } = cluster.health();
  return {
    status: redis === 'unreachable' ? ('degraded' as const) : ('ok' as const),
    db: { backend: db.backend, postgis: row!.postgis, migration: row!.migration },
    seeded: row!.seeded,
    workers,
    redis,
  };
}
