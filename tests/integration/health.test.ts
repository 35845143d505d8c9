import { describe, expect, it } from 'vitest';
import { get, sharedServer, TEST_DATABASE_URL } from '../support/test-server.ts';

describe('GET /api/health', () => {
  it('names the backend, the PostGIS version, the migration level and the loaded district', async () => {
    const { status, body } = await get('/api/health');
    expect(status).toBe(200);
    const health = body as { db: { backend: string; postgis: string; migration: number }; district: { scale: string } };
    expect(health.db.backend).toBe(TEST_DATABASE_URL ? 'postgres' : 'pglite');
    expect(health.db.postgis).toMatch(/^3\.\d+/);
    expect(health.db.migration).toBe(4);
    expect(health.district.scale).toBe('demo');
  });

  it('reports the same backend the Db port says it runs', async () => {
    const server = await sharedServer();
    expect(server.db.backend).toBe(TEST_DATABASE_URL ? 'postgres' : 'pglite');
  });
});
