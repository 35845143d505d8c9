import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../server/config.ts';
import { sharedServer, TEST_DATABASE_URL } from '../support/test-server.ts';

describe('GET /api/health', () => {
  it('names the backend, the PostGIS version and the migration level, without signing in', async () => {
    const server = await sharedServer();
    const res = await fetch(`${server.url}/api/health`);
    expect(res.status).toBe(200);
    const health = (await res.json()) as { db: { backend: string; postgis: string; migration: number }; seeded: boolean };
    expect(health.db.backend).toBe(TEST_DATABASE_URL ? 'postgres' : 'pglite');
    expect(health.db.postgis).toMatch(/^3\.\d+/);
    // The level is the newest migration file's number: every one of them ran.
    const newest = Math.max(...readdirSync(path.join(PROJECT_ROOT, 'migrations')).map((f) => Number.parseInt(f, 10)));
    expect(health.db.migration).toBe(newest);
    expect(health.seeded).toBe(true);
    // One process, no Redis: the embedded default.
    expect(health).toMatchObject({ status: 'ok', workers: 1, redis: 'off' });
  });

  it('reports the same backend the Db port says it runs', async () => {
    const server = await sharedServer();
    expect(server.db.backend).toBe(TEST_DATABASE_URL ? 'postgres' : 'pglite');
  });
});
