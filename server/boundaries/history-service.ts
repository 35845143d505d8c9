import { auditSuccess } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import * as csSql from './change-sets-sql.ts';
import { getChangeSet } from './change-sets-service.ts';
import * as sql from './history-sql.ts';
import { type CellDiff, type CellVersion, type ChangeSet, type TimelineEntry } from './boundaries-contract.ts';

/** A cell's parent, when the viewer may see it (its history is visible where the parent is); else 404. */
async function visibleParentOf(db: Queryable, viewer: Viewer, code: string): Promise<string> {
  const [latest] = await db.query<{ code: string; parentCode: string | null }>(sql.LATEST_VERSION, [code]);
  const [parent] = latest?.parentCode ? await db.query(sql.PARENT_VISIBLE, [latest.parentCode, viewer.areaPath]) : [];
  if (!latest?.parentCode || !parent) throw new AppError(404, 'grid_not_found', { code });
  return latest.parentCode;
}

export async function cellVersions(db: Queryable, viewer: Viewer, code: string): Promise<CellVersion[]> {
  await visibleParentOf(db, viewer, code);
  return db.query<CellVersion>(sql.CELL_VERSIONS, [code]);
}

export async function areaTimeline(db: Queryable, viewer: Viewer, parentCode: string): Promise<TimelineEntry[]> {
  const [parent] = await db.query(sql.PARENT_VISIBLE, [parentCode, viewer.areaPath]);
  if (!parent) throw new AppError(404, 'grid_not_found', { code: parentCode });
  return db.query<TimelineEntry>(sql.AREA_TIMELINE, [parentCode, 100]);
}

export async function changeSetDiff(db: Queryable, viewer: Viewer, parentCode: string, changeSetId: number): Promise<CellDiff[]> {
  const [parent] = await db.query(sql.PARENT_VISIBLE, [parentCode, viewer.areaPath]);
  if (!parent) throw new AppError(404, 'grid_not_found', { code: parentCode });
  const rows = await db.query<CellDiff>(sql.CHANGE_SET_DIFF, [changeSetId, parentCode]);
  if (rows.length === 0) throw new AppError(404, 'change_set_not_found', { id: changeSetId });
  return rows;
}

/**
 * Rolling back is an edit like any other: it opens a draft that restores the cells under the
 * version's parent as they stood when that version was published (cells changed since get their
 * shapes back, cells created since are deleted, cells deleted since return). The operator reviews
 * its checks and impact and publishes it, which makes new versions; history is never rewritten.
 */
export async function rollbackDraft(db: Db, viewer: Viewer, code: string, version: number): Promise<ChangeSet> {
  return db.transaction(async (tx) => {
    const parentCode = await visibleParentOf(tx, viewer, code);
    const [target] = await tx.query<{ deleted: boolean }>(sql.ONE_VERSION, [code, version]);
    if (!target || target.deleted) throw new AppError(404, 'version_not_found', { code, version });
    const plan = await tx.query<{ code: string; action: 'create' | 'update' | 'delete'; name: string; geometry: string | null }>(
      sql.RESTORE_PLAN,
      [parentCode, code, version],
    );
    if (plan.length === 0) throw new AppError(409, 'nothing_to_roll_back', { code, version });
    const [leaf] = await tx.query<{ key: string }>(csSql.LEAF_LEVEL);
    const current = new Map(
      (await tx.query<{ code: string; version: number }>(csSql.CELLS_VERSIONS, [plan.map((p) => p.code)])).map((c) => [c.code, c.version]),
    );
    const [cs] = await tx.query<{ id: number }>(csSql.INSERT_CHANGE_SET, [
      viewer.areaCode,
      `回滚 ${code} 至第 ${version} 版 / roll back ${code} to version ${version}`,
      viewer.userId,
    ]);
    for (const p of plan)
      await tx.query(csSql.UPSERT_DRAFT_CELL, [
        cs!.id,
        p.code,
        p.action,
        p.name,
        leaf!.key,
        parentCode,
        p.action === 'create' ? null : current.get(p.code),
        p.geometry,
      ]);
    await auditSuccess(tx, viewer, null, 'boundary.rollback_draft', ['change_set', String(cs!.id)], { code, version, cells: plan.length });
    return getChangeSet(tx, viewer, cs!.id);
  });
}
