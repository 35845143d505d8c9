import type { MultiPolygon } from 'geojson';
import type { z } from 'zod';
import { auditSuccess } from '../audit/audit.ts';
import type { Viewer } from '../auth/scope.ts';
import type { Db } from '../db/db.ts';
import { AppError } from '../http/app-error.ts';
import * as csSql from './change-sets-sql.ts';
import { checkParents, draftTags, lockDraft } from './change-sets-service.ts';
import { AREAS_IN_USE } from './impact-sql.ts';
import { computeMoves, summariseImpact } from './impact.ts';
import { announce } from '../realtime/outbox.ts';
import * as sql from './publish-sql.ts';
import { type DraftCell, type PublishResult, type publishBody, type StaleCell } from './boundaries-contract.ts';

/** The entity tags of an If-Match header, normalised (weak prefixes and spacing dropped). */
function parseIfMatch(header: string): string[] {
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).map((t) => t.replace(/^W\//, '')).sort();
}

/**
 * Publishes a draft in one transaction: checks the versions it was drawn on (If-Match; 428 without,
 * 412 naming stale cells with their current shapes), checks the cells again against the siblings
 * as they are now, then writes the shapes, moves households, blocks, open incidents and staff,
 * closes the old versions and writes the new ones, and queues the redraw for every dashboard.
 */
export async function publishChangeSet(
  db: Db,
  viewer: Viewer,
  id: number,
  ifMatch: string | undefined,
  body: z.infer<typeof publishBody>,
): Promise<PublishResult> {
  return db.transaction(async (tx) => {
    await lockDraft(tx, viewer, id);
    // An empty draft (a re-import that changed nothing) has no versions to match: say so first.
    const drafted = await tx.query<DraftCell>(csSql.CHANGE_SET_CELLS, [id]);
    if (drafted.length === 0) throw new AppError(422, 'change_set_empty', { id });
    if (!ifMatch || ifMatch.trim() === '*') throw new AppError(428, 'precondition_required');
    const parents = [...new Set(drafted.map((c) => c.parentCode))];
    await tx.query(sql.LOCK_CELLS, [[...parents, ...drafted.map((c) => c.code)]]);
    // Read again under the locks: a publish that got in first has committed by now.
    const cells = await tx.query<DraftCell>(csSql.CHANGE_SET_CELLS, [id]);
    const stale = cells.filter((c) => (c.action === 'create' ? c.currentVersion !== null : c.currentVersion !== c.baseVersion));
    if (stale.length > 0) {
      const err = new AppError(412, 'stale_boundary', { codes: stale.map((c) => c.code).join(', ') });
      err.extra = {
        stale: stale.map((c): StaleCell => ({
          code: c.code,
          baseVersion: c.baseVersion,
          currentVersion: c.currentVersion,
          currentGeometry: c.currentGeometry as MultiPolygon | null,
        })),
      };
      throw err;
    }
    const expected = draftTags(cells);
    if (parseIfMatch(ifMatch).join(', ') !== expected) {
      const err = new AppError(412, 'if_match_mismatch', { id });
      err.extra = { ifMatch: expected };
      throw err;
    }
    const checks = await checkParents(tx, id);
    const refuse = (status: number, code: 'change_set_invalid' | 'households_in_gaps' | 'gaps_not_accepted', n = 0) => {
      const err = new AppError(status, code, { n });
      err.extra = { parents: checks.parents };
      return err;
    };
    if (!checks.valid) throw refuse(422, 'change_set_invalid');
    if (checks.householdsInGaps > 0) throw refuse(422, 'households_in_gaps', checks.householdsInGaps);
    if (!checks.complete && !body.acceptGaps) throw refuse(422, 'gaps_not_accepted');
    const moves = await computeMoves(tx, id);
    const orphan = moves.heirs.find((h) => !h.heir);
    if (orphan) throw new AppError(422, 'delete_without_heir', { code: orphan.code });
    const inUse = await tx.query<{ code: string; kind: string; n: number }>(AREAS_IN_USE, [moves.heirs.map((h) => h.code)]);
    if (inUse.length > 0) throw new AppError(409, 'cell_in_use', { code: inUse[0]!.code, n: inUse[0]!.n, kind: inUse[0]!.kind });
    const impact = summariseImpact(moves);

    const placed = <T extends { toCode: string | null }>(rows: T[]) => JSON.stringify(rows.filter((r) => r.toCode !== null));
    await tx.query(sql.INSERT_CREATED_CELLS, [id]);
    await tx.query(sql.CLOSE_VERSIONS, [id]);
    await tx.query(sql.UPDATE_CHANGED_CELLS, [id]);
    await tx.query(sql.MOVE_HOUSEHOLDS, [placed(moves.households)]);
    await tx.query(sql.MOVE_BLOCKS, [placed(moves.blocks)]);
    const incidentMoves = placed(moves.incidents);
    await tx.query(sql.MOVE_INCIDENTS, [incidentMoves]);
    await tx.query(sql.INCIDENT_MOVE_EVENTS, [incidentMoves, viewer.userId, viewer.displayName, id]);
    const openMoved = moves.incidents.filter((i) => i.toCode !== null && i.status !== 'closed').map((i) => i.id);
    await announce(tx, { topic: 'incident.changed', incidentIds: openMoved });
    await tx.query(sql.HAND_OVER, [JSON.stringify(moves.heirs)]);
    await tx.query(sql.LIFT_AREAS, [id]);
    await tx.query(sql.INSERT_DELETED_VERSIONS, [id, viewer.userId, body.reason]);
    await tx.query(sql.DELETE_ASSIGNMENTS, [id]);
    await tx.query(sql.DELETE_CELLS, [id]);
    await tx.query(sql.INSERT_NEW_VERSIONS, [id, viewer.userId, body.reason]);
    await tx.query(sql.MARK_PUBLISHED, [id, viewer.userId, body.reason, body.acceptGaps ?? null, JSON.stringify(impact)]);
    await announce(tx, { topic: 'boundary.published', changeSetId: id });
    await auditSuccess(tx, viewer, null, 'boundary.publish', ['change_set', String(id)], {
      cells: cells.map((c) => `${c.action}:${c.code}`).join(' '),
      ...impact.totals,
      gapsAccepted: body.acceptGaps ?? '',
    });
    const versions = await tx.query<{ code: string; version: number }>(sql.VERSIONS_OF_CHANGE_SET, [id]);
    const action = new Map(cells.map((c) => [c.code, c.action]));
    return { id, versions: versions.map((v) => ({ ...v, action: action.get(v.code)! })), impact };
  });
}
