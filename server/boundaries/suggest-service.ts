import type { z } from 'zod';
import { auditSuccess } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import * as csSql from './change-sets-sql.ts';
import { getChangeSet } from './change-sets-service.ts';
import { planSplit } from './split-plan.ts';
import * as sql from './suggest-sql.ts';
import { type ChangeSet, type suggestBody } from './boundaries-contract.ts';

/** Chinese numerals for the parts' names. */
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八'];

/**
 * Proposes splitting an overloaded cell (households per worker above the configured standard) into
 * k parts of balanced households along its streets, as a draft the operator adjusts and publishes.
 * k is what brings each part under the standard (or what the operator asks for).
 */
export async function suggestSplit(db: Db, viewer: Viewer, code: string, body: z.infer<typeof suggestBody>): Promise<ChangeSet> {
  return db.transaction(async (tx) => {
    const [cell] = await tx.query<{
      code: string;
      name: string;
      level: string;
      parentCode: string;
      version: number;
      hasChildren: boolean;
      households: number;
      workers: number;
      standard: number;
    }>(sql.CELL_LOAD, [code, viewer.areaPath]);
    if (!cell) throw new AppError(404, 'grid_not_found', { code });
    const [leaf] = await tx.query<{ key: string }>(csSql.LEAF_LEVEL);
    if (cell.level !== leaf!.key || cell.hasChildren) throw new AppError(422, 'not_editable_level', { code, level: cell.level });
    const perWorker = cell.households / Math.max(1, cell.workers);
    if (!body.parts && perWorker <= cell.standard)
      throw new AppError(422, 'not_overloaded', { code, perWorker: Math.round(perWorker), standard: cell.standard });
    const k = body.parts ?? Math.min(8, Math.max(2, Math.ceil(perWorker / cell.standard)));
    const blocks = await tx.query<{ id: number; households: number; x: number; y: number }>(sql.BLOCKS_OF_CELL, [code]);
    if (blocks.length < k) throw new AppError(422, 'no_blocks_to_split', { code, blocks: blocks.length, parts: k });
    const neighbours = (await tx.query<{ a: number; b: number }>(sql.BLOCK_NEIGHBOURS, [code, 40])).map((n): [number, number] => [
      n.a,
      n.b,
    ]);
    const groups = planSplit(blocks, neighbours, k);
    const householdsOf = (ids: number[]) => ids.reduce((n, id) => n + blocks.find((b) => b.id === id)!.households, 0);
    // The group with the most households keeps the cell's code (and its staff); the others are new cells.
    const keep = groups.map((g, i) => [i, householdsOf(g)] as const).sort((a, b) => b[1] - a[1])[0]![0];
    const assignment = groups.flatMap((ids, group) => ids.map((id) => ({ id, group })));
    const parts = await tx.query<{ grp: number; geometry: string }>(sql.PARTS_FROM_GROUPS, [
      code,
      JSON.stringify(assignment),
      0.0001,
      keep,
    ]);
    if (parts.length !== groups.length) throw new AppError(422, 'split_failed');
    const [cs] = await tx.query<{ id: number }>(csSql.INSERT_CHANGE_SET, [
      viewer.areaCode,
      `拆分建议：${cell.name} → ${groups.length} 个网格（约 ${Math.round(cell.households / groups.length)} 户/格）`,
      viewer.userId,
    ]);
    const taken = new Set((await tx.query<{ code: string }>(sql.TAKEN_CODES, [cell.parentCode])).map((r) => r.code));
    let n = 0;
    for (const part of parts) {
      if (part.grp === keep) {
        await tx.query(csSql.UPSERT_DRAFT_CELL, [
          cs!.id,
          code,
          'update',
          `${cell.name}（${NUMERALS[0]}）`,
          leaf!.key,
          cell.parentCode,
          cell.version,
          part.geometry,
        ]);
        continue;
      }
      let next = 1;
      while (taken.has(`${cell.parentCode}${String(next).padStart(3, '0')}`)) next++;
      const newCode = `${cell.parentCode}${String(next).padStart(3, '0')}`;
      taken.add(newCode);
      n++;
      await tx.query(csSql.UPSERT_DRAFT_CELL, [
        cs!.id,
        newCode,
        'create',
        `${cell.name}（${NUMERALS[n] ?? n + 1}）`,
        leaf!.key,
        cell.parentCode,
        null,
        part.geometry,
      ]);
    }
    await auditSuccess(tx, viewer, null, 'boundary.suggest_split', ['change_set', String(cs!.id)], {
      code,
      parts: groups.length,
      households: cell.households,
      workers: cell.workers,
      standard: cell.standard,
    });
    return getChangeSet(tx, viewer, cs!.id);
  });
}
