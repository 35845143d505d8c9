import { describe, expect, it } from 'vitest';
import { sharedServer } from '../support/test-server.ts';

const TILING_LEVELS = `SELECT key FROM grid_levels WHERE tiles_parent AND rank > 1 AND EXISTS (SELECT 1 FROM grids WHERE level = key)`;

describe('the demo hierarchy tiles every parent exactly (checked in PostGIS)', () => {
  it('has valid, non-empty geometry in every cell and block', async () => {
    const { db } = await sharedServer();
    const [row] = await db.query<{ invalid: number; blocks: number }>(`
      SELECT (SELECT count(*)::int FROM grids WHERE NOT ST_IsValid(geom) OR ST_IsEmpty(geom)) AS invalid,
             (SELECT count(*)::int FROM blocks WHERE NOT ST_IsValid(geom)) AS blocks`);
    expect(row).toEqual({ invalid: 0, blocks: 0 });
  });

  it('makes the union of each parent’s children equal the parent within 1e-9 of its area', async () => {
    const { db } = await sharedServer();
    const levels = await db.query<{ key: string }>(TILING_LEVELS);
    expect(levels.map((l) => l.key)).toEqual(['township', 'community', 'grid']);
    const rows = await db.query<{ code: string; level: string; relDiff: number; children: number }>(`
      SELECT p.code, c.level, count(*)::int AS children,
        ST_Area(ST_SymDifference(p.geom, ST_Union(c.geom))) / ST_Area(p.geom) AS "relDiff"
      FROM grids p JOIN grids c ON c.parent_code = p.code
      GROUP BY p.code, p.geom, c.level`);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.relDiff, `${r.code} → ${r.level}`).toBeLessThan(1e-9);
  });

  it('lets no two siblings share any area', async () => {
    const { db } = await sharedServer();
    const rows = await db.query<{ a: string; b: string; area: number; interiors: boolean }>(`
      SELECT a.code AS a, b.code AS b, ST_Area(ST_Intersection(a.geom, b.geom)) AS area,
             ST_Relate(a.geom, b.geom, '2********') AS interiors
      FROM grids a JOIN grids b ON a.parent_code = b.parent_code AND a.code < b.code AND a.geom && b.geom`);
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) {
      expect(r.interiors, `${r.a} × ${r.b}`).toBe(false);
      expect(r.area, `${r.a} × ${r.b}`).toBe(0);
    }
  });

  it('places every household inside the base grid it is registered to', async () => {
    const { db } = await sharedServer();
    const [row] = await db.query<{ outside: number; total: number }>(`
      SELECT count(*) FILTER (WHERE NOT ST_Intersects(g.geom, h.geom))::int AS outside, count(*)::int AS total
      FROM households h JOIN grids g ON g.code = h.grid_code`);
    expect(row!.total).toBeGreaterThan(9000);
    expect(row!.outside).toBe(0);
  });

  it('keeps each path equal to the chain of parent codes', async () => {
    const { db } = await sharedServer();
    const [row] = await db.query<{ wrong: number }>(`
      SELECT count(*)::int AS wrong FROM grids c LEFT JOIN grids p ON p.code = c.parent_code
      WHERE c.path <> coalesce(p.path || '.', '') || c.code`);
    expect(row!.wrong).toBe(0);
  });
});
