import type { Config } from '../config.ts';
import type { Db } from './db.ts';
import { openPgDb } from './pg-db.ts';
import { openPgliteDb } from './pglite-db.ts';

/** Opens the database the configuration asks for: a PostGIS server when DATABASE_URL is set, else the embedded one. */
export function openDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  return config.databaseUrl ? openPgDb(config.databaseUrl) : openPgliteDb(config.dataDir);
}
