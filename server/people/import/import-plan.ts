import type { Queryable } from '../../db/db.ts';
import * as sql from './import-sql.ts';
import type { ParsedRow, RowError } from './import-validate.ts';

/** A household of the file: the rows that share its key, placed by its first row's address or coordinates. */
interface FileHousehold {
  key: string;
  rows: ParsedRow[];
  address: string | null;
  lon: number | null;
  lat: number | null;
}

/** Where a household goes: an existing one, or a new one in a building and a leaf cell. */
interface PlacedHousehold extends FileHousehold {
  existingId: number | null;
  buildingId: number;
  gridCode: string;
  pointLon: number;
  pointLat: number;
}

/** What a commit will write. */
export interface ImportPlan {
  households: PlacedHousehold[];
  inserts: ParsedRow[];
  updates: { id: number; row: ParsedRow }[];
  memberships: { row: ParsedRow; category: string }[];
  errors: RowError[];
}

const err = (row: ParsedRow, field: RowError['field'], reason: string, reasonEn: string): RowError => ({
  line: row.line,
  field,
  reason,
  reasonEn,
});

/**
 * Groups rows into households by their key and refuses what cannot be true across rows: one
 * person in two households (every such row, since the file cannot say which is right), the
 * same row repeated (the repeats), and a household with two addresses.
 */
export function groupHouseholds(rows: ParsedRow[]): { households: FileHousehold[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const rowsById = new Map<string, ParsedRow[]>();
  for (const row of rows) rowsById.set(row.idNumber, [...(rowsById.get(row.idNumber) ?? []), row]);
  const byKey = new Map<string, FileHousehold>();
  for (const row of rows) {
    const same = rowsById.get(row.idNumber)!;
    if (new Set(same.map((r) => r.householdKey)).size > 1) {
      const lines = same.map((r) => r.line).filter((l) => l !== row.line);
      errors.push(
        err(
          row,
          'idNumber',
          `同一人出现在多个户中（另见第 ${lines.join('、')} 行）`,
          `the same person is in more than one household (see also line ${lines.join(', ')})`,
        ),
      );
      continue;
    }
    if (same[0] !== row) {
      errors.push(
        err(row, 'idNumber', `与第 ${same[0]!.line} 行是同一人（重复行）`, `the same person as line ${same[0]!.line} (a repeated row)`),
      );
      continue;
    }
    let household = byKey.get(row.householdKey);
    if (!household) {
      household = { key: row.householdKey, rows: [], address: row.address, lon: row.lon, lat: row.lat };
      byKey.set(row.householdKey, household);
    } else if (row.address && household.address && row.address !== household.address) {
      errors.push(
        err(
          row,
          'address',
          `同一户的地址与第 ${household.rows[0]?.line} 行不一致`,
          `the household's address differs from line ${household.rows[0]?.line}`,
        ),
      );
      continue;
    }
    household.rows.push(row);
  }
  return { households: [...byKey.values()].filter((h) => h.rows.length > 0), errors };
}

/**
 * The building an address names: the longest building name the address begins with ("幸福小区3号楼2单元301室"
 * → "幸福小区3号楼"). Null when none does; 'ambiguous' when two buildings in the area share that name.
 */
export function buildingOfAddress(
  address: string,
  byName: Map<string, number | 'ambiguous'>,
  longestName: number,
): number | 'ambiguous' | null {
  for (let n = Math.min(address.length, longestName); n > 0; n--) {
    const hit = byName.get(address.slice(0, n));
    if (hit !== undefined) return hit;
  }
  return null;
}

/** Runs a statement over a long array in slices, so one statement never carries 100,000 parameters' worth of text. */
async function inSlices<T, R>(items: T[], size: number, run: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await run(items.slice(i, i + size))));
  return out;
}

/**
 * Places every household of the file and decides, row by row, what the commit will do; reads only.
 * Run again inside the commit's transaction, so the check and the write see the same register.
 */
export async function planImport(db: Queryable, areaPath: string, rows: ParsedRow[]): Promise<ImportPlan> {
  const { households, errors } = groupHouseholds(rows);
  const refuse = (h: FileHousehold, field: RowError['field'], reason: string, reasonEn: string) => {
    for (const row of h.rows) errors.push(err(row, field, reason, reasonEn));
  };

  // Households placed by address: the building its name begins with, inside the area.
  const byName = new Map<string, number | 'ambiguous'>();
  let longestName = 0;
  if (households.some((h) => h.lon === null)) {
    for (const b of await db.query<{ id: number; name: string }>(sql.AREA_BUILDINGS, [areaPath])) {
      byName.set(b.name, byName.has(b.name) ? 'ambiguous' : b.id);
      longestName = Math.max(longestName, b.name.length);
    }
  }
  const placed: PlacedHousehold[] = [];
  const byBuilding: { h: FileHousehold; buildingId: number }[] = [];
  const byPoint: FileHousehold[] = [];
  for (const h of households) {
    if (h.lon !== null && h.lat !== null) {
      byPoint.push(h);
      continue;
    }
    const building = buildingOfAddress(h.address!, byName, longestName);
    if (building === null) refuse(h, 'address', '地址无法对应到辖区内的楼栋', 'the address does not name a building in your area');
    else if (building === 'ambiguous')
      refuse(h, 'address', '地址对应辖区内多栋同名楼，请补充经纬度', 'several buildings in your area share that name; add coordinates');
    else byBuilding.push({ h, buildingId: building });
  }
  const points = new Map(
    (
      await inSlices([...new Set(byBuilding.map((b) => b.buildingId))], 5000, (ids) =>
        db.query<{ id: number; lon: number; lat: number; cell: string | null }>(sql.BUILDING_POINTS, [ids]),
      )
    ).map((p) => [p.id, p]),
  );
  const inArea = new Set(
    (
      await inSlices([...new Set([...points.values()].map((p) => p.cell).filter((c): c is string => c !== null))], 5000, (codes) =>
        db.query<{ code: string }>(sql.CELLS_IN_AREA, [areaPath, codes]),
      )
    ).map((c) => c.code),
  );
  for (const { h, buildingId } of byBuilding) {
    const p = points.get(buildingId)!;
    if (!p.cell || !inArea.has(p.cell)) refuse(h, 'address', '该楼栋不在任何网格内', 'that building lies in no grid');
    else placed.push({ ...h, existingId: null, buildingId, gridCode: p.cell, pointLon: p.lon, pointLat: p.lat });
  }

  // Households placed by coordinates: the leaf cell there (inside the area) and the nearest building.
  const located = await inSlices(byPoint, 5000, (slice) =>
    db.query<{ i: number; cell: string | null; inArea: boolean | null; buildingId: number | null }>(sql.LOCATE_POINTS, [
      areaPath,
      slice.map((h) => h.lon),
      slice.map((h) => h.lat),
    ]),
  );
  byPoint.forEach((h, k) => {
    const at = located[k]!;
    if (!at.cell) refuse(h, 'lon', '位置不在任何网格内', 'the location lies in no grid');
    else if (!at.inArea) refuse(h, 'lon', '位置不在您的辖区内', 'the location is outside your area');
    else if (!at.buildingId) refuse(h, 'lon', '位置 50 米内没有楼栋', 'no building within 50 m of the location');
    else placed.push({ ...h, existingId: null, buildingId: at.buildingId, gridCode: at.cell, pointLon: h.lon!, pointLat: h.lat! });
  });

  // An address already registered in the same building is that household: people join it.
  const addresses = placed.map((h) => h.address).filter((a): a is string => a !== null);
  const existing = await inSlices(addresses, 5000, (slice) =>
    db.query<{ id: number; buildingId: number; address: string; gridCode: string }>(sql.HOUSEHOLDS_AT, [slice]),
  );
  const existingAt = new Map(existing.map((e) => [`${e.buildingId}|${e.address}`, e]));
  for (const h of placed) {
    const e = h.address ? existingAt.get(`${h.buildingId}|${h.address}`) : undefined;
    if (e) Object.assign(h, { existingId: e.id, gridCode: e.gridCode });
  }

  // People already registered: in the same household they are updated; anywhere else it is a conflict.
  const placedRows = placed.flatMap((h) => h.rows.map((row) => ({ h, row })));
  const registered = new Map(
    (
      await inSlices(
        placedRows.map((p) => p.row.idNumber),
        5000,
        (ids) => db.query<{ id: number; idNumber: string; householdId: number }>(sql.RESIDENTS_WITH_IDS, [ids]),
      )
    ).map((r) => [r.idNumber, r]),
  );
  const inserts: ParsedRow[] = [];
  const updates: { id: number; row: ParsedRow }[] = [];
  for (const { h, row } of placedRows) {
    const r = registered.get(row.idNumber);
    if (!r) inserts.push(row);
    else if (r.householdId === h.existingId) updates.push({ id: r.id, row });
    else errors.push(err(row, 'idNumber', '该身份证号已登记在其他户', 'this ID number is already registered in another household'));
  }
  const current = new Set(
    (
      await inSlices(
        updates.map((u) => u.id),
        5000,
        (ids) => db.query<{ residentId: number; category: string }>(sql.CURRENT_MEMBERSHIPS, [ids]),
      )
    ).map((m) => `${m.residentId}|${m.category}`),
  );
  const updatedId = new Map(updates.map((u) => [u.row, u.id]));
  const memberships = [...inserts, ...updates.map((u) => u.row)].flatMap((row) =>
    row.keyGroups.filter((category) => !current.has(`${updatedId.get(row)}|${category}`)).map((category) => ({ row, category })),
  );
  errors.sort((a, b) => a.line - b.line);
  return { households: placed, inserts, updates, memberships, errors };
}
