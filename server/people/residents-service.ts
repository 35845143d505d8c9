import { type z } from 'zod';
import { auditSuccess, recordAudit } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { ClientInfo } from '../auth/sessions.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import { categoryParams } from './people-scope.ts';
import { toCsv } from './export-csv.ts';
import { toXlsx } from '../files/export-xlsx.ts';
import { SELECT_CATEGORIES } from './registers-sql.ts';
import { MAX_IMPORT_ROWS } from './import/import-sheet.ts';
import { maskBirthDate, maskIdNumber, maskName, maskPhone, maskRoom } from './masking.ts';
import * as sql from './residents-sql.ts';
import { RESIDENTS_PAGE_SIZE, type residentsQuery } from './people-contract.ts';

/** An export holds at most as many rows as an import may (a bigger area is exported cell by cell). */
const MAX_EXPORT_ROWS = MAX_IMPORT_ROWS;

const EXPORT_HEADERS = ['户编号', '姓名', '身份证号', '联系电话', '性别', '出生日期', '户籍类型', '地址', '房屋性质', '重点人群', '网格'];

type Row = {
  id: number;
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string;
  total?: number;
  [k: string]: unknown;
};

/** The same record with every identifying field masked (the default in every response). */
export function masked(row: Row): Row {
  const { total: _t, ...r } = row;
  return {
    ...r,
    name: r.name === null ? null : maskName(r.name),
    idNumber: r.idNumber === null ? null : maskIdNumber(r.idNumber),
    phone: r.phone === null ? null : maskPhone(r.phone),
    address: maskRoom(r.address),
    ...(typeof r.birthDate === 'string' ? { birthDate: maskBirthDate(r.birthDate) } : {}),
  };
}

/** Refuses a cell outside the viewer's area as if it did not exist (404). */
export async function requireCellInArea(db: Db, viewer: Viewer, grid: string): Promise<void> {
  if ((await db.query(sql.CELL_IN_AREA, [viewer.areaPath, grid])).length === 0) throw new AppError(404, 'grid_not_found', { code: grid });
}

/* The residents register, read inside the viewer's area, masked, every read audited. */
export async function listResidents(db: Db, viewer: Viewer, q: z.infer<typeof residentsQuery>, client: ClientInfo) {
  if (q.grid !== undefined) await requireCellInArea(db, viewer, q.grid);
  else if ((await db.query(sql.HOUSEHOLD_IN_AREA, [viewer.areaPath, q.household])).length === 0) throw new AppError(404, 'not_found');
  const rows = await db.query<Row>(q.grid !== undefined ? sql.LIST_RESIDENTS : sql.LIST_HOUSEHOLD, [
    viewer.areaPath,
    ...categoryParams(viewer),
    q.grid ?? q.household,
    RESIDENTS_PAGE_SIZE,
    (q.page - 1) * RESIDENTS_PAGE_SIZE,
  ]);
  await recordAudit(db, {
    action: 'people.list',
    outcome: 'success',
    viewer,
    objectType: q.grid !== undefined ? 'grid' : 'household',
    objectId: String(q.grid ?? q.household),
    ip: client.ip,
    detail: { page: q.page, rows: rows.length },
  });
  return { total: rows[0]?.total ?? 0, page: q.page, pageSize: RESIDENTS_PAGE_SIZE, rows: rows.map(masked) };
}

export async function residentDetail(db: Db, viewer: Viewer, id: string, client: ClientInfo) {
  const [row] = await db.query<Row>(sql.SELECT_RESIDENT, [viewer.areaPath, ...categoryParams(viewer), id]);
  if (!row) throw new AppError(404, 'not_found');
  await recordAudit(db, { action: 'people.read', outcome: 'success', viewer, objectType: 'resident', objectId: id, ip: client.ip });
  return masked(row);
}

/**
 * A cell's register as CSV, masked like every other answer (an export leaves the system, so it
 * carries no more than a screen shows); audited with the row count.
 */
export async function exportRegister(
  db: Db,
  viewer: Viewer,
  grid: string,
  format: 'csv' | 'xlsx',
  client: ClientInfo,
): Promise<{ body: string | Uint8Array; rows: number }> {
  await requireCellInArea(db, viewer, grid);
  const rows = await db.query<Row>(sql.EXPORT_RESIDENTS, [viewer.areaPath, ...categoryParams(viewer), grid, MAX_EXPORT_ROWS + 1]);
  if (rows.length > MAX_EXPORT_ROWS) throw new AppError(413, 'too_many_rows', { max: MAX_EXPORT_ROWS });
  await auditSuccess(db, viewer, client, 'people.export', ['grid', grid], { rows: rows.length, format });
  const names = new Map((await db.query<{ code: string; nameZh: string }>(SELECT_CATEGORIES)).map((c) => [c.code, c.nameZh] as const));
  const HUKOU = { registered: '户籍', floating: '流动' } as Record<string, string>;
  const TENURE = { owner: '自住', rental: '出租' } as Record<string, string>;
  const table = rows
    .map(masked)
    .map((r) => [
      r.householdId as number,
      r.name,
      r.idNumber,
      r.phone,
      r.gender === 'M' ? '男' : '女',
      r.birthDate as string,
      HUKOU[r.hukou as string] ?? '',
      r.address,
      TENURE[r.tenure as string] ?? '',
      (r.keyGroups as string[]).map((c) => names.get(c) ?? c).join('、'),
      r.gridCode as string,
    ]);
  return { body: format === 'xlsx' ? await toXlsx(EXPORT_HEADERS, table) : toCsv(EXPORT_HEADERS, table), rows: rows.length };
}

/** The full record, for this answer only; the read, its reason and the fields shown are audited first. */
export async function unmaskResident(db: Db, viewer: Viewer, id: string, reason: string, client: ClientInfo) {
  const [row] = await db.query<Row>(sql.SELECT_RESIDENT, [viewer.areaPath, ...categoryParams(viewer), id]);
  if (!row) throw new AppError(404, 'not_found');
  await auditSuccess(db, viewer, client, 'people.unmask', ['resident', id], { reason, fields: 'name,idNumber,phone,address,birthDate' });
  return row;
}
