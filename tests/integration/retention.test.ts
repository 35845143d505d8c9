import { describe, expect, it } from 'vitest';
import { schedulePruning } from '../../server/audit/retention.ts';
import { pruneStaleUploads } from '../../server/boundaries/files-service.ts';
import { pruneStaleImports } from '../../server/people/import/import-service.ts';
import { ensureTestUser } from '../support/accounts.ts';
import { rootCode, sharedServer } from '../support/test-server.ts';
import { until } from '../support/until.ts';

describe('the pruning job', () => {
  it('forgets boundary and register uploads abandoned for a day, and keeps fresh ones', async () => {
    const { db } = await sharedServer();
    const root = await rootCode();
    const userId = await ensureTestUser(db, 'retention-operator', 'operator', root);
    const upload = async (table: 'boundary_imports' | 'register_imports', age: string) => {
      const [row] = await db.query<{ id: number }>(
        table === 'boundary_imports'
          ? `INSERT INTO boundary_imports (user_id, area_code, file_name, format, bytes, created_at) VALUES ($1, $2, 'old.geojson', 'geojson', '\\x7b7d', now() - $3::interval) RETURNING id`
          : `INSERT INTO register_imports (user_id, area_code, file_name, format, bytes, row_count, headers, created_at) VALUES ($1, $2, 'old.csv', 'csv', '\\x41', 0, '[]', now() - $3::interval) RETURNING id`,
        [userId, root, age],
      );
      return row!.id;
    };
    const stale = [await upload('boundary_imports', '25 hours'), await upload('register_imports', '25 hours')];
    const fresh = [await upload('boundary_imports', '1 hour'), await upload('register_imports', '1 hour')];
    const left = async () => {
      const [b] = await db.query<{ ids: number[] }>(
        'SELECT coalesce(array_agg(id ORDER BY id), ARRAY[]::int[]) AS ids FROM boundary_imports WHERE id = ANY($1)',
        [[stale[0], fresh[0]]],
      );
      const [r] = await db.query<{ ids: number[] }>(
        'SELECT coalesce(array_agg(id ORDER BY id), ARRAY[]::int[]) AS ids FROM register_imports WHERE id = ANY($1)',
        [[stale[1], fresh[1]]],
      );
      return [b!.ids.map(Number), r!.ids.map(Number)];
    };
    const stop = schedulePruning(db, 50, () => undefined, [
      { name: 'boundary uploads', run: pruneStaleUploads },
      { name: 'register uploads', run: pruneStaleImports },
    ]);
    try {
      await until(
        'the pruning to keep only the fresh rows',
        async () => JSON.stringify(await left()) === JSON.stringify([[fresh[0]], [fresh[1]]]),
      );
    } finally {
      stop();
    }
    expect(await left()).toEqual([[fresh[0]], [fresh[1]]]);
  });
});
