import { type z } from 'zod';
import { auditSuccess, recordAudit } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { Db, Queryable } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import * as sql from './change-sets-sql.ts';
import { computeImpact } from './impact.ts';
import { assertValidShapes, checkRelations, readProposedCell, type ProposedRecord } from './validate-service.ts';
import {
  AREA_TOLERANCE_M2,
  type ChangeSet,
  type ChangeSetReport,
  type ChangeSetSummary,
  type DraftCell,
  type EditorArea,
  type Impact,
  SLIVER_M2,
  type cellBody,
  type createBody,
} from './boundaries-contract.ts';

/** The entity tag of a cell at a version (`new` for a cell the draft creates). */
const cellTag = (code: string, version: number | null) => `"${code}@${version ?? 'new'}"`;

/** The If-Match value of a draft: one tag per cell, in code order. */
export const draftTags = (cells: Pick<DraftCell, 'code' | 'baseVersion'>[]) =>
  cells
    .map((c) => cellTag(c.code, c.baseVersion))
    .sort()
    .join(', ');

export async function listChangeSets(
  db: Queryable,
  viewer: Viewer,
  status: ChangeSetSummary['status'] | null,
): Promise<ChangeSetSummary[]> {
  return db.query<ChangeSetSummary>(sql.LIST_CHANGE_SETS, [viewer.areaPath, status]);
}

export async function createChangeSet(db: Db, viewer: Viewer, body: z.infer<typeof createBody>): Promise<ChangeSet> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(sql.INSERT_CHANGE_SET, [viewer.areaCode, body.title, viewer.userId]);
    await auditSuccess(tx, viewer, null, 'boundary.draft', ['change_set', String(row!.id)], { title: body.title });
    return getChangeSet(tx, viewer, row!.id);
  });
}

export async function getChangeSet(db: Queryable, viewer: Viewer, id: number): Promise<ChangeSet> {
  const [summary] = await db.query<ChangeSetSummary & { impact: Impact | null }>(sql.GET_CHANGE_SET, [viewer.areaPath, id]);
  if (!summary) throw new AppError(404, 'change_set_not_found', { id });
  const cells = await db.query<DraftCell>(sql.CHANGE_SET_CELLS, [id]);
  return { ...summary, cells, ifMatch: draftTags(cells) };
}

/** Locks a draft of the viewer's area for a change; published and discarded sets are history (409). */
export async function lockDraft(db: Queryable, viewer: Viewer, id: number) {
  const [cs] = await db.query<{ id: number; status: string; areaCode: string; areaPath: string }>(sql.LOCK_CHANGE_SET, [
    viewer.areaPath,
    id,
  ]);
  if (!cs) throw new AppError(404, 'change_set_not_found', { id });
  if (cs.status !== 'draft') throw new AppError(409, 'change_set_closed', { id, status: cs.status });
  return cs;
}

/**
 * Puts one cell's new shape (or its creation or deletion) into a draft. The shape is read strictly
 * and checked by PostGIS: an invalid shape is refused (422) and never stored. Relations to
 * siblings (gaps, overlaps) are the report's business: a draft may hold a half-finished edit.
 */
export async function putDraftCell(db: Db, viewer: Viewer, id: number, code: string, body: z.infer<typeof cellBody>): Promise<DraftCell> {
  return db.transaction(async (tx) => {
    const cs = await lockDraft(tx, viewer, id);
    const drafted = (await tx.query<DraftCell>(sql.CHANGE_SET_CELLS, [id])).find((c) => c.code === code);
    const [found] = await tx.query<{
      code: string;
      name: string;
      level: string;
      parentCode: string | null;
      version: number;
      hasChildren: boolean;
    }>(sql.CELL_FOR_DRAFT, [code, cs.areaPath]);
    // A cell the draft itself creates stays a creation however often it is redrawn.
    const action = drafted?.action === 'create' && body.action === 'update' ? 'create' : body.action;
    if (drafted?.action === 'create' && action === 'delete') {
      await tx.query(sql.DELETE_DRAFT_CELL, [id, code]);
      await tx.query(sql.TOUCH_CHANGE_SET, [id]);
      return { ...drafted, action: 'delete', geometry: null };
    }
    const [leaf] = await tx.query<{ key: string }>(sql.LEAF_LEVEL);
    const parentCode = found?.parentCode ?? code.slice(0, -3);
    if (found && (found.level !== leaf!.key || found.hasChildren))
      throw new AppError(422, 'not_editable_level', { code, level: found.level });
    if (!found && action !== 'create') throw new AppError(404, 'grid_not_found', { code });
    // A new cell's parent must be a cell of the area whose children are at the leaf level.
    if (!found) {
      const [parent] = await tx.query<{ code: string; level: string }>(sql.CELL_FOR_DRAFT, [parentCode, cs.areaPath]);
      if (!parent) throw new AppError(422, 'code_not_under_parent', { code, parent: parentCode });
    }
    const { record } = readProposedCell({ code, ...body, action }, drafted?.action === 'create' ? undefined : found, parentCode);
    await assertValidShapes(tx, [record]);
    const name = body.name ?? drafted?.name ?? found?.name;
    if (!name)
      throw new AppError(
        400,
        'invalid_parameter',
        { param: 'name', reason: '新网格须有名称', reasonEn: 'a new cell needs a name' },
        'name',
      );
    await tx.query(sql.UPSERT_DRAFT_CELL, [
      id,
      code,
      action,
      name,
      found?.level ?? leaf!.key,
      parentCode,
      action === 'create' ? null : (drafted?.baseVersion ?? found!.version),
      record.geometry,
    ]);
    await tx.query(sql.TOUCH_CHANGE_SET, [id]);
    return (await tx.query<DraftCell>(sql.CHANGE_SET_CELLS, [id])).find((c) => c.code === code)!;
  });
}

/** Takes a cell out of a draft (its edit is dropped; the cell stays as published). */
export async function removeDraftCell(db: Db, viewer: Viewer, id: number, code: string): Promise<void> {
  return db.transaction(async (tx) => {
    await lockDraft(tx, viewer, id);
    const removed = await tx.query(sql.DELETE_DRAFT_CELL, [id, code]);
    if (removed.length === 0) throw new AppError(404, 'grid_not_found', { code });
    await tx.query(sql.TOUCH_CHANGE_SET, [id]);
  });
}

export async function discardChangeSet(db: Db, viewer: Viewer, id: number): Promise<void> {
  return db.transaction(async (tx) => {
    await lockDraft(tx, viewer, id);
    await tx.query(sql.DISCARD_CHANGE_SET, [id]);
    await recordAudit(tx, { action: 'boundary.discard', outcome: 'success', viewer, objectType: 'change_set', objectId: String(id) });
  });
}

/** The drafted cells grouped by parent, as the checks take them. */
async function recordsByParent(db: Queryable, id: number): Promise<Map<string, ProposedRecord[]>> {
  const rows = await db.query<ProposedRecord & { parentCode: string }>(sql.CHANGE_SET_RECORDS, [id]);
  const byParent = new Map<string, ProposedRecord[]>();
  for (const { parentCode, ...record } of rows) byParent.set(parentCode, [...(byParent.get(parentCode) ?? []), record]);
  return byParent;
}

/** Checks every parent the draft touches against the cells as they are now, and what it would move. */
export async function reportChangeSet(db: Db, viewer: Viewer, id: number): Promise<ChangeSetReport> {
  return db.transaction(async (tx) => {
    const [summary] = await tx.query<ChangeSetSummary>(sql.GET_CHANGE_SET, [viewer.areaPath, id]);
    if (!summary) throw new AppError(404, 'change_set_not_found', { id });
    return checkChangeSet(tx, id);
  });
}

/** The report of a change set whose access has been checked. */
async function checkChangeSet(db: Queryable, id: number): Promise<ChangeSetReport> {
  return { ...(await checkParents(db, id)), impact: await computeImpact(db, id) };
}

/** The relation checks of every parent a change set touches. */
export async function checkParents(db: Queryable, id: number): Promise<Omit<ChangeSetReport, 'impact'>> {
  const parents: ChangeSetReport['parents'] = [];
  for (const [parentCode, records] of await recordsByParent(db, id)) {
    const { tolerances: _, ...checks } = await checkRelations(db, parentCode, records);
    parents.push({ parentCode, ...checks });
  }
  const valid = parents.every((p) => p.valid);
  return {
    parents,
    tolerances: { areaM2: AREA_TOLERANCE_M2, sliverM2: SLIVER_M2 },
    valid,
    complete: valid && parents.every((p) => p.complete),
    householdsInGaps: parents.reduce((n, p) => n + p.householdsInGaps, 0),
  };
}

export async function editorArea(db: Queryable, viewer: Viewer, code: string): Promise<EditorArea> {
  const [parent] = await db.query<EditorArea['parent']>(sql.EDITOR_PARENT, [code, viewer.areaPath]);
  if (!parent) throw new AppError(404, 'grid_not_found', { code });
  return { parent, cells: await db.query<EditorArea['cells'][number]>(sql.EDITOR_CHILDREN, [code]) };
}

/** The parents whose children the viewer may redraw. */
export const editorParents = (db: Queryable, viewer: Viewer) =>
  db.query<{ code: string; name: string; level: string; cells: number }>(sql.EDITOR_PARENTS, [viewer.areaPath]);
