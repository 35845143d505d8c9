import type { z } from 'zod';
import type { Viewer } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { readStandards } from '../settings/settings-service.ts';
import { MAX_GAP_ITEMS, type Coverage, type CoverageGap, type coverageQuery, type GapItem, type GapKind } from './coverage-contract.ts';
import * as sql from './coverage-sql.ts';

/**
 * GET /api/coverage: every kind of gap in the viewer's area (or a cell of it), counted whole and
 * listed to MAX_GAP_ITEMS places, in one read-only snapshot.
 */
export async function coverage(db: Db, viewer: Viewer, q: z.infer<typeof coverageQuery>): Promise<Coverage> {
  return db.transaction(async (tx) => {
    const [area] = await tx.query<{ path: string; name: string }>(
      "SELECT path, name FROM grids WHERE code = $1 AND (path = $2 OR path LIKE $2 || '.%')",
      [q.area ?? viewer.areaCode, viewer.areaPath],
    );
    if (!area) throw new AppError(404, 'grid_not_found', { code: q.area ?? viewer.areaCode });
    const [leaf] = await tx.query<{ key: string }>('SELECT key FROM grid_levels WHERE tiles_parent ORDER BY rank DESC LIMIT 1');
    const standard = (await readStandards(tx)).householdsPerWorker;
    const base = [area.path, leaf!.key];
    const statements: [GapKind, string, unknown[]][] = [
      ['householdsOutside', sql.HOUSEHOLDS_OUTSIDE, base],
      ['gridsWithoutLeader', sql.GRIDS_WITHOUT_DUTY, [...base, 'grid_leader']],
      ['gridsWithoutFullTime', sql.GRIDS_WITHOUT_DUTY, [...base, 'full_time']],
      ['gridsOverStandard', sql.GRIDS_OVER_STANDARD, [...base, standard]],
      ['watchWithoutWorker', sql.WATCH_WITHOUT_WORKER, [area.path]],
      ['gridsWithoutVisit', sql.GRIDS_WITHOUT_VISIT, base],
      ['buildingsWithoutHousehold', sql.BUILDINGS_WITHOUT_HOUSEHOLD, base],
      ['rentalsWithoutResidents', sql.RENTALS_WITHOUT_RESIDENTS, [area.path]],
    ];
    const gaps: CoverageGap[] = [];
    for (const [kind, text, params] of statements) {
      const rows = await tx.query<GapItem>(text, params);
      // Members without a worker count people, not grids.
      const count = kind === 'watchWithoutWorker' ? rows.reduce((n, r) => n + (r.value ?? 0), 0) : rows.length;
      gaps.push({ kind, count, items: rows.slice(0, MAX_GAP_ITEMS) });
    }
    return { areaName: area.name, standard, gaps };
  });
}
