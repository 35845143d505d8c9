import type { District, GridCell } from '../../geodata/district.ts';
import type { LonLat } from '../../geodata/projection.ts';
import type { Db, Queryable } from '../db/db.ts';
import * as sql from './seed-sql.ts';
import { INSERT_MEMBERSHIPS } from '../people/import/import-sql.ts';

const BATCH_ROWS = 5000;

function polygonJson(ring: LonLat[]): string {
  return JSON.stringify({ type: 'Polygon', coordinates: [[...ring, ring[0]]] });
}

async function insertBatches<T>(tx: Queryable, statement: string, rows: readonly T[], extra: unknown[] = []): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH_ROWS) {
    await tx.query(statement, [JSON.stringify(rows.slice(i, i + BATCH_ROWS)), ...extra]);
  }
}

function depthOf(cells: readonly GridCell[]): Map<string, number> {
  const byCode = new Map(cells.map((c) => [c.code, c]));
  const depth = new Map<string, number>();
  const walk = (c: GridCell): number => {
    const known = depth.get(c.code);
    if (known !== undefined) return known;
    const d = c.parentCode ? walk(byCode.get(c.parentCode)!) + 1 : 0;
    depth.set(c.code, d);
    return d;
  };
  cells.forEach(walk);
  return depth;
}

/** Loads a generated district into an empty database in one transaction: all of it or nothing. */
export async function loadDistrict(db: Db, district: District, options: { reset?: boolean } = {}): Promise<void> {
  const depth = depthOf(district.cells);
  const maxDepth = Math.max(...depth.values());
  const leafLevel = district.cells.find((c) => depth.get(c.code) === maxDepth)!.level;
  await db.transaction(async (tx) => {
    if (options.reset) await tx.exec(sql.TRUNCATE_DISTRICT);
    await tx.query(sql.INSERT_LEVELS, [JSON.stringify(district.levels)]);
    await insertBatches(tx, sql.INSERT_STAFF, district.staff);
    await insertBatches(
      tx,
      sql.INSERT_BLOCKS,
      district.blocks.map((b) => ({ id: b.id, landUse: b.landUse, gridCode: b.gridCode, geom: polygonJson(b.ring) })),
    );
    await tx.query(sql.CREATE_CELL_GEOMETRY, [JSON.stringify(district.cells.map((c) => ({ ...c, depth: depth.get(c.code) })))]);
    await tx.query(sql.UNION_LEAF_CELLS);
    for (let d = maxDepth; d > 0; d--) await tx.query(sql.UNION_PARENT_CELLS, [d]);
    for (let d = 0; d <= maxDepth; d++) await tx.query(sql.INSERT_CELLS_AT_DEPTH, [d]);
    await tx.query(sql.INSERT_INITIAL_VERSIONS);
    await insertBatches(tx, sql.INSERT_ASSIGNMENTS, district.assignments);
    await insertBatches(
      tx,
      sql.INSERT_ROADS,
      district.roads.map((r) => ({ ...r, geom: JSON.stringify({ type: 'LineString', coordinates: r.line }) })),
    );
    await insertBatches(
      tx,
      sql.INSERT_WATERWAYS,
      district.waterways.map((w) => ({ ...w, geom: JSON.stringify({ type: 'LineString', coordinates: w.line }) })),
    );
    await insertBatches(
      tx,
      sql.INSERT_COMPOUNDS,
      district.compounds.map((c) => ({ ...c, geom: polygonJson(c.ring) })),
    );
    await insertBatches(
      tx,
      sql.INSERT_BUILDINGS,
      district.buildings.map((b) => ({ ...b, geom: polygonJson(b.ring) })),
    );
    const tenure = new Map(district.registers.households.map((h) => [h.householdId, h.tenure]));
    await insertBatches(
      tx,
      sql.INSERT_HOUSEHOLDS,
      district.households.map((h) => ({ ...h, tenure: tenure.get(h.id), lon: h.location[0], lat: h.location[1] })),
      [leafLevel],
    );
    const personal = new Map(district.registers.residents.map((r) => [r.residentId, r]));
    await insertBatches(
      tx,
      sql.INSERT_RESIDENTS,
      district.residents.map((r) => ({ ...r, ...personal.get(r.id) })),
    );
    await insertBatches(tx, INSERT_MEMBERSHIPS, district.registers.keyGroups);
    await tx.query(sql.INSERT_LAST_VISITS);
    await tx.query(sql.INSERT_META, [district.seed, district.scale]);
  });
  // Fresh statistics so the planner uses the spatial indexes at once.
  await db.exec(sql.ANALYZE);
}

/** The seed and scale already loaded, or null for an empty database. */
export async function loadedDistrict(db: Queryable): Promise<{ seed: string; scale: string } | null> {
  const rows = await db.query<{ seed: string; scale: string }>(sql.COUNT_META);
  return rows[0] ?? null;
}
