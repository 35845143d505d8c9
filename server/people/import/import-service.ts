import { auditSuccess, recordAudit } from '../../audit/audit.ts';
import type { Viewer } from '../../auth/scope.ts';
import type { ClientInfo } from '../../auth/sessions.ts';
import type { Db, Queryable } from '../../db/db.ts';
import { AppError } from '../../http/app-error.ts';
import { IMPORT_FIELDS, type Mapping } from './import-contract.ts';
import { suggestMapping } from './import-fields.ts';
import { planImport, type ImportPlan } from './import-plan.ts';
import { readCsv } from './import-read-csv.ts';
import { readXlsx } from './import-read-xlsx.ts';
import { MAX_IMPORT_ROWS, sniffFormat, type Sheet } from './import-sheet.ts';
import { refuseNulInFile } from '../../http/input-guards.ts';
import * as sql from './import-sql.ts';
import { validateRow, type CategoryNames, type ParsedRow, type RowError } from './import-validate.ts';

/** An upload read back for its next step. */
interface LoadedImport {
  id: number;
  fileName: string;
  sheet: Sheet;
}

/** The report shows at most this many bad rows (the count is always exact). */
const MAX_REPORTED_ERRORS = 500;
/** Rows written per statement. */
const WRITE_SLICE = 5000;

/** A preview cell: its shape without its content (张三丰 → 张*丰, an ID keeps its first and last character). */
export function maskCell(text: string): string {
  const chars = [...text];
  if (chars.length <= 1) return text;
  if (chars.length === 2) return `${chars[0]}*`;
  return chars.map((c, i) => (i === 0 || i === chars.length - 1 || !/[\p{L}\p{N}]/u.test(c) ? c : '*')).join('');
}

/** Today in Beijing (the day a birth date or a date of joining may not be after). */
function beijingToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

async function readSheet(bytes: Uint8Array, format: 'csv' | 'xlsx'): Promise<Sheet> {
  return format === 'xlsx' ? readXlsx(bytes, MAX_IMPORT_ROWS) : readCsv(bytes, MAX_IMPORT_ROWS);
}

function report(sheet: Sheet, plan: ImportPlan, errors: RowError[]) {
  const invalid = new Set(errors.map((e) => e.line)).size;
  const newHouseholds = new Set(plan.inserts.map((r) => r.householdKey));
  const householdOf = new Map(plan.households.flatMap((h) => h.rows.map((r) => [r, h] as const)));
  return {
    rows: sheet.rows.length,
    valid: sheet.rows.length - invalid,
    invalid,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    newHouseholds: plan.households.filter((h) => h.existingId === null && newHouseholds.has(h.key)).length,
    joinedHouseholds: new Set(plan.inserts.map((r) => householdOf.get(r)).filter((h) => h && h.existingId !== null)).size,
    newResidents: plan.inserts.length,
    updatedResidents: plan.updates.length,
    newMemberships: plan.memberships.length,
  };
}

/*
 * Register import: upload (kept, headers and a masked preview back), check with a column mapping
 * (every row validated and placed, nothing written), and commit — all or nothing, in one
 * transaction, unless the importer explicitly excludes the bad rows.
 */

async function categoryNames(q: Queryable): Promise<CategoryNames> {
  const names: CategoryNames = new Map();
  for (const c of await q.query<{ code: string; nameZh: string; nameEn: string }>(sql.CATEGORY_NAMES)) {
    for (const n of [c.code, c.nameZh, c.nameEn]) names.set(n.toLowerCase(), c.code);
  }
  return names;
}

/**
 * Every row checked on its own, then across rows and against the register (reads only).
 * Every read goes through `q`: inside the commit's transaction, a read on `db` would wait
 * for that transaction forever on the embedded database's single connection.
 */
async function check(q: Queryable, viewer: Viewer, sheet: Sheet, mapping: Mapping) {
  const names = await categoryNames(q);
  const today = beijingToday();
  const parsed: ParsedRow[] = [];
  const errors: RowError[] = [];
  sheet.rows.forEach((row, i) => {
    const result = validateRow(row, i, mapping, names, today);
    if (result.ok) parsed.push(result.row);
    else errors.push(...result.errors);
  });
  const plan = await planImport(q, viewer.areaPath, parsed);
  const all = [...errors, ...plan.errors].sort((a, b) => a.line - b.line);
  return { plan, errors: all, report: report(sheet, plan, all) };
}

/** Forgets uploaded registers not committed within a day (they hold people's data and up to 32 MB). */
export async function pruneStaleImports(db: Queryable): Promise<void> {
  await db.query(sql.PURGE_STALE_IMPORTS);
}

/** Where a sheet holds a NUL character (a header counts as row 1), or null. */
function nulInSheet(sheet: Sheet): { zh: string; en: string } | null {
  const rows = [sheet.headers, ...sheet.rows.map((r) => r.cells)];
  for (const [i, cells] of rows.entries()) {
    const c = cells.findIndex((text) => text.includes('\u0000'));
    if (c >= 0) return { zh: `第 ${i + 1} 行第 ${c + 1} 列`, en: `Row ${i + 1}, column ${c + 1},` };
  }
  return null;
}

/** An upload of the viewer's own, not yet committed, read back into rows; 404 otherwise. */
export async function loadImport(db: Db, viewer: Viewer, id: number): Promise<LoadedImport> {
  const [row] = await db.query<{ fileName: string; format: 'csv' | 'xlsx'; bytes: Uint8Array }>(sql.SELECT_IMPORT, [id, viewer.userId]);
  if (!row) throw new AppError(404, 'import_not_found');
  return { id, fileName: row.fileName, sheet: await readSheet(row.bytes, row.format) };
}

export async function uploadImport(db: Db, viewer: Viewer, fileName: string, bytes: Uint8Array, client: ClientInfo) {
  if (bytes.length === 0) throw new AppError(422, 'spreadsheet_empty');
  const format = sniffFormat(bytes);
  const sheet = await readSheet(bytes, format);
  refuseNulInFile(nulInSheet(sheet));
  await db.query(sql.PURGE_STALE_IMPORTS);
  const [row] = await db.query<{ id: number }>(sql.INSERT_IMPORT, [
    viewer.userId,
    viewer.areaCode,
    fileName,
    format,
    bytes,
    sheet.rows.length,
    JSON.stringify(sheet.headers),
  ]);
  await auditSuccess(db, viewer, client, 'people.import_upload', ['register_import', String(row!.id)], {
    fileName,
    format,
    rows: sheet.rows.length,
  });
  return {
    id: row!.id,
    fileName,
    format,
    rows: sheet.rows.length,
    headers: sheet.headers,
    preview: sheet.rows.slice(0, 3).map((r) => sheet.headers.map((_h, i) => maskCell(r.cells[i] ?? ''))),
    fields: IMPORT_FIELDS,
    suggested: suggestMapping(sheet.headers),
  };
}

/**
 * Checks without writing. Audited: the report says which ID numbers are already registered
 * (in another household, somewhere), so checking is itself a read of the register.
 */
export async function checkImport(db: Db, viewer: Viewer, { id, sheet, fileName }: LoadedImport, mapping: Mapping, client: ClientInfo) {
  const { report: rep } = await check(db, viewer, sheet, mapping);
  await auditSuccess(db, viewer, client, 'people.import_check', ['register_import', String(id)], {
    fileName,
    rows: rep.rows,
    invalid: rep.invalid,
    updatedResidents: rep.updatedResidents,
  });
  return rep;
}

/** Commits an upload with a mapping; a refused commit is audited as a failure. */
export async function commitImport(
  db: Db,
  viewer: Viewer,
  upload: LoadedImport,
  mapping: Mapping,
  excludeInvalid: boolean,
  client: ClientInfo,
) {
  try {
    return await commitChecked(db, viewer, upload, mapping, excludeInvalid, client);
  } catch (e) {
    // A refused commit wrote nothing (its transaction rolled back), but the attempt is kept.
    if (e instanceof AppError && e.status === 422) {
      await recordAudit(db, {
        action: 'people.import',
        outcome: 'failure',
        viewer,
        objectType: 'register_import',
        objectId: String(upload.id),
        ip: client.ip,
        detail: { fileName: upload.fileName, code: e.code },
      });
    }
    throw e;
  }
}

/** The commit proper: checked again under the lock, written in one transaction. */
async function commitChecked(
  db: Db,
  viewer: Viewer,
  { id, sheet, fileName }: LoadedImport,
  mapping: Mapping,
  excludeInvalid: boolean,
  client: ClientInfo,
) {
  return db.transaction(async (tx) => {
    await tx.exec(sql.LOCK_REGISTERS);
    const { plan, errors, report: rep } = await check(tx, viewer, sheet, mapping);
    if (errors.length > 0 && !excludeInvalid) {
      throw Object.assign(new AppError(422, 'import_has_errors', { invalid: rep.invalid }), { extra: { report: rep } });
    }
    if (plan.inserts.length + plan.updates.length === 0)
      throw Object.assign(new AppError(422, 'import_nothing'), { extra: { report: rep } });
    await write(tx, plan, id);
    const result = { ...rep, excluded: excludeInvalid ? rep.invalid : 0, errors: undefined };
    await tx.query(sql.MARK_COMMITTED, [id, JSON.stringify(result)]);
    await recordAudit(tx, {
      action: 'people.import',
      outcome: 'success',
      viewer,
      objectType: 'register_import',
      objectId: String(id),
      ip: client.ip,
      detail: {
        fileName,
        rows: rep.rows,
        excluded: result.excluded,
        newHouseholds: rep.newHouseholds,
        newResidents: rep.newResidents,
        updatedResidents: rep.updatedResidents,
        newMemberships: rep.newMemberships,
      },
    });
    return result;
  });
}

/** Writes a plan: numbers new households and residents after the highest in use (the table lock makes that safe). */
async function write(tx: Queryable, plan: ImportPlan, importId: number): Promise<void> {
  const [next] = await tx.query<{ households: number; residents: number }>(sql.NEXT_IDS);
  let householdId = next!.households;
  let residentId = next!.residents;
  const inserted = new Set(plan.inserts);
  const newHouseholds: object[] = [];
  const grown: { id: number; added: number }[] = [];
  const householdIdOf = new Map<ParsedRow, number>();
  for (const h of plan.households) {
    const added = h.rows.filter((r) => inserted.has(r));
    if (added.length === 0) continue;
    let id = h.existingId;
    if (id === null) {
      id = ++householdId;
      const first = h.rows[0]!;
      newHouseholds.push({
        id,
        buildingId: h.buildingId,
        gridCode: h.gridCode,
        address: h.address ?? `经纬度 ${h.pointLon.toFixed(5)},${h.pointLat.toFixed(5)}`,
        unit: first.unit ?? 1,
        floor: first.floor ?? 1,
        size: added.length,
        lon: h.pointLon,
        lat: h.pointLat,
        tenure: first.tenure,
      });
    } else grown.push({ id, added: added.length });
    for (const r of added) householdIdOf.set(r, id);
  }
  const residentIdOf = new Map<ParsedRow, number>(plan.updates.map((u) => [u.row, u.id]));
  const residents = plan.inserts.map((r) => {
    const id = ++residentId;
    residentIdOf.set(r, id);
    return {
      id,
      householdId: householdIdOf.get(r)!,
      gender: r.gender,
      birthDate: r.birthDate,
      name: r.name,
      idNumber: r.idNumber,
      phone: r.phone,
      hukou: r.hukou,
    };
  });
  const slices = async (rows: object[], statement: string, ...more: unknown[]) => {
    for (let i = 0; i < rows.length; i += WRITE_SLICE) await tx.query(statement, [JSON.stringify(rows.slice(i, i + WRITE_SLICE)), ...more]);
  };
  await slices(newHouseholds, sql.INSERT_HOUSEHOLDS, importId);
  await slices(grown, sql.GROW_HOUSEHOLDS);
  await slices(residents, sql.INSERT_RESIDENTS, importId);
  await slices(
    plan.updates.map((u) => ({ id: u.id, name: u.row.name, phone: u.row.phone, hukou: u.row.hukou })),
    sql.UPDATE_RESIDENTS,
  );
  await slices(
    plan.memberships.map((m) => ({ residentId: residentIdOf.get(m.row)!, category: m.category, since: m.row.keyGroupSince })),
    sql.INSERT_MEMBERSHIPS,
  );
}
